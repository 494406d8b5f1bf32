"""Registration throughput and latency under gunicorn, next to a one-INSERT floor.

    python -m bench.run                      # make bench: 20 s per scenario, 10 clients
    python -m bench.run --seconds 60 --clients 20
    python -m bench.run --quick              # a few seconds per scenario (CI)

What it does (bench/README.md explains why):

1. Uses the embedded PostgreSQL in ``var/bench/`` (``PILAR_VAR_DIR``), never the
   development or test data; with ``DATABASE_URL`` set, that server instead.
2. Migrates, loads the regions (without villages), collects static files into
   ``var/bench/staticfiles``, creates the floor table, clears the rate-limit
   counters, and creates a published, open training (capacity 100,000, TKSK).
3. Starts gunicorn (``--workers 5``, sync workers) on a free port of 127.0.0.1 with
   production settings (``bench.settings``: ``config.settings`` + the floor URL).
4. Per scenario: a short warm-up, then N client threads send POSTs over
   ``http.client`` connections to 127.0.0.1 until the time or the request budget is
   spent. Registration: each client GETs the form once (CSRF cookie and token), then
   POSTs valid registrations, each with a new NIK and phone and an X-Forwarded-For
   address from the documentation ranges, so the real rate limits stay on.
   Success is only the 302 to ``/registrations/<code>/?baru=1``. Floor: POST
   ``/bench/floor/`` (one INSERT), success is 204.
5. Prints the table and the registration/floor ratios, checks the database holds
   exactly as many confirmed registrations as there were redirects, and stops
   gunicorn and the embedded server it used, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import io
import itertools
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var" / "bench"
HOST = "127.0.0.1"
EMBEDDED_INSTANCE = "dev"  # config.settings' instance name outside tests: var/bench/pg-dev
TRAINING_SLUG_PREFIX = "bench-"
TARGET_RATE = 100.0  # registrations per second …
TARGET_P95_MS = 300.0  # … with p95 under this, at 10 clients
# X-Forwarded-For values from the documentation ranges (RFC 5737): header values
# only, so each simulated phone has its own address for the rate limits. Every
# connection goes to 127.0.0.1.
FORWARDED = [f"192.0.2.{n}" for n in range(1, 255)] + [f"198.51.100.{n}" for n in range(1, 255)]
OTHER_LOAD_WARNING = 0.25  # cores used by processes outside the bench
REGISTER_PER_IP_LIMIT = 30  # trainings.ratelimit.REGISTER_PER_IP (per 10 minutes)
# Registrations per scenario at most: 20 per address stays under the per-IP limit
# even with the warm-up (the floor has no limit).
REGISTRATION_BUDGET = 20 * len(FORWARDED)
FLOOR_BUDGET = 200_000
BIRTH_DAY_SPAN = 15_000  # birth dates from 1960-01-01 over ~41 years
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
_ERROR_TEXT = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', re.S)


# --- the environment gunicorn and this process share ------------------------------------------


def bench_environment() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PILAR_VAR_DIR": str(VAR_DIR),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "PILAR_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1, no TLS proxy in front
        "PILAR_CONN_MAX_AGE": "60",
        "PILAR_TRUSTED_PROXY_COUNT": "1",  # X-Forwarded-For carries each phone's address
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    slug: str
    training_id: int
    role_id: int
    district: str  # home district of every bench registrant: "PP.RR.DD"
    represented: str  # the regency they represent


def prepare_database(log, *, collect_static: bool = True) -> Fixture:
    """Migrate, load regions, collect static files (for gunicorn), create the floor table
    and a training."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.views import CREATE_FLOOR_TABLE
    from participants.models import Region, SocialRole
    from trainings import ratelimit
    from trainings.models import Organization, Training

    quiet = io.StringIO()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    log(f"migrated ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    call_command("load_regions", verbosity=0, stdout=quiet)
    log(f"regions loaded ({time.monotonic() - started:.1f} s)")
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there
    if collect_static:
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
        log(
            f"static files collected into {settings.STATIC_ROOT} "
            f"({time.monotonic() - started:.1f} s)"
        )
    with connection.cursor() as cursor:
        cursor.execute(CREATE_FLOOR_TABLE)
    # Counters left by a run in the last 10 minutes would turn this run's POSTs into
    # 429s; the limits themselves stay on during the run.
    ratelimit.reset()

    organizer, _created = Organization.objects.get_or_create(
        code="bench-dinsos",
        defaults={
            "name": "Dinas Sosial Kabupaten Barito Utara (bench)",
            "short_name": "Dinsos Barut (bench)",
            "kind": Organization.Kind.DINSOS_REGENCY,
            "region_id": "62.05",
        },
    )
    run_number = Training.objects.filter(slug__startswith=TRAINING_SLUG_PREFIX).count() + 1
    now = timezone.now()
    today = timezone.localdate()
    training = Training.objects.create(
        organizer=organizer,
        title=f"Pelatihan uji beban #{run_number}",
        slug=f"{TRAINING_SLUG_PREFIX}{run_number}-{now:%Y%m%d%H%M%S}",
        fiscal_year=today.year,
        venue_name="Aula Dinas Sosial (bench)",
        venue_region_id="62.05",
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=61),
        capacity=100_000,
        registration_opens_at=now - datetime.timedelta(hours=1),
        registration_closes_at=now + datetime.timedelta(days=30),
        status=Training.Status.PUBLISHED,
    )
    role = SocialRole.objects.get(code="tksk")
    training.eligible_roles.set([role])
    # A different home district each run keeps NIKs new across runs too (the
    # first-time path: the participant is created), whatever the previous runs left.
    districts = list(
        Region.objects.filter(level=Region.Level.DISTRICT)
        .order_by("code")
        .values_list("code", flat=True)
    )
    for offset in range(len(districts)):
        district = districts[(run_number * 37 + offset) % len(districts)]
        if _clean_niks(district):
            break
    else:  # pragma: no cover - the official list always has such districts
        raise SystemExit("no district gives NIKs without warnings")
    return Fixture(training.slug, training.pk, role.pk, district, represented="62.05")


