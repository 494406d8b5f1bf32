"""Fictional people for the demo: deterministic names, birth dates, NIKs and NIPs.

Nothing here is random: every derived value comes from a SHA-256 of the person's
name (``stable_int``), so a re-run builds exactly the same people. Names are
common Banjar, Dayak, Bakumpai and Javanese names of the two provinces; none
is meant to be a real person. Phones are left blank on purpose (a demo must
never text a real number) and e-mails use the reserved ``example.org`` domain.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from participants.nik import build_nik

EMAIL_DOMAIN = "example.org"


def stable_int(*parts: object) -> int:
    """A deterministic 64-bit number from ``parts`` (unlike ``hash()``, stable across runs)."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # "L" / "P"
    birth_date: datetime.date
    birth_place: str
    district: str  # home kecamatan, also where the NIK was first issued
    nik: str
    organization_unit: str = ""
    nip: str = ""
    rank: str = ""
    position: str = ""

    @property
    def email(self) -> str:
        return f"{re.sub(r'[^a-z]+', '.', self.name.lower()).strip('.')}@{EMAIL_DOMAIN}"


class PeopleBuilder:
    """Builds :class:`Person` rows whose NIKs (and names) are unique within one run."""

    def __init__(self) -> None:
        self._niks: set[str] = set()
        self._names: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self._names

    def person(
        self,
        name: str,
        sex: str,
        *,
        district: str,
        born: tuple[int, int],
        birth_place: str,
        unit: str = "",
        civil_servant: tuple[str, str] | None = None,
    ) -> Person:
        """``born`` is the range of birth years; ``civil_servant`` is (jabatan, pangkat)."""
        if name in self._names:
            raise ValueError(f"demo name used twice: {name}")
        self._names.add(name)
        birth_date = _birth_date(name, *born)
        serial = 1 + stable_int("serial", name) % 900
        nik = build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial)
        while nik in self._niks:  # same kecamatan, birthday and sex: next serial
            serial += 1
            nik = build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial)
        self._niks.add(nik)
        position, rank = civil_servant or ("", "")
        return Person(
            name=name,
            sex=sex,
            birth_date=birth_date,
            birth_place=birth_place,
            district=district,
            nik=nik,
            organization_unit=unit,
            nip=_nip(name, sex, birth_date) if civil_servant else "",
            rank=rank,
            position=position,
        )


def _birth_date(name: str, first_year: int, last_year: int) -> datetime.date:
    value = stable_int("lahir", name)
    year = first_year + value % (last_year - first_year + 1)
    if (value >> 24) % 12 == 0:
        # Dukcapil's placeholder for people who did not know their birthday
        # (SIAK since 2004): common in real registries, so in the demo too.
        return datetime.date(year, 7, 1)
    return datetime.date(year, 1 + (value >> 8) % 12, 1 + (value >> 16) % 28)


def _nip(name: str, sex: str, birth_date: datetime.date) -> str:
    """An 18-digit NIP: birth date, CPNS start (year and month), sex (1/2), serial."""
    value = stable_int("nip", name)
    start_year = min(birth_date.year + 24 + value % 5, 2023)
    start_month = (1, 3, 4, 12)[(value >> 8) % 4]
    serial = 1 + (value >> 16) % 300
    return f"{birth_date:%Y%m%d}{start_year}{start_month:02d}{1 if sex == 'L' else 2}{serial:03d}"


