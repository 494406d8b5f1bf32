"""Excel import at scale: a 5,000-row file read, validated and applied, timed per phase.

    .venv/bin/python -m bench.imports                 # 5,000 rows, both kinds of import
    .venv/bin/python -m bench.imports --rows 20000

What it does:

1. Uses its own embedded PostgreSQL in ``var/bench-imports/`` (``PILAR_VAR_DIR``),
   never the development, test or registration-bench data; with ``DATABASE_URL``
   set, that server instead. Production-like settings (``DJANGO_DEBUG`` off, so
   Django does not keep every query in memory).
2. Migrates and loads the regions of Kalimantan Tengah (plus every province).
3. A new training per run (capacity 4,000 — so the last rows go on the waiting
   list —, a 500-seat TKSK quota for Barito Utara, TKSK and PSM eligible) and a
   generated file of N rows with new NIKs (text cells, as the template asks),
   names, phones, birth dates as Excel dates or text, kecamatan by name within
   Barito Utara, roles by abbreviation, "Mewakili" by name.
4. Times: writing the file (not part of an import), reading it, validating it
   (``registrations_plan``), applying it (``trainings.imports.bulk``: one
   transaction, bulk statements), and a second import of the same
   file (every row "already registered": nothing written). Then the same for
   the registry (``import_participants``' path) with a new set of NIKs.
5. Prints a table and checks the database holds what the counts say.

It never runs in ``make test``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import secrets
import sys
import time
from pathlib import Path

VAR_DIR = Path(__file__).resolve().parent.parent / "var" / "bench-imports"
BARITO_UTARA_DISTRICTS = ["Teweh Tengah", "Lahei", "Montallat", "Gunung Timang", "Teweh Baru"]


def environment() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PILAR_VAR_DIR": str(VAR_DIR),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "PILAR_SSL_REDIRECT": "0",
    }


def generate(kind: str, rows: int, district_code: str) -> bytes:
    """An N-row import file with distinct NIKs of ``district_code`` (a write-only workbook)."""
    from openpyxl import Workbook

    from participants.nik import build_nik
    from trainings.imports.workbook import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append([column.header for column in COLUMNS[kind]])
    start = datetime.date(1960, 1, 1)
    for n in range(rows):
        birth = start + datetime.timedelta(days=(n * 7) % 15_000)
        sex = "P" if n % 2 else "L"
        nik = build_nik(district_code=district_code, birth_date=birth, sex=sex, serial=n % 9999 + 1)
        birth_cell = (
            datetime.datetime.combine(birth, datetime.time())
            if n % 3
            else birth.strftime("%d-%m-%Y")
        )
        phone = f"0812 {n // 10000:04d} {n % 10000:04d}"
        district = BARITO_UTARA_DISTRICTS[n % len(BARITO_UTARA_DISTRICTS)]
        role = "TKSK" if n % 4 == 0 else "PSM"
        if kind == "registrations":
            sheet.append(
                [n + 1, nik, f"Peserta Impor {n}", sex, "Muara Teweh", birth_cell, phone,
                 f"peserta{n}@example.org", district, "Kabupaten Barito Utara", role, "",
                 "Barito Utara"]
            )  # fmt: skip
        else:
            sheet.append(
                [nik, f"Anggota Registri {n}", sex, "Muara Teweh", birth_cell, phone, "",
                 district, role, f"400/{n}/DINSOS/2024", 2024, district, "Ya"]
            )  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label: str, results: list, function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    results.append((label, time.perf_counter() - started))
    return value


def district_for_run() -> str:
    """A NIK prefix not used by an earlier run, so every NIK of this run is new."""
    from participants.models import Participant

    used = set(Participant.objects.values_list("nik", flat=True))
    prefixes = {nik[:6] for nik in used}
    for number in range(1, 100):
        code = f"62.05.{number:02d}"
        if code.replace(".", "") not in prefixes:
            return code
    raise SystemExit("bench: no unused NIK prefix left; rm -rf var/bench-imports")


def run(rows: int) -> int:
    from django.core.management import call_command
    from django.db import connection

    from participants.models import Participant, Region, RoleGroup, RoleHeld, SocialRole
    from participants.regions import load_regions
    from trainings.imports.bulk import registrations_apply
    from trainings.imports.registrations import registrations_plan
    from trainings.imports.registry import registry_apply, registry_plan
    from trainings.imports.workbook import COLUMNS, read_sheet
    from trainings.models import Organization, Quota, Registration, Training

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    load_regions(provinces={"62"})
    organizer, _created = Organization.objects.get_or_create(
        code="bench-import-dinsos",
        defaults={
            "name": "Dinas Sosial Bench Impor",
            "short_name": "Dinsos Bench",
            "kind": Organization.Kind.DINSOS_REGENCY,
            "region": Region.objects.get(code="62.05"),
        },
    )
    tksk, psm = SocialRole.objects.get(code="tksk"), SocialRole.objects.get(code="psm")
    now = datetime.datetime.now(datetime.UTC)
    training = Training.objects.create(
        organizer=organizer,
        title=f"Bench impor {now:%Y-%m-%d %H:%M:%S}",
        slug=f"bench-impor-{secrets.token_hex(4)}",
        venue_name="Aula",
        venue_region=Region.objects.get(code="62.05.05"),
        fiscal_year=now.year,
        starts_on=now.date() + datetime.timedelta(days=60),
        ends_on=now.date() + datetime.timedelta(days=61),
        capacity=4_000,
        status=Training.Status.PUBLISHED,
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=30),
    )
    training.eligible_roles.set([tksk, psm])
    group, _created = RoleGroup.objects.get_or_create(name="Bench TKSK")
    group.roles.set([tksk])
    Quota.objects.create(
        training=training, region=Region.objects.get(code="62.05"), role_group=group, seats=500
    )

    results: list[tuple[str, float]] = []
    district = district_for_run()
    content = timed("registrations: write the .xlsx (not import)", results, generate,
                    "registrations", rows, district)  # fmt: skip
    sheet = timed("registrations: read", results, read_sheet, io.BytesIO(content),
                  COLUMNS["registrations"])  # fmt: skip
    plan = timed("registrations: validate", results, registrations_plan, training=training,
                 sheet=sheet)  # fmt: skip
    if plan.errors:
        print("\n".join(str(problem) for problem in plan.errors[:20]), file=sys.stderr)
        return 1
    outcome = timed("registrations: apply (one transaction)", results, registrations_apply,
                    training=training, plan=plan, actor=None)  # fmt: skip
    sheet = read_sheet(io.BytesIO(content), COLUMNS["registrations"])
    again = timed("registrations: validate again (all registered)", results,
                  registrations_plan, training=training, sheet=sheet)  # fmt: skip
    repeat = timed("registrations: apply again (nothing written)", results, registrations_apply,
                   training=training, plan=again, actor=None)  # fmt: skip

    registry_district = district_for_run()
    registry_content = generate("participants", rows, registry_district)
    registry_sheet = timed("registry: read", results, read_sheet, io.BytesIO(registry_content),
                           COLUMNS["participants"])  # fmt: skip
    organization = organizer
    registry = timed("registry: validate", results, registry_plan, organization=organization,
                     sheet=registry_sheet)  # fmt: skip
    if registry.errors:
        print("\n".join(str(problem) for problem in registry.errors[:20]), file=sys.stderr)
        return 1
    registry_outcome = timed("registry: apply (one transaction)", results, registry_apply,
                             organization=organization, plan=registry, actor=None)  # fmt: skip

    width = max(len(label) for label, _seconds in results)
    print(f"\n{rows:,} rows per file; PostgreSQL {connection.pg_version // 10000}, "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    for label, seconds in results:
        print(f"  {label.ljust(width)}  {seconds:7.2f} s")
    import_seconds = sum(
        seconds
        for label, seconds in results
        if label.startswith("registrations: ")
        and label.split(": ")[1] in ("read", "validate", "apply (one transaction)")
    )
    print(f"\n  registrations, read + validate + apply: {import_seconds:.1f} s")
    print(
        f"  outcome: created {outcome.created}, statuses {outcome.summary}; "
        f"second import unchanged {repeat.unchanged}; registry created {registry_outcome.created}"
    )
    registered = Registration.objects.filter(training=training).count()
    held = RoleHeld.objects.filter(participant__nik__startswith=registry_district.replace(".", ""))
    ok = (
        outcome.created == rows
        and repeat.unchanged == rows
        and registered == rows
        and held.count() == rows
        and Participant.objects.filter(nik__startswith=district.replace(".", "")).count() == rows
    )
    print("  database check:", "ok" if ok else "MISMATCH")
    return 0 if ok else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args(argv)
    os.environ.update(environment())
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    try:
        return run(args.rows)
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("DATABASE_URL_WAS_SET"):
            from config.embedded_db import stop_embedded_server

            stop_embedded_server(VAR_DIR, "dev")


if __name__ == "__main__":
    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL_WAS_SET"] = "1"
    sys.exit(main())
