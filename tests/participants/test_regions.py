import pytest

from participants.models import Region
from participants.regions import load_regions


@pytest.mark.django_db
def test_load_regions_counts_match_the_official_list_and_rerun_changes_nothing(no_regions):
    first = load_regions()
    snapshot = list(Region.objects.order_by("code").values_list("code", "name", "parent", "kind"))

    second = load_regions()

    assert first.counts == {"province": 38, "regency": 514, "district": 7285}
    assert first.created == 38 + 514 + 7285
    assert second.counts == first.counts
    assert second.created == 0
    assert (
        list(Region.objects.order_by("code").values_list("code", "name", "parent", "kind"))
        == snapshot
    )


@pytest.mark.django_db
def test_load_regions_sets_zones_kinds_and_parents(no_regions):
    load_regions(provinces={"62", "63"})

    assert list(
        Region.objects.filter(code__in=["62", "63", "94"])
        .order_by("code")
        .values_list("code", "timezone")
    ) == [("62", "Asia/Jakarta"), ("63", "Asia/Makassar"), ("94", "Asia/Jayapura")]
    barito_utara = Region.objects.get(code="62.05")
    assert (barito_utara.name, barito_utara.kind, barito_utara.parent_id) == (
        "Kabupaten Barito Utara",
        "kabupaten",
        "62",
    )
    assert Region.objects.get(code="63.71").kind == "kota"
    assert Region.objects.get(code="62.05.05").name == "Teweh Tengah"
    assert Region.objects.filter(parent_id="62.05").count() == 9
    assert Region.objects.filter(level="regency", parent_id="63").count() == 13


@pytest.mark.django_db
def test_load_regions_with_villages_loads_kinds_from_the_code(no_regions):
    result = load_regions(villages=True, provinces={"62"})

    assert result.counts["village"] == Region.objects.filter(level="village").count()
    assert Region.objects.get(code="62.05.05.1014").name == "Melayu"
    assert Region.objects.get(code="62.05.05.1014").kind == "kelurahan"
    assert Region.objects.filter(level="village", code__startswith="63").count() == 0


@pytest.mark.django_db
def test_load_regions_command_reports_counts_and_progress(no_regions):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_regions", verbosity=2, stdout=out)
    lines = out.getvalue().splitlines()

    assert lines[:3] == ["  Provinsi: 38", "  Kabupaten/Kota: 514", "  Kecamatan: 5.000"]
    assert lines[3] == "  Kecamatan: 7.285"
    assert lines[4].startswith(
        "Wilayah dimuat: 38 provinsi, 514 kabupaten/kota, 7.285 kecamatan; 7837 baru; "
    )