def person(index: int, district: str) -> dict[str, str]:
    """The index-th bench registrant: a NIK, birth date and sex that agree, a new phone."""
    from participants.nik import build_nik

    sex = "LP"[index % 2]
    birth_date = datetime.date(1960, 1, 1) + datetime.timedelta(days=(index // 2) % BIRTH_DAY_SPAN)
    serial = 1 + index // (2 * BIRTH_DAY_SPAN)
    nik = build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial)
    return {
        "nik": nik,
        "full_name": f"Peserta Uji {index}",
        "sex": sex,
        "birth_place": "Muara Teweh",
        "birth_date": birth_date.isoformat(),
        "phone": f"0813{index % 10**8:08d}",
        "email": f"peserta{index}@example.org",
        "province": district[:2],
        "regency": district[:5],
        "district": district,
    }


def _clean_niks(district: str) -> bool:
    """True when the NIKs made for ``district`` raise no warning the form would ask about."""
    from participants.nik import nik_warnings, parse_nik

    for index in (0, 1, 2 * BIRTH_DAY_SPAN - 1):
        data = person(index, district)
        birth_date = datetime.date.fromisoformat(data["birth_date"])
        parsed = parse_nik(data["nik"], declared_birth_date=birth_date)
        if nik_warnings(parsed, birth_date=birth_date, sex=data["sex"], region_code=district):
            return False
    return True


def embedded_postmaster_pid() -> int | None:
    from config.embedded_db import data_dir

    pidfile = data_dir(VAR_DIR, EMBEDDED_INSTANCE) / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# --- gunicorn ------------------------------------------------------------------------------


def start_gunicorn(env: dict[str, str], port: int, workers: int, log_path: Path):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--no-control-socket",
    ]
    log_file = log_path.open("w")
    # Its own session: stop_gunicorn signals this process group and nothing else.
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    return process


