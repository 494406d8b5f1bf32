"""The reports bench's data, generated in SQL (``INSERT … SELECT`` over ``generate_series``).

Everything it makes is marked so a later run finds it: the organiser
``bench-reports-<full|quick>`` (its trainings: ``bench-<set>-report-one`` and
``bench-<set>-period-<n>``) and participants whose NIK starts with ``99`` (full) or
``98`` (quick) — no real province has those codes; the registration bench's NIKs are
made from real districts. A run whose sizes match the data already there
reuses it; otherwise the old rows are deleted and new ones made.

Sizes (``Sizes``): one training of ``one_people`` × ``sessions``; a period of
``period_registrations`` over ``period_trainings`` trainings of ``sessions`` sessions
each (so ``period_registrations × sessions`` attendance rows), and ``holders``
participants each holding one pilar role. Trainings spread over fiscal years
``FIRST_YEAR``…``FIRST_YEAR + 4``, venues over every regency of the region list, so
WIB, WITA and WIT all occur. Attendance statuses come from a fixed formula on the ids
(about 5 % A, 5 % I, 5 % S, 10 % T): deterministic, and some people fall below the
completion rule.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import asdict, dataclass

FIRST_YEAR = 2022
DATA_VERSION = 2  # bump when the generated rows change: a run then makes them anew
# The pilar roles the registry holds (seeded by participants.seeding).
ROLES = [
    "tksk", "psm", "karang-taruna", "pendamping-sosial", "pendamping-pkh", "tagana",
    "pendamping-rs-rtlh", "pendamping-uep-p", "pendamping-sembako",
]  # fmt: skip
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# A status from (registration id, session id): 0 A, 1 I, 2 S, 3–4 T, else H (of 20).
STATUS_SQL = """CASE ((r.id * 7 + s.id * 13) %% 20)
    WHEN 0 THEN 'absent' WHEN 1 THEN 'excused' WHEN 2 THEN 'sick'
    WHEN 3 THEN 'late' WHEN 4 THEN 'late' ELSE 'present' END"""


@dataclass(frozen=True)
class Sizes:
    """One data set; the full and the quick one live side by side, each kept for reuse."""

    name: str
    nik_prefix: str
    one_people: int
    sessions: int
    period_trainings: int
    period_registrations: int
    holders: int
    xlsx_rows: int

    @property
    def org_code(self) -> str:
        return f"bench-reports-{self.name}"

    @property
    def one_slug(self) -> str:
        return f"bench-{self.name}-report-one"

    @property
    def period_prefix(self) -> str:
        return f"bench-{self.name}-period-"

    @property
    def supervisor(self) -> str:
        return f"bench.supervisor.{self.name}"


FULL = Sizes("full", "99", 2_000, 10, 200, 100_000, 200_000, 50_000)
QUICK = Sizes("quick", "98", 300, 10, 40, 10_000, 20_000, 5_000)


def _code_sql(number: str) -> str:
    """8 Crockford characters for a non-negative integer expression (a registration code)."""
    return (
        "(SELECT string_agg(substr(%(alphabet)s, ((" + number + " >> (5 * k)) & 31)::int + 1, 1),"
        " '' ORDER BY k DESC) FROM generate_series(0, 7) k)"
    )


def ensure(sizes: Sizes, log) -> dict:
    """The bench's data at ``sizes`` (made or reused); returns ids the timings need."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_reports_data (sizes text NOT NULL, made_at "
            "timestamptz NOT NULL)"
        )
        cursor.execute("ALTER TABLE bench_reports_data ADD COLUMN IF NOT EXISTS name text")
        cursor.execute("SELECT sizes FROM bench_reports_data WHERE name = %s", [sizes.name])
        row = cursor.fetchone()
    wanted = f"v{DATA_VERSION} " + repr(sorted(asdict(sizes).items()))
    if row and row[0] == wanted:
        log("reports: data of these sizes already there, reused (delete var/bench to remake)")
    else:
        started = time.monotonic()
        with transaction.atomic():
            _delete(sizes)
        log(f"reports: old bench data deleted ({time.monotonic() - started:.1f} s)")
        started = time.monotonic()
        with transaction.atomic():
            _generate(sizes, log)
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM bench_reports_data WHERE name = %s OR name IS NULL", [sizes.name]
                )
                cursor.execute(
                    "INSERT INTO bench_reports_data (name, sizes, made_at) VALUES (%s, %s, now())",
                    [sizes.name, wanted],
                )
        with connection.cursor() as cursor:
            for table in (
                "participants_participant", "participants_roleheld", "trainings_training",
                "trainings_session", "trainings_registration", "trainings_attendance",
            ):  # fmt: skip
                cursor.execute(f"ANALYZE {table}")
        log(f"reports: data generated in {time.monotonic() - started:.1f} s")
    return _ids(sizes)


def _ids(sizes: Sizes) -> dict:
    from trainings.models import Training

    return {
        "one": Training.objects.get(slug=sizes.one_slug, organizer__code=sizes.org_code).pk,
        "period": Training.objects.filter(
            organizer__code=sizes.org_code, slug__startswith=sizes.period_prefix
        ),
    }


