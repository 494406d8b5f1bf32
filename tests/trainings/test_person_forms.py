"""The person forms: the public registration form and the operator's new-person form share
their person fields, their checks and how they become the services' PersonDetails."""

from __future__ import annotations

import datetime
import re
from dataclasses import astuple
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.forms import NIK, SITI_BIRTH, SITI_NIK, new_person_post, registration_post
from trainings.forms import NewPersonForm, PersonForm, Placement, RegistrationForm
from trainings.models import Registration
from trainings.services import PersonDetails

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

PERSON_FIELDS = set(PersonForm.base_fields) - {"confirm_warnings"}


class _Controls(HTMLParser):
    """Every form control (name, type, autocomplete, inputmode, maxlength, required) and
    the text of every <label for=…>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, str | None]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **attrs})
        elif tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]
            self.labels[self._label_for] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] += data


def person_controls(response, prefix: str = "") -> list[tuple]:
    """The person fields of a page's form as a person meets them: field name (without the
    form's prefix), type, label, autocomplete, inputmode, maxlength, required."""
    parser = _Controls()
    parser.feed(response.content.decode())
    rows = []
    for control in parser.controls:
        name = (control.get("name") or "").removeprefix(prefix)
        if name not in PERSON_FIELDS:
            continue
        label = " ".join(parser.labels.get(control["id"], "").split())
        rows.append(
            (
                name,
                control.get("type", control["tag"]),
                label,
                control.get("autocomplete"),
                control.get("inputmode"),
                control.get("maxlength"),
                "required" in control,
            )
        )
    return rows


@pytest.fixture
def public_url(world):
    return reverse("trainings:register", kwargs={"slug": world.barut_training.slug})


@pytest.fixture
def staff_url(world):
    return reverse("staff:nomination_new", kwargs={"pk": world.kalsel_training.pk})


@pytest.fixture
def petugas_cell(world):
    return world.kalsel_training.quotas.get(
        region_id="63.03", role_group__name="Petugas Dinas Sosial"
    )


def test_both_forms_render_the_same_person_fields(client, world, public_url):
    public = client.get(public_url)
    client.force_login(world.banjar_operator)
    staff = client.get(reverse("staff:nominations", kwargs={"pk": world.kalsel_training.pk}))

    assert person_controls(staff, prefix="new-") == person_controls(public)
    assert person_controls(public) == [
        ("nik", "text", "NIK*", "off", "numeric", "16", True),
        ("full_name", "text", "Nama lengkap*", "name", None, "150", True),
        ("sex", "radio", "Laki-laki", None, None, None, True),
        ("sex", "radio", "Perempuan", None, None, None, True),
        ("birth_place", "text", "Tempat lahir*", None, None, "100", True),
        ("birth_date", "date", "Tanggal lahir*", None, None, None, True),
        ("phone", "tel", "Nomor HP*", "tel", "tel", "32", True),
        ("email", "email", "E-mail (tidak wajib)", "email", None, "254", False),
        ("organization_unit", "text", "Lembaga/unit kerja (tidak wajib)", None, None, "150", False),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u200b\u200c\u200d", "Nama harus memuat paling sedikit dua huruf."),
        ("Ani\u202eresu", "Nama memuat karakter pengatur arah tulisan yang tidak diperbolehkan."),
    ],
    ids=["zero-width-only", "right-to-left-override"],
)
def test_both_forms_refuse_an_invisible_or_reordering_name_with_the_same_message(
    client, world, roles, public_url, staff_url, petugas_cell, name, message
):
    public = client.post(public_url, registration_post(roles["tksk"], full_name=name))
    client.force_login(world.banjar_operator)
    staff = client.post(
        staff_url, new_person_post(petugas_cell, roles["petugas-dinsos"], full_name=name)
    )

    assert (public.status_code, public.context["form"].errors) == (200, {"full_name": [message]})
    assert (staff.status_code, staff.context["new_form"].errors) == (400, {"full_name": [message]})
    for response, field in [(public, "full_name"), (staff, "new-full_name")]:
        html = response.content.decode()
        control = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
        described_by = re.search(r'aria-describedby="([^"]*)"', control).group(1).split()
        assert ('aria-invalid="true"' in control, described_by[-1]) == (True, f"id_{field}_error")
        assert re.search(
            rf'<div id="id_{field}_error" class="invalid-feedback">\s*'
            rf'<p id="error_1_id_{field}"><strong>{re.escape(message)}</strong></p>',
            html,
        )
    assert Registration.objects.count() == 0


def test_the_staff_confirmation_counts_only_for_the_warnings_shown(
    client, world, roles, staff_url, petugas_cell
):
    client.force_login(world.banjar_operator)
    data = new_person_post(petugas_cell, roles["petugas-dinsos"], sex="L")
    shown = client.post(staff_url, data).context["new_form"].warnings_digest

    changed = client.post(
        staff_url,
        {**data, "new-birth_date": "1988-05-18", "new-confirm_warnings": "on",
         "new-warnings_digest": shown},
    )  # fmt: skip

    form = changed.context["new_form"]
    assert (changed.status_code, [warning.code for warning in form.nik_warnings]) == (
        400,
        ["birth_date", "sex"],
    )
    assert form.errors == {
        "confirm_warnings": [
            "Periksa kembali data yang disebut di atas. Jika sudah benar, centang "
            "«Data sudah benar» lalu kirim lagi."
        ]
    }
    assert 'name="new-warnings_digest"' in changed.content.decode()
    assert Participant.objects.count() == 0


def test_both_forms_give_the_services_the_same_kind_of_person(world, roles, petugas_cell):
    public = RegistrationForm(registration_post(roles["tksk"]), training=world.barut_training)
    placement = Placement(quota=petugas_cell, role=roles["petugas-dinsos"])
    staff = NewPersonForm(
        new_person_post(petugas_cell, roles["petugas-dinsos"]),
        regency=world.banjar.region,
        placements=[placement],
        replaceable=Registration.objects.none(),
    )

    assert (public.is_valid(), staff.is_valid()) == (True, True)
    # PersonDetails: nik, full_name, sex, birth_date, birth_place, phone, email,
    # home_region_id, organization_unit.
    assert [astuple(form.person_details()) for form in (public, staff)] == [
        (NIK, "Budi Santoso", "L", datetime.date(1985, 10, 23), "Muara Teweh", "+6281234567890",
         "budi@example.org", "62.05.05", "TKSK Teweh Tengah"),
        (SITI_NIK, "Siti Aminah", "P", SITI_BIRTH, "Martapura", "+6281355550001",
         "siti@example.org", "63.03.05", "Dinas Sosial Kabupaten Banjar"),
    ]  # fmt: skip
    assert isinstance(public.person_details(), PersonDetails)