def stop_gunicorn(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # any worker left behind in its group
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def wait_healthy(port: int, process, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            finally:
                conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s")


# --- CPU accounting (Linux /proc; skipped elsewhere) ----------------------------------------


class CpuMeter:
    """CPU time used during a phase: by gunicorn, by PostgreSQL (when it runs here),
    by this client, and by everything else on the machine — a shared machine's other
    work shows up as "other" instead of silently lowering the numbers."""

    def __init__(self, gunicorn_pid: int, postgres_pid: int | None) -> None:
        self.roots = {"gunicorn": gunicorn_pid, "postgres": postgres_pid}
        self.hz = os.sysconf("SC_CLK_TCK")
        self.available = Path("/proc/stat").exists()

    @staticmethod
    def _stat(pid: str) -> tuple[int, int] | None:
        """(parent pid, utime + stime ticks) of one process."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[1]), int(fields[11]) + int(fields[12])

    def snapshot(self) -> dict:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := self._stat(entry)) is not None:
                stats[int(entry)] = stat
        children: dict[int, list[int]] = {}
        for pid, (parent, _ticks) in stats.items():
            children.setdefault(parent, []).append(pid)
        groups = {}
        for name, root in self.roots.items():
            members, todo = set(), [root] if root in stats else []
            while todo:
                pid = todo.pop()
                members.add(pid)
                todo.extend(children.get(pid, []))
            groups[name] = {pid: stats[pid][1] for pid in members}
        groups["client"] = {os.getpid(): stats.get(os.getpid(), (0, 0))[1]}
        cpu = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return {
            "groups": groups,
            "total": sum(cpu),
            "idle": cpu[3] + cpu[4],
            "at": time.monotonic(),
        }

    def start(self) -> dict | None:
        return self.snapshot() if self.available else None

    def stop(self, before: dict | None) -> dict[str, float] | None:
        """Cores used per group between ``before`` and now, plus "machine" and "other"."""
        if before is None:
            return None
        after = self.snapshot()
        seconds = after["at"] - before["at"]
        used = {}
        for name, ticks in after["groups"].items():
            earlier = before["groups"].get(name, {})
            spent = sum(value - earlier.get(pid, 0) for pid, value in ticks.items())
            used[name] = spent / self.hz / seconds
        total = after["total"] - before["total"]
        busy = total - (after["idle"] - before["idle"])
        used["machine"] = busy / total * (os.cpu_count() or 1) if total else 0.0
        used["other"] = max(0.0, used["machine"] - sum(used[name] for name in after["groups"]))
        return used


# --- load ----------------------------------------------------------------------------------


@dataclass
class Result:
    scenario: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: Counter = field(default_factory=Counter)  # outcome -> count
    samples: dict[str, str] = field(default_factory=dict)  # outcome -> a snippet, for diagnosis
    elapsed: float = 0.0
    cpu: dict[str, float] | None = None  # cores, from CpuMeter
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def requests(self) -> int:
        return self.ok + sum(self.errors.values())

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, round(q / 100 * len(ordered)))
        return ordered[min(rank, len(ordered)) - 1] * 1000

    def record(self, latency: float, outcome: str | None, snippet: str = "") -> None:
        with self.lock:
            if outcome is None:
                self.latencies.append(latency)
            else:
                self.errors[outcome] += 1
                self.samples.setdefault(outcome, snippet)


class Client:
    """One simulated phone: an http.client connection to 127.0.0.1 and its cookies.

    gunicorn's sync workers close the connection after each response
    (``Connection: close``); ``http.client`` then opens a new one for the next
    request, and that connect is part of the measured latency.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, body=None, headers=None):
        headers = {
            "User-Agent": "pilar-bench",
            "Accept-Language": "id",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers, content

    def close(self) -> None:
        self.conn.close()


class Registrations:
    """The registration scenario: GET the form once per client, then POST registrations."""

    name = "registration"
    default_budget = REGISTRATION_BUDGET

    def __init__(self, fixture: Fixture, port: int) -> None:
        self.fixture = fixture
        self.path = f"/trainings/{fixture.slug}/register/"
        self.origin = f"http://{HOST}:{port}"
        self.people = itertools.count()  # one sequence across warm-up and measurement

    def open(self, client: Client) -> str:
        status, _headers, content = client.request(
            "GET", self.path, headers={"X-Forwarded-For": FORWARDED[0]}
        )
        match = _CSRF_INPUT.search(content.decode("utf-8", "replace"))
        if status != 200 or match is None or "csrftoken" not in client.cookies:
            raise RuntimeError(
                f"GET {self.path} answered {status} without a form and CSRF cookie: "
                "is the registration view in place?"
            )
        return match.group(1)

    def post(self, client: Client, token: str) -> tuple[int, object, bytes]:
        index = next(self.people)
        data = person(index, self.fixture.district)
        data.update(
            csrfmiddlewaretoken=token,
            role=str(self.fixture.role_id),
            organization_unit="TKSK Kecamatan",
            region_represented=self.fixture.represented,
            consent="on",
        )
        body = urllib.parse.urlencode(data)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + self.path,
            "X-Forwarded-For": FORWARDED[index % len(FORWARDED)],
        }
        return client.request("POST", self.path, body=body, headers=headers)

    @staticmethod
    def outcome(status: int, headers, content: bytes) -> str | None:
        location = headers.get("Location", "") if headers else ""
        if status == 302 and location.startswith("/registrations/") and "baru=1" in location:
            return None
        return f"HTTP {status}"


class Floor:
    """The floor scenario: POST /bench/floor/, one INSERT, 204."""

    name = "floor (1 INSERT)"
    default_budget = FLOOR_BUDGET
    path = "/bench/floor/"

    def __init__(self) -> None:
        self.sequence = itertools.count()

    def open(self, client: Client) -> str:
        return ""

    def post(self, client: Client, token: str):
        index = next(self.sequence)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": FORWARDED[index % len(FORWARDED)],
        }
        return client.request("POST", self.path, body=f"n={index}", headers=headers)

    @staticmethod
    def outcome(status: int, headers, content: bytes) -> str | None:
        return None if status == 204 else f"HTTP {status}"