def _delete(sizes: Sizes) -> None:
    from django.db import connection

    trainings = (
        "SELECT t.id FROM trainings_training t JOIN trainings_organization o "
        "ON o.id = t.organizer_id WHERE o.code = %s"
    )
    with connection.cursor() as cursor:
        for statement in (
            "DELETE FROM trainings_attendance WHERE session_id IN (SELECT id FROM "
            f"trainings_session WHERE training_id IN ({trainings}))",
            f"DELETE FROM trainings_registration WHERE training_id IN ({trainings})",
            f"DELETE FROM trainings_session WHERE training_id IN ({trainings})",
            f"DELETE FROM trainings_training_eligible_roles WHERE training_id IN ({trainings})",
            f"DELETE FROM trainings_training WHERE id IN ({trainings})",
        ):
            cursor.execute(statement, [sizes.org_code])
        cursor.execute(
            "DELETE FROM participants_roleheld WHERE participant_id IN (SELECT id FROM "
            "participants_participant WHERE nik LIKE %s)",
            [sizes.nik_prefix + "%"],
        )
        cursor.execute(
            "DELETE FROM participants_participant WHERE nik LIKE %s", [sizes.nik_prefix + "%"]
        )


def _generate(sizes: Sizes, log) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from participants.models import Region
    from trainings import permissions
    from trainings.models import Membership, Organization

    org, _ = Organization.objects.get_or_create(
        code=sizes.org_code,
        defaults={
            "name": "Kementerian Sosial (bench laporan)",
            "short_name": "Kemensos (bench)",
            "kind": Organization.Kind.MINISTRY,
        },
    )
    user, created = get_user_model().objects.get_or_create(
        username=sizes.supervisor, defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organization=org, role=Membership.Role.SUPERVISOR)
        user.groups.add(Group.objects.get(name=permissions.SUPERVISOR))
    regencies = list(
        Region.objects.filter(level=Region.Level.REGENCY).order_by("code").values_list("code")
    )
    if len(regencies) < 100:
        raise SystemExit("the region list is not loaded (load_regions)")
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        step = time.monotonic()
        # Trainings: n = 0 is the one-training report, 1…N the period. Venue: a regency,
        # its province's zone; two days in July of a fiscal year.
        cursor.execute(
            """
            WITH reg AS (
                SELECT r.code, row_number() OVER (ORDER BY r.code) - 1 AS i,
                       COUNT(*) OVER () AS n, p.timezone
                FROM participants_region r JOIN participants_region p ON p.code = left(r.code, 2)
                WHERE r.level = 'regency'
            )
            INSERT INTO trainings_training (organizer_id, title, slug, kind, field, fiscal_year,
                objectives, expected_outputs, venue_name, venue_address, venue_region_id,
                starts_on, ends_on, time_zone, capacity, seats_taken, requires_approval,
                min_attendance_percent, completion_basis, status, cancelled_reason,
                contact_name, contact_phone, created_at, updated_at)
            SELECT %(org)s, CASE WHEN g = 0 THEN 'Pelatihan uji laporan'
                                 ELSE 'Bimtek uji periode ' || g END,
                   CASE WHEN g = 0 THEN %(one)s ELSE %(prefix)s || g END, 'bimtek', '',
                   %(first)s + g %% 5, '', '', 'Aula (bench)', '', reg.code,
                   make_date(%(first)s + g %% 5, 7, 1 + g %% 27),
                   make_date(%(first)s + g %% 5, 7, 2 + g %% 27), reg.timezone,
                   CASE WHEN g = 0 THEN %(one_people)s ELSE %(per)s END, 0, false, 80,
                   'sessions', 'published', '', '', '', %(now)s, %(now)s
            FROM generate_series(0, %(trainings)s) g
            JOIN reg ON reg.i = (g * 7) %% reg.n
            """,
            {
                "org": org.pk, "one": sizes.one_slug, "prefix": sizes.period_prefix,
                "first": FIRST_YEAR, "one_people": sizes.one_people,
                "trainings": sizes.period_trainings,
                "per": -(-sizes.period_registrations // sizes.period_trainings), "now": now,
            },
        )  # fmt: skip
        # Sessions: half on each day, 08.00 onwards local time, 1 h 30 each.
        cursor.execute(
            """
            INSERT INTO trainings_session (training_id, starts_at, ends_at, topic, kind, jp,
                moderator)
            SELECT t.id, x.starts, x.starts + interval '90 minutes', 'Materi ' || k, 'material',
                   2, ''
            FROM trainings_training t JOIN trainings_organization o ON o.id = t.organizer_id
            CROSS JOIN generate_series(1, %(sessions)s) k
            CROSS JOIN LATERAL (SELECT ((t.starts_on + (k - 1) / ((%(sessions)s + 1) / 2))
                + time '08:00' + ((k - 1) %% ((%(sessions)s + 1) / 2)) * interval '105 minutes')
                AT TIME ZONE t.time_zone AS starts) x
            WHERE o.code = %(code)s
            """,
            {"sessions": sizes.sessions, "code": sizes.org_code},
        )
        log(f"reports: trainings and sessions ({time.monotonic() - step:.1f} s)")
        step = time.monotonic()
        # Participants: the holders, then the one training's people after them.
        people = max(sizes.holders, sizes.period_registrations) + sizes.one_people
        cursor.execute(
            """
            INSERT INTO participants_participant (nik, full_name, sex, birth_place, birth_date,
                phone, email, home_region_id, organization_unit, nip, rank, position,
                created_at, updated_at)
            SELECT %(prefix)s || lpad(g::text, 14, '0'), 'Peserta Uji ' || g,
                   CASE WHEN g %% 2 = 0 THEN 'L' ELSE 'P' END, 'Banjarmasin',
                   date '1970-01-01' + (g %% 12000), '', '',
                   d.codes[1 + (g * 31) %% array_length(d.codes, 1)], '', '', '', '', %(now)s,
                   %(now)s
            FROM generate_series(0, %(people)s - 1) g
            CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM participants_region
                        WHERE level = 'district') d
            """,
            {"prefix": sizes.nik_prefix, "people": people, "now": now},
        )
        # Registry: holder g holds one role in their home kecamatan; every 10th inactive.
        cursor.execute(
            """
            INSERT INTO participants_roleheld (participant_id, role_id, sk_number,
                year_appointed, duty_region_id, active, updated_at)
            SELECT p.id, roles.id[1 + (p.id %% array_length(roles.id, 1))],
                   '188.45/1/2020', 2015 + p.id %% 9, p.home_region_id, p.id %% 10 <> 0,
                   %(now)s
            FROM (SELECT id, home_region_id FROM participants_participant
                  WHERE nik LIKE %(like)s ORDER BY nik LIMIT %(holders)s) p
            CROSS JOIN (SELECT array_agg(id ORDER BY code) AS id
                        FROM participants_socialrole WHERE code = ANY(%(roles)s)) roles
            """,
            {"now": now, "like": sizes.nik_prefix + "%", "holders": sizes.holders, "roles": ROLES},
        )
        log(f"reports: {people} participants, {sizes.holders} holders "
            f"({time.monotonic() - step:.1f} s)")  # fmt: skip
        step = time.monotonic()
        # Registrations: the period's people in the role they hold (else TKSK), each in one
        # training, for their home regency; then the one training's people.
        registration = f"""
            INSERT INTO trainings_registration (participant_id, training_id, role_id,
                region_represented_id, organization_unit, phone, email, status, source, code,
                typed_identity, identity_check, language, decision_reason, consent_at,
                created_at, updated_at)
            SELECT p.id, t.id, COALESCE(h.role_id, %(tksk)s), left(p.home_region_id, 5), '',
                   '', '', 'confirmed', 'staff', {_code_sql("p.id")}, '{{}}', '', 'id', '',
                   %(now)s, %(now)s, %(now)s
            FROM (SELECT id, home_region_id, row_number() OVER (ORDER BY nik) - 1 AS i
                  FROM participants_participant WHERE nik LIKE %(like)s) p
            LEFT JOIN participants_roleheld h ON h.participant_id = p.id
        """
        tksk = _role_id("tksk")
        cursor.execute(
            registration
            + """
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM trainings_training
                  WHERE slug LIKE %(period)s) t ON t.j = p.i %% %(trainings)s
            WHERE p.i < %(count)s
            """,
            {
                "tksk": tksk, "alphabet": CROCKFORD, "now": now, "like": sizes.nik_prefix + "%",
                "period": sizes.period_prefix + "%", "trainings": sizes.period_trainings,
                "count": sizes.period_registrations,
            },
        )  # fmt: skip
        first = max(sizes.holders, sizes.period_registrations)
        cursor.execute(
            registration
            + """
            JOIN trainings_training t ON t.slug = %(one)s
            WHERE p.i >= %(first)s
            """,
            {
                "tksk": tksk, "alphabet": CROCKFORD, "now": now, "like": sizes.nik_prefix + "%",
                "one": sizes.one_slug, "first": first,
            },
        )  # fmt: skip
        cursor.execute(
            """
            UPDATE trainings_training t SET capacity = GREATEST(n, 1), seats_taken = n
            FROM (SELECT training_id, COUNT(*) AS n FROM trainings_registration
                  GROUP BY training_id) c
            WHERE c.training_id = t.id AND t.organizer_id = %s
            """,
            [org.pk],
        )
        log(f"reports: registrations ({time.monotonic() - step:.1f} s)")
        step = time.monotonic()
        cursor.execute(
            f"""
            INSERT INTO trainings_attendance (registration_id, session_id, status, method,
                recorded_at)
            SELECT r.id, s.id, {STATUS_SQL}, 'staff', s.starts_at
            FROM trainings_registration r JOIN trainings_session s ON s.training_id = r.training_id
            WHERE r.training_id IN (SELECT id FROM trainings_training WHERE organizer_id = %s)
            """,
            [org.pk],
        )
        log(f"reports: {cursor.rowcount} attendance rows ({time.monotonic() - step:.1f} s)")


def _role_id(code: str) -> int:
    from participants.models import SocialRole

    return SocialRole.objects.values_list("pk", flat=True).get(code=code)
