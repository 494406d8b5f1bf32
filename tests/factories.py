"""Deterministic factories, valid by default (a factory participant has a valid NIK).

They need the ``regions`` fixture (Kalteng and Kalsel are loaded) and, for
roles, the ``reference_data`` fixture.
"""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from participants.models import Participant, Region, RoleGroup, SocialRole
from participants.nik import build_nik
from trainings.codes import CROCKFORD_ALPHABET
from trainings.models import (
    Attendance,
    Membership,
    Organization,
    Quota,
    Registration,
    Session,
    Speaker,
    Training,
)

BARITO_UTARA = "62.05"
TEWEH_TENGAH = "62.05.05"


def _region(code: str):
    return factory.LazyFunction(lambda: Region.objects.get(code=code))


def _sequence_code(n: int) -> str:
    """A deterministic valid registration code for the n-th factory registration."""
    digits = []
    for _ in range(8):
        n, rest = divmod(n, 32)
        digits.append(CROCKFORD_ALPHABET[rest])
    return "".join(reversed(digits))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Dinas Sosial Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinsos {n}")
    code = factory.Sequence(lambda n: f"dinsos-{n}")
    kind = Organization.Kind.DINSOS_REGENCY
    region = _region(BARITO_UTARA)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.TRAINING_STAFF


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    organizer = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Pelatihan Pilar Sosial {n}")
    slug = factory.Sequence(lambda n: f"pelatihan-{n}")
    kind = Training.Kind.PELATIHAN
    fiscal_year = 2026
    venue_name = "Aula Dinas Sosial"
    venue_region = _region(TEWEH_TENGAH)
    starts_on = datetime.date(2026, 12, 10)
    ends_on = datetime.date(2026, 12, 11)
    capacity = 30
    status = Training.Status.PUBLISHED
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    registration_closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )

    @factory.post_generation
    def eligible_roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.eligible_roles.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    training = factory.SubFactory(TrainingFactory)
    starts_at = factory.LazyAttribute(
        lambda s: datetime.datetime.combine(s.training.starts_on, datetime.time(8), s.training.tz)
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=2))
    topic = factory.Sequence(lambda n: f"Materi {n}")
    jp = 2


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Narasumber {n}")
    institution = "BBPPKS Banjarmasin"


class RoleGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kelompok {n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Peserta {n}")
    sex = "L"
    birth_place = "Muara Teweh"
    birth_date = datetime.date(1985, 10, 23)
    nik = factory.LazyAttributeSequence(
        lambda p, n: build_nik(
            district_code=TEWEH_TENGAH, birth_date=p.birth_date, sex=p.sex, serial=n % 9999 + 1
        )
    )
    phone = factory.Sequence(lambda n: f"+62812{n:07d}")
    home_region = _region(TEWEH_TENGAH)


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    training = factory.SubFactory(TrainingFactory)
    seats = 3


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    participant = factory.SubFactory(ParticipantFactory)
    training = factory.SubFactory(TrainingFactory)
    role = factory.LazyFunction(lambda: SocialRole.objects.get(code="tksk"))
    status = Registration.Status.CONFIRMED
    source = Registration.Source.ONLINE
    code = factory.Sequence(_sequence_code)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(SessionFactory)
    status = Attendance.Status.PRESENT
    recorded_at = factory.LazyFunction(timezone.now)