def _snippet(content: bytes) -> str:
    text = content.decode("utf-8", "replace")
    found = [" ".join(m.split()) for m in _ERROR_TEXT.findall(text) if m.strip()]
    return "; ".join(found[:3]) if found else " ".join(text.split())[:160]


def run_phase(
    scenario, port: int, clients: int, seconds: float, budget: int, meter: CpuMeter | None = None
) -> Result:
    """``clients`` threads POST until ``seconds`` have passed or ``budget`` POSTs were sent."""
    result = Result(scenario.name)
    tickets = itertools.count()
    ready = threading.Barrier(clients + 1)
    go = threading.Event()
    failures: list[BaseException] = []
    deadline = 0.0

    def work() -> None:
        client = Client(port)
        try:
            try:
                token = scenario.open(client)
            except Exception as error:
                failures.append(error)
                return
            finally:
                ready.wait()
            go.wait()
            while time.monotonic() < deadline and next(tickets) < budget:
                started = time.perf_counter()
                try:
                    status, headers, content = scenario.post(client, token)
                except (OSError, http.client.HTTPException) as error:
                    result.record(time.perf_counter() - started, type(error).__name__)
                    continue
                latency = time.perf_counter() - started
                outcome = scenario.outcome(status, headers, content)
                result.record(latency, outcome, "" if outcome is None else _snippet(content))
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()  # every client has its form (and CSRF token) or has failed
    cpu_before = meter.start() if meter else None
    started = time.monotonic()
    deadline = started + (0.0 if failures else seconds)
    go.set()
    for thread in threads:
        thread.join()
    result.cpu = meter.stop(cpu_before) if meter else None
    if failures:
        raise RuntimeError(str(failures[0]))
    result.elapsed = time.monotonic() - started
    return result


# --- report --------------------------------------------------------------------------------


