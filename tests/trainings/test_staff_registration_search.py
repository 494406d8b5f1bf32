"""Staff registrations: a search term never goes into a URL. The search form POSTs, the term
waits in the session (per training) and the results page is reached by a GET that carries
only ``cari=1`` and the filters; a GET that still carries ``q`` is refused.

The world (tests/personas.py): Dinsos PMD Barito Utara organises ``barut_training``; its
supervisor and the Kalteng province read it; Kapuas is an outsider.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import RegistrationFactory, TrainingFactory
from tests.html import messages_of, texts
from tests.registrations import nik
from trainings.models import Registration

pytestmark = pytest.mark.django_db


def list_url(training) -> str:
    return reverse("staff:registrations", kwargs={"pk": training.pk})


def search_url(training) -> str:
    return reverse("staff:registrations_search", kwargs={"pk": training.pk})


def person(training, n: int, *, name: str = "", status="confirmed") -> Registration:
    return RegistrationFactory(
        training=training,
        participant__full_name=name or f"Warga {n}",
        participant__nik=nik(n),
        phone=f"+62812000{n:05d}",
        status=status,
    )


class _Addresses(HTMLParser):
    """Every address a page sends the browser to: links, form actions, ``next`` fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "action", "src"):
            if attributes.get(name):
                self.found.append(attributes[name])
        if tag == "input" and attributes.get("name") == "next":
            self.found.append(attributes.get("value") or "")


def addresses(response) -> list[str]:
    parser = _Addresses()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def training(world):
    training = world.barut_training
    for n in range(1, 5):
        person(training, n, status="pending" if n % 2 else "confirmed")
    return training


@pytest.mark.parametrize(
    ("term", "found"),
    [
        (nik(3), ["Warga 3"]),
        ("0812-0000-0004", ["Warga 4"]),  # a phone number as typed nationally
        ("warga", ["Warga 1", "Warga 2", "Warga 3", "Warga 4"]),
    ],
)
def test_search_is_posted_and_shown_by_a_get_that_carries_no_term(
    client, world, training, term, found
):
    client.force_login(world.barut_staff)

    posted = client.post(search_url(training), {"q": term})
    shown = client.get(posted["Location"])

    assert (posted.status_code, posted["Location"]) == (303, f"{list_url(training)}?cari=1")
    assert texts(shown, "pilar-name") == found
    assert shown.context["form"]["q"].value() == term  # the box shows what was searched


def test_no_address_on_the_results_page_carries_the_nik_or_the_phone(client, world, training):
    client.force_login(world.barut_staff)
    digits = {nik(3), "+6281200000003", "081200000003", "6281200000003"}

    by_nik = client.post(search_url(training), {"q": nik(3)}, follow=True)
    by_phone = client.post(search_url(training), {"q": "081200000003"}, follow=True)

    for response in (by_nik, by_phone):
        assert texts(response, "pilar-name") == ["Warga 3"]
        assert response.redirect_chain == [(f"{list_url(training)}?cari=1", 303)]
        found = addresses(response)
        assert f"{list_url(training)}?cari=1" in found  # the forms' way back
        assert [address for address in found if any(d in address for d in digits)] == []
        assert [address for address in found if re.search(r"[0-9]{10,}", address)] == []


def test_search_keeps_the_filters_in_the_address_and_the_term_out(client, world, training):
    client.force_login(world.barut_staff)

    response = client.post(
        search_url(training),
        {"q": "warga", "status": "pending", "role": "nonsense", "contact": "on"},
    )

    assert response["Location"] == f"{list_url(training)}?cari=1&status=pending&contact=on"
    Registration.objects.filter(status="pending").update(phone="")  # no contact differs now
    assert texts(client.get(response["Location"]), "pilar-name") == []
    shown = client.get(f"{list_url(training)}?cari=1&status=pending")
    assert texts(shown, "pilar-name") == ["Warga 1", "Warga 3"]


def test_filters_alone_need_no_search_marker(client, world, training):
    client.force_login(world.barut_staff)

    response = client.post(search_url(training), {"q": "  ", "status": "confirmed"}, follow=True)

    assert response.redirect_chain == [(f"{list_url(training)}?status=confirmed", 303)]
    assert texts(response, "pilar-name") == ["Warga 2", "Warga 4"]
    assert client.session.get("pilar_searches", {}) == {}


def test_pages_of_results_keep_the_search(client, world):
    training = world.barut_training
    for n in range(1, 56):
        person(training, n)
    person(training, 99, name="Budi")
    client.force_login(world.barut_staff)

    first = client.post(search_url(training), {"q": "warga"}, follow=True)
    second = client.get(f"{list_url(training)}?cari=1&page=2")

    assert (first.context["page"].paginator.count, len(texts(first, "pilar-name"))) == (55, 50)
    assert "?cari=1&amp;page=2" in first.content.decode()
    assert texts(second, "pilar-name") == [f"Warga {n}" for n in range(51, 56)]


def test_each_training_keeps_its_own_search(client, world, training, roles):
    other = TrainingFactory(organizer=world.barut, slug="pelatihan-lain")
    RegistrationFactory(training=other, participant__full_name="Warga Lain", status="confirmed")
    client.force_login(world.barut_staff)
    client.post(search_url(training), {"q": nik(2)})
    client.post(search_url(other), {"q": "lain"})

    here = client.get(f"{list_url(training)}?cari=1")
    there = client.get(f"{list_url(other)}?cari=1")
    plain = client.get(list_url(training))

    assert texts(here, "pilar-name") == ["Warga 2"]
    assert texts(there, "pilar-name") == ["Warga Lain"]
    assert texts(plain, "pilar-name") == ["Warga 1", "Warga 2", "Warga 3", "Warga 4"]


@pytest.mark.parametrize(
    "term", [nik(3), "0812 0000 0003", "Warga 3"], ids=["nik", "phone", "name"]
)
def test_a_search_in_the_address_is_refused(client, world, training, term):
    client.force_login(world.barut_staff)

    response = client.get(list_url(training), {"q": term, "status": "pending"}, follow=True)

    assert response.redirect_chain == [(f"{list_url(training)}?status=pending", 303)]
    assert messages_of(response) == [
        "Pencarian tidak dibaca dari alamat halaman, agar NIK dan nomor HP tidak tersimpan di "
        "riwayat peramban. Ketik kata carinya di kotak pencarian."
    ]
    assert texts(response, "pilar-name") == ["Warga 1", "Warga 3"]  # the term was ignored
    assert response.context["form"]["q"].value() in (None, "")


def test_a_search_in_the_address_never_reads_the_remembered_term_either(client, world, training):
    client.force_login(world.barut_staff)
    client.post(search_url(training), {"q": nik(3)})

    response = client.get(list_url(training), {"q": nik(1), "cari": "1"}, follow=True)

    assert response.redirect_chain == [(f"{list_url(training)}?cari=1", 303)]
    assert texts(response, "pilar-name") == ["Warga 3"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("barut_supervisor", 303), ("kalteng_staff", 303), ("kapuas_staff", 404)],
)
def test_readers_may_search_and_outsiders_get_404(client, world, training, persona, status):
    client.force_login(getattr(world, persona))

    response = client.post(search_url(training), {"q": nik(3)})

    assert response.status_code == status
    assert client.session.get("pilar_searches", {}) == (
        {f"registrations:{training.pk}": nik(3)} if status == 303 else {}
    )


def test_search_needs_a_signed_in_user(client, training):
    response = client.post(search_url(training), {"q": nik(3)})

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/staff/login/")