# --- Barito Utara (Kalimantan Tengah) ------------------------------------
# The registry's TKSK are one per kecamatan, in the order of the kecamatan codes.
BARITO_UTARA_TKSK = [
    ("Ahmad Riduan", "L"), ("Yusran Effendi", "L"), ("Markus Dedy Saputra", "L"),
    ("Rusmiati", "P"), ("Heriyanto", "L"), ("Norhayati", "P"), ("Sapriadi", "L"),
    ("Benyamin Lukas", "L"), ("Yuliana Ester", "P"),
]  # fmt: skip
BARITO_UTARA_PSM = [
    ("Ardiansyah", "L"), ("Siti Aminah", "P"), ("Rahmadi Noor", "L"), ("Marlina", "P"),
    ("Junaidi", "L"), ("Hartini", "P"), ("Fransiskus Ariel", "L"), ("Rina Oktaviani", "P"),
    ("Syahrani", "L"), ("Sri Wahyuni", "P"), ("Muhammad Ridho", "L"), ("Dewi Kartika", "P"),
    ("Agus Salim", "L"), ("Maria Lestari", "P"), ("Ruslan", "L"), ("Nurul Hidayah", "P"),
    ("Taufik Hidayat", "L"), ("Elisabet Pebriani", "P"),
]  # fmt: skip
BARITO_UTARA_TAGANA = [
    ("Nopri Yanto", "L"), ("Erwin Saputra", "L"), ("Abdul Rasyid", "L"), ("Darmansyah", "L"),
    ("Rahmawati", "P"), ("Wahyudi", "L"), ("Ferdy Yanson", "L"), ("Fitriani", "P"),
    ("Ricky Pratama", "L"),
]  # fmt: skip
BARITO_UTARA_KARANG_TARUNA = [
    ("Gusti Rahman", "L"), ("Akhmad Fauzan", "L"), ("Salmah", "P"), ("Samsul Bahri", "L"),
    ("Yanti Susanti", "P"), ("Kristianto", "L"), ("Didi Hariadi", "L"), ("Eka Puspita", "P"),
    ("Yulius Ardi", "L"),
]  # fmt: skip
BARITO_UTARA_PENDAMPING_SOSIAL = [
    ("Herlina", "P"), ("Imam Safii", "L"), ("Noor Aida", "P"), ("Lukas Hermanto", "L"),
]  # fmt: skip
BARITO_UTARA_PENDAMPING_PKH = [
    ("Hasanah", "P"), ("Lusiana", "P"), ("Budi Santoso", "L"), ("Winda Sari", "P"),
    ("Agustina Rahayu", "P"), ("Rizal Fahmi", "L"), ("Nova Anggraini", "P"),
]  # fmt: skip
BARITO_UTARA_LKS = [
    ("Rosmini", "P"), ("Desy Natalia", "P"), ("Hendra Wijaya", "L"), ("Ratna Sari", "P"),
    ("Yosua Pranata", "L"),
]  # fmt: skip
# Fictional institutions for the LKS participants (generic names).
BARITO_UTARA_LKS_NAMES = [
    "LKS Anak Harapan Teweh", "LKS Lansia Bina Sejahtera", "LKS Peduli Disabilitas Barito",
    "LKS Kasih Bunda", "LKS Pelita Desa",
]  # fmt: skip
BARITO_UTARA_BIRTH_PLACES = [
    "Muara Teweh",
    "Montallat",
    "Lahei",
    "Benangin",
    "Buntok",
    "Banjarmasin",
]