def table(results: list[Result], clients: int, workers: int) -> str:
    header = ("scenario", "requests", "errors", "throughput/s", "p50 ms", "p95 ms")
    rows = [
        (
            r.scenario,
            str(r.requests),
            str(sum(r.errors.values())),
            f"{r.rate:.1f}",
            f"{r.percentile(50):.1f}",
            f"{r.percentile(95):.1f}",
        )
        for r in results
    ]
    registration, floor = results
    rate_ratio = registration.rate / floor.rate if floor.rate else float("nan")
    p95_ratio = registration.percentile(95) / floor.percentile(95)
    rows.append(("registration / floor", "", "", f"{rate_ratio:.2f}×", "", f"{p95_ratio:.2f}×"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "| " + " | ".join([first, *rest]) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    lines = [line(header), rule, *(line(row) for row in rows)]
    met = registration.rate >= TARGET_RATE and registration.percentile(95) < TARGET_P95_MS
    lines.append("")
    lines.append(
        f"{clients} clients, gunicorn {workers} sync workers, {os.cpu_count()} CPUs; "
        f"target ≥ {TARGET_RATE:.0f} registrations/s with p95 < {TARGET_P95_MS:.0f} ms: "
        + ("met" if met else "NOT met")
    )
    for r in results:
        if r.cpu:
            per_request = {
                name: r.cpu[name] * 1000 / r.rate if r.rate else float("nan")
                for name in ("gunicorn", "postgres")
            }
            lines.append(
                f"CPU, {r.scenario}: {r.cpu['machine']:.2f} of {os.cpu_count()} cores busy — "
                f"gunicorn {r.cpu['gunicorn']:.2f}, PostgreSQL {r.cpu['postgres']:.2f}, "
                f"client {r.cpu['client']:.2f}, other processes {r.cpu['other']:.2f}; "
                f"per request: gunicorn {per_request['gunicorn']:.1f} ms, "
                f"PostgreSQL {per_request['postgres']:.1f} ms"
            )
    shared = [r for r in results if r.cpu and r.cpu["other"] > OTHER_LOAD_WARNING]
    if shared:
        lines.append(
            "WARNING: other processes used "
            + ", ".join(f"{r.cpu['other']:.2f} cores during {r.scenario}" for r in shared)
            + ": the machine was shared and these numbers are low; run again when it is idle."
        )
    for r in results:
        for outcome, count in r.errors.most_common():
            lines.append(f"  {r.scenario}: {count} × {outcome}: {r.samples.get(outcome, '')}")
    return "\n".join(lines)


def check_database(fixture: Fixture, redirects: int) -> tuple[str, bool]:
    from django.db import connections

    from trainings.models import Registration, Training

    connections.close_all()  # a fresh read after the server's writes
    confirmed = Registration.objects.filter(
        training_id=fixture.training_id, status=Registration.Status.CONFIRMED
    ).count()
    seats = Training.objects.values_list("seats_taken", flat=True).get(pk=fixture.training_id)
    consistent = confirmed == redirects == seats
    return (
        f"database check: {redirects} redirects (warm-up included), {confirmed} confirmed "
        f"registrations, seats_taken {seats}: {'ok' if consistent else 'MISMATCH'}"
    ), consistent


# --- main ----------------------------------------------------------------------------------


def run_registration(args, fixture: Fixture, port: int, gunicorn, external_db: bool, log) -> int:
    """The registration and floor scenarios against gunicorn; prints their table."""

    def budget(scenario) -> int:
        return args.max_requests or scenario.default_budget

    meter = CpuMeter(gunicorn.pid, None if external_db else embedded_postmaster_pid())
    results, redirects = [], 0
    for scenario in (Registrations(fixture, port), Floor()):
        if args.warmup > 0:
            warm = run_phase(scenario, port, args.clients, args.warmup, budget(scenario))
            redirects += warm.ok if isinstance(scenario, Registrations) else 0
        log(f"{scenario.name}: {args.clients} clients for {args.seconds:g} s …")
        result = run_phase(scenario, port, args.clients, args.seconds, budget(scenario), meter)
        redirects += result.ok if isinstance(scenario, Registrations) else 0
        results.append(result)
    print(f"\nPilar bench, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n")
    print(table(results, args.clients, args.workers))
    print()
    report, consistent = check_database(fixture, redirects)
    print(report)
    # A slow run is a result; a broken one (errors, nothing measured, a count that
    # does not add up) fails the command.
    broken = not consistent or any(r.ok == 0 or r.errors for r in results)
    return 1 if broken else 0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per scenario (default 20)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (default 10)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (default 5)")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help=f"POSTs per scenario at most (default: {REGISTRATION_BUDGET} registrations, 20 "
        f"per X-Forwarded-For address, under the limit of {REGISTER_PER_IP_LIMIT} per 10 "
        f"minutes; {FLOOR_BUDGET} floor requests)",
    )
    parser.add_argument(
        "--scenario",
        choices=("all", "registration", "reports"),
        default="all",
        help="registration (and its floor) under gunicorn, the reports (bench/reports.py), "
        "or both (default)",
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds, not measured")
    parser.add_argument(
        "--quick", action="store_true", help="a short bounded run for CI: 3 s, ≤ 600 POSTs"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.warmup = min(args.seconds, 3.0), min(args.warmup, 0.5)
        args.max_requests = min(args.max_requests or 600, 600)
    if args.clients < 1 or args.workers < 1 or args.seconds <= 0:
        parser.error("--clients, --workers and --seconds must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    external_db = bool(os.environ.get("DATABASE_URL"))
    os.environ.update(bench_environment())
    VAR_DIR.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    gunicorn = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.db import connections

        log(f"database: {'DATABASE_URL' if external_db else 'embedded, ' + str(VAR_DIR)}")
        # The reports render in this process with plain static storage: no collectstatic.
        fixture = prepare_database(log, collect_static=args.scenario != "reports")
        status = 0
        if args.scenario in ("all", "registration"):
            connections.close_all()
            port = free_port()
            env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL}
            log_path = VAR_DIR / "gunicorn.log"
            gunicorn = start_gunicorn(env, port, args.workers, log_path)
            wait_healthy(port, gunicorn)
            log(f"gunicorn on {HOST}:{port} ({args.workers} workers; log {log_path})")
            status = run_registration(args, fixture, port, gunicorn, external_db, log)
            stop_gunicorn(gunicorn)
            gunicorn = None
        if args.scenario in ("all", "reports"):
            from bench import reports

            printed, consistent = reports.run(quick=args.quick, log=log)
            print(
                f"\nPilar reports bench, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
                f"{os.cpu_count()} CPUs{' (--quick sizes)' if args.quick else ''}\n"
            )
            print(printed)
            status = status or (0 if consistent else 1)
        return status
    finally:
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
        if not external_db:
            from config.embedded_db import stop_embedded_server

            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            log(stop_embedded_server(VAR_DIR, EMBEDDED_INSTANCE))


if __name__ == "__main__":
    sys.exit(main())
