"""Bad input to the registration form: a form error, a 400 or a 403 — never a 500, nothing written."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OrganizationFactory, TrainingFactory
from tests.forms import registration_post, written
from trainings import ratelimit
from trainings.forms import RegistrationForm

pytestmark = [
    pytest.mark.django_db,
    # WhiteNoise warns that STATIC_ROOT does not exist; tests never collect static files.
]

TEXT_FIELDS = [*RegistrationForm.base_fields, "warnings_digest"]
FIELD_NAMES = [*TEXT_FIELDS, "situs_web", "_refresh", "csrfmiddlewaretoken"]


def _with(**changes):
    return lambda data, roles: {**data, **changes}


def _without(name):
    return lambda data, roles: {key: value for key, value in data.items() if key != name}


BAD_INPUTS = {
    "empty post": (lambda data, roles: {}, 200),
    "name of 10,000 characters": (_with(full_name="A" * 10_000), 200),
    **{
        f"{name} of 10,000 characters": (_with(**{name: "9" * 10_000}), 200)
        for name in TEXT_FIELDS
        if name not in ("consent", "confirm_warnings", "warnings_digest", "represented_province")
    },
    **{
        f"NUL byte in {name}": (_with(**{name: "62\x0005"}), 200)
        for name in TEXT_FIELDS
        if name not in ("consent", "confirm_warnings", "warnings_digest", "represented_province")
    },
    "NUL byte in the honeypot": (_with(situs_web="\x00"), 400),
    "control characters in the name": (_with(full_name="Budi\x1b[31m"), 200),
    "NIK in Arabic-Indic digits": (_with(nik="٦٢٠٥٠٥٢٣١٠٨٥٠٠٠١"), 200),
    "NIK in fullwidth digits": (_with(nik="６２０５０５２３１０８５０００１"), 200),
    "NIK in Devanagari digits": (_with(nik="६२०५०५२३१०८५०००१"), 200),
    "NIK with a letter": (_with(nik="62050523108500O1"), 200),
    "NIK of 15 digits": (_with(nik="620505231085001"), 200),
    "birth date 30 February": (_with(birth_date="1985-02-30"), 200),
    "birth date in the future": (_with(birth_date="2999-01-01"), 200),
    "birth date year 1": (_with(birth_date="0001-01-01"), 200),
    "sex outside the choices": (_with(sex="X"), 200),
    "landline number": (_with(phone="0519 21234"), 200),
    "foreign number": (_with(phone="+1 202 555 0100"), 200),
    "number too short": (_with(phone="0812 345"), 200),
    "number too long": (_with(phone="0812 3456 7890 1234"), 200),
    "invalid e-mail": (_with(email="budi@"), 200),
    "nonexistent province": (_with(province="99"), 200),
    "regency of another province": (_with(regency="63.71"), 200),
    "district not in the chosen regency": (_with(district="62.01.01"), 200),
    "nonexistent district": (_with(district="62.05.99"), 200),
    "village instead of a district": (_with(district="62.05.05.1001"), 200),
    "represented regency of another province": (_with(region_represented="63.71"), 200),
    "represented region that does not exist": (_with(region_represented="62.99"), 200),
    "represented district instead of a regency": (_with(region_represented="62.05.05"), 200),
    "role not eligible": (lambda data, roles: {**data, "role": str(roles["tagana"].pk)}, 200),
    "role that does not exist": (_with(role="999999"), 200),
    "role id beyond bigint": (_with(role="99999999999999999999999999"), 200),
    "negative role id": (_with(role="-1"), 200),
    "role as text": (_with(role="tksk"), 200),
    "tampered warnings digest": (
        _with(birth_date="1985-10-24", confirm_warnings="on", warnings_digest="0" * 10_000),
        200,
    ),
    "honeypot filled": (_with(situs_web="http://spam.example"), 400),
    "missing consent": (_without("consent"), 200),
}


@pytest.fixture
def training(regions, roles):
    ratelimit.reset()
    return TrainingFactory(
        organizer=OrganizationFactory(), eligible_roles=[roles["tksk"], roles["psm"]]
    )


@pytest.mark.parametrize(("mutate", "expected"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_register_bad_input_is_refused_and_writes_nothing(
    client, training, roles, mutate, expected
):
    before = written()

    response = client.post(
        reverse("trainings:register", kwargs={"slug": training.slug}),
        mutate(registration_post(roles["tksk"]), roles),
    )

    assert response.status_code == expected
    assert written() == before


def test_register_without_csrf_token_is_forbidden_and_writes_nothing(training, roles):
    before = written()

    response = Client(enforce_csrf_checks=True).post(
        reverse("trainings:register", kwargs={"slug": training.slug}),
        registration_post(roles["tksk"]),
    )

    assert response.status_code == 403
    assert written() == before


def test_lost_code_bad_input_is_refused(client, training, roles):
    url = reverse("trainings:lost_code")
    inputs = [
        {},
        {"nik": "٦٢٠٥٠٥٢٣١٠٨٥٠٠٠١", "birth_date": "1985-10-23", "training": training.slug},
        {"nik": "6205052310850001\x00", "birth_date": "1985-10-23", "training": training.slug},
        {"nik": "6205052310850001", "birth_date": "x" * 10_000, "training": "\x00"},
        {"nik": "6205052310850001", "birth_date": "1985-10-23", "training": "bukan-ada"},
    ]

    statuses = [client.post(url, data).status_code for data in inputs]

    assert statuses == [200] * len(inputs)
    assert written() == (0, 0, 0, 0)


ALREADY_REGISTERED = "NIK ini sudah terdaftar pada pelatihan ini."
FUZZ_VALUES = st.one_of(
    st.text(max_size=40),
    st.text(max_size=2_000),
    st.sampled_from(["", "\x00", "62", "62.05", "63.71", "62.05.05", "on", "1985-10-24", "-1"]),
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(overrides=st.dictionaries(st.sampled_from(FIELD_NAMES), FUZZ_VALUES, max_size=6))
def test_register_any_post_data_never_fails_with_a_server_error(client, training, roles, overrides):
    ratelimit.reset()  # fifty examples from one address would hit the limit
    before = written()

    response = client.post(
        reverse("trainings:register", kwargs={"slug": training.slug}),
        {**registration_post(roles["tksk"]), **overrides},
    )

    assert response.status_code in {200, 302, 400}
    if response.status_code == 302:
        return  # a valid registration
    if ALREADY_REGISTERED in response.content.decode():
        # A valid repeat of the NIK registered by an earlier example: only a reminder queued.
        participants, registrations, events, tasks = before
        assert written() == (participants, registrations, events, tasks + 1)
    else:
        assert written() == before