# --- Kalimantan Selatan ----------------------------------------------------
# One per kabupaten/kota, in the order of the regency codes 63.01 … 63.72.
KALSEL_PENDAMPING = [
    ("Muhammad Rafiq", "L", "pendamping-rs-rtlh"), ("Norlaila", "P", "pendamping-sembako"),
    ("Ahmad Fahmi", "L", "pendamping-uep-p"), ("Rusdiana", "P", "pendamping-sosial"),
    ("Syarifuddin", "L", "pendamping-rs-rtlh"), ("Nor Jannah", "P", "pendamping-uep-p"),
    ("Fajar Ramadhan", "L", "pendamping-sembako"), ("Mahfuzah", "P", "pendamping-rs-rtlh"),
    ("Akhmad Zaini", "L", "pendamping-sosial"), ("Raudah", "P", "pendamping-sembako"),
    ("Gazali Rahman", "L", "pendamping-uep-p"), ("Nadia Ulfah", "P", "pendamping-sosial"),
    ("Hairul Anwar", "L", "pendamping-rs-rtlh"),
]  # fmt: skip
# (name, sex, jabatan, pangkat/golongan) — civil servants of the kabupaten/kota Dinas Sosial.
KALSEL_PETUGAS = [
    ("Fahrurrazi", "L", "Pekerja Sosial Ahli Muda", "Penata (III/c)"),
    ("Siti Rahmah", "P", "Penyuluh Sosial Ahli Pertama", "Penata Muda (III/a)"),
    ("Riza Fahlevi", "L", "Analis Perlindungan Sosial", "Penata Muda Tingkat I (III/b)"),
    ("Halimah", "P", "Pekerja Sosial Ahli Pertama", "Penata Muda (III/a)"),
    ("Aulia Rahman", "L", "Pengelola Data Kesejahteraan Sosial", "Pengatur (II/c)"),
    ("Rabiatul Adawiyah", "P", "Pekerja Sosial Ahli Muda", "Penata Tingkat I (III/d)"),
    ("Mirhan", "L", "Penyuluh Sosial Ahli Muda", "Penata (III/c)"),
    ("Nurhayati", "P", "Analis Jaminan Sosial", "Penata Muda Tingkat I (III/b)"),
    ("Zainal Arifin", "L", "Pekerja Sosial Ahli Pertama", "Penata Muda Tingkat I (III/b)"),
    ("Lailatul Qadariah", "P", "Pengelola Data Kesejahteraan Sosial", "Pengatur Tingkat I (II/d)"),
    ("Muhammad Yamani", "L", "Penyuluh Sosial Ahli Pertama", "Penata Muda (III/a)"),
    ("Yuliani", "P", "Pekerja Sosial Ahli Muda", "Penata (III/c)"),
    ("Sarbini", "L", "Analis Perlindungan Sosial", "Penata Tingkat I (III/d)"),
]
# Staff of the provincial agency itself (its 8 seats).
KALSEL_PROVINCE_STAFF = [
    ("Hamdan", "L", "Pekerja Sosial Ahli Muda", "Penata Tingkat I (III/d)"),
    ("Masitah", "P", "Analis Perlindungan Sosial", "Penata (III/c)"),
    ("Iwan Setiawan", "L", "Penyuluh Sosial Ahli Muda", "Penata (III/c)"),
    ("Rina Marlina", "P", "Pekerja Sosial Ahli Pertama", "Penata Muda Tingkat I (III/b)"),
    ("Anang Kosim", "L", "Pengelola Data Kesejahteraan Sosial", "Pengatur Tingkat I (II/d)"),
    ("Khairunnisa", "P", "Analis Jaminan Sosial", "Penata Muda (III/a)"),
    ("Rizky Maulana", "L", "Pekerja Sosial Ahli Pertama", "Penata Muda (III/a)"),
    ("Eva Susanti", "P", "Penyuluh Sosial Ahli Pertama", "Penata Muda Tingkat I (III/b)"),
]
# The next edition's nominations so far: (name, sex, role, regency or "63", confirmed?).
KALSEL_NEXT_NOMINEES = [
    ("Fitri Yani", "P", "pendamping-sembako", "63.03", True),
    ("Budi Hartono", "L", "petugas-dinsos", "63.03", True),
    ("Dina Mariana", "P", "pendamping-rs-rtlh", "63.05", True),
    ("Rahmat Hidayat", "L", "petugas-dinsos", "63.09", True),
    ("Sri Rahayu", "P", "petugas-dinsos", "63", True),
    ("Noor Ifansyah", "L", "pendamping-uep-p", "63.04", False),
    ("Amelia Putri", "P", "pendamping-sosial", "63.02", False),
]
# The seat of each kabupaten/kota (birth places of its people).
KALSEL_CAPITALS = {
    "63.01": "Pelaihari", "63.02": "Kotabaru", "63.03": "Martapura", "63.04": "Marabahan",
    "63.05": "Rantau", "63.06": "Kandangan", "63.07": "Barabai", "63.08": "Amuntai",
    "63.09": "Tanjung", "63.10": "Batulicin", "63.11": "Paringin", "63.71": "Banjarmasin",
    "63.72": "Banjarbaru",
}  # fmt: skip

# --- Generated registry holders --------------------------------------------
# Given names and second names common in South and Central Kalimantan; ``generated_name``
# pairs them by a stable hash, so the same key always gives the same person.
GIVEN_NAMES = {
    "L": [
        "Ahmad", "Muhammad", "Abdul", "Rahmadi", "Syahrul", "Husin", "Gusti", "Hairani",
        "Fauzi", "Yusuf", "Ismail", "Bahrudin", "Hamidan", "Saufi", "Rusdi", "Jumberi",
        "Anwar", "Mursyid", "Fadli", "Herman",
    ],
    "P": [
        "Siti", "Nor", "Fatimah", "Mariani", "Hamidah", "Rusmini", "Aisyah", "Jamilah",
        "Rahmah", "Zubaidah", "Hayati", "Mardiana", "Salasiah", "Kamariah", "Normila",
        "Hafsah", "Rabiah", "Nurlaila", "Sumiati", "Wahdah",
    ],
}  # fmt: skip
SECOND_NAMES = [
    "Hidayat", "Rahman", "Fajeri", "Saputra", "Aini", "Ansyari", "Zakiah", "Mahmud",
    "Hasanah", "Baihaqi", "Yanti", "Arsyad", "Jannah", "Idris", "Wati", "Kusuma",
    "Fitriah", "Rasyidi", "Lestari", "Asmuni", "Anggraini", "Maulidi", "Sari", "Hamdani",
]  # fmt: skip


def generated_name(builder: PeopleBuilder, key: str) -> tuple[str, str]:
    """(name, sex) for ``key``: a given and a second name not yet used in this run."""
    for salt in range(1000):
        value = stable_int("nama", key, salt)
        sex = "LP"[value % 2]
        given = GIVEN_NAMES[sex][(value >> 8) % len(GIVEN_NAMES[sex])]
        name = f"{given} {SECOND_NAMES[(value >> 16) % len(SECOND_NAMES)]}"
        if not builder.has(name):
            return name, sex
    raise ValueError(f"no free demo name for {key}")  # pragma: no cover - 960 pairs
