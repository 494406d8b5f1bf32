"""The columns of the two import files: header, short label for messages, help text.

Headers are matched loosely (case, punctuation and a note in brackets do not
matter, a few common variants are accepted), so a list typed by hand with
"No HP" or "Jenis kelamin" is read as well as the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template
    help: str  # for the "Petunjuk" sheet
    required: bool = False
    text: bool = False  # formatted as Text ("@") in the template
    width: int = 18
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The header without its bracketed note: how messages name the column."""
        return re.sub(r"\s*\(.*?\)", "", self.header).strip()


def header_key(text: object) -> str:
    """A header compared loosely: "Jenis Kelamin (L/P)" → "jenis kelamin"."""
    if not isinstance(text, str):
        return ""
    text = re.sub(r"\(.*?\)", " ", text.lower())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_NIK_HELP = _(
    "16 angka sesuai KTP. Kolom ini berformat Teks: ketik NIK apa adanya. Jangan menempel "
    "NIK dari kolom berformat Angka — Excel hanya menyimpan 15 digit, sehingga digit "
    "terakhir berubah menjadi 0."
)
_NAME_HELP = _("Nama lengkap sesuai KTP, tanpa gelar. Satu kata pun boleh.")
_SEX_HELP = _("L (laki-laki) atau P (perempuan); boleh juga ditulis Laki-laki / Perempuan.")
_BIRTH_DATE_HELP = _(
    "Tanggal Excel, atau teks hh-bb-tttt (23-10-1985), hh/bb/tttt atau tttt-bb-hh."
)
_PHONE_HELP = _(
    "Nomor HP (seluler) Indonesia, mis. 0812 3456 7890 atau +62 812 3456 7890. Boleh kosong."
)
_EMAIL_HELP = _("Boleh kosong. Kode pendaftaran dan kabar pelatihan dikirim ke alamat ini.")
_ROLE_HELP = _("Nama unsur atau singkatannya, mis. TKSK, PSM, Tagana (lihat daftar di bawah).")


def person_columns(*, sex_header: str, email_help) -> tuple[Column, ...]:
    """The person's columns, the same in both files but for the sex header and the e-mail's
    help: NIK, name, sex, birth place and date, phone, e-mail (``rows.read_person``)."""
    return (
        Column("nik", "NIK", _NIK_HELP, required=True, text=True, width=20),
        Column("full_name", "Nama Lengkap", _NAME_HELP, required=True, width=28, aliases=("nama",)),
        Column("sex", sex_header, _SEX_HELP, required=True, width=10, aliases=("jk", "l p")),
        Column("birth_place", "Tempat Lahir", _("Boleh kosong."), width=16),
        Column("birth_date", "Tanggal Lahir", _BIRTH_DATE_HELP, required=True, width=14),
        Column(
            "phone",
            "No. HP",
            _PHONE_HELP,
            text=True,
            width=16,
            aliases=("nomor hp", "no hp wa", "hp", "no telepon", "telepon"),
        ),
        Column("email", "E-mail", email_help, width=24, aliases=("email", "surel")),
    )


REGISTRATION_COLUMNS: tuple[Column, ...] = (
    Column("no", "No", _("Nomor urut; tidak dibaca."), width=6, aliases=("nomor", "no urut")),
    *person_columns(sex_header="Jenis Kelamin (L/P)", email_help=_EMAIL_HELP),
    Column(
        "home",
        "Kecamatan/Desa (nama atau kode)",
        _(
            "Tempat tinggal: nama kecamatan (dicari di kabupaten/kota pada kolom berikut), "
            'atau "kecamatan / desa", atau kode Kemendagri (62.05.05, 62.05.05.1014). '
            "Boleh kosong."
        ),
        width=22,
        aliases=("kecamatan", "domisili", "kecamatan desa kelurahan"),
    ),
    Column(
        "regency",
        "Kabupaten/Kota",
        _("Kabupaten/kota tempat tinggal, nama (Kabupaten Barito Utara) atau kode (62.05)."),
        width=22,
        aliases=("kabupaten", "kota", "kab kota"),
    ),
    Column("role", "Unsur (nama atau singkatan)", _ROLE_HELP, required=True, width=16),
    Column(
        "unit",
        "Lembaga/Unit",
        _("Mis. nama LKS atau Karang Taruna. Boleh kosong."),
        width=22,
        aliases=("lembaga", "unit kerja", "lembaga unit kerja"),
    ),
    Column(
        "represented",
        "Mewakili (kabupaten/kota atau kode)",
        _(
            "Kabupaten/kota yang mengutus peserta (nama atau kode), atau nama lembaga "
            "penyelenggara; menentukan kuota kursi peserta."
        ),
        required=True,
        width=24,
    ),
)

REGISTRY_COLUMNS: tuple[Column, ...] = (
    *person_columns(sex_header="Jenis Kelamin", email_help=_("Boleh kosong.")),
    Column(
        "home",
        "Domisili (kecamatan/desa)",
        _(
            "Tempat tinggal: nama kecamatan (dicari di wilayah lembaga Anda), "
            '"kecamatan / desa", atau kode Kemendagri. Boleh kosong.'
        ),
        width=22,
        aliases=("kecamatan", "kecamatan desa"),
    ),
    Column("role", "Unsur", _ROLE_HELP, required=True, width=16),
    Column(
        "sk_number",
        "Nomor SK",
        _("Nomor surat keputusan pengangkatan. Boleh kosong."),
        text=True,
        width=24,
        aliases=("no sk",),
    ),
    Column(
        "sk_year",
        "Tahun SK",
        _("Tahun pengangkatan, empat angka. Boleh kosong."),
        width=10,
        aliases=("tahun pengangkatan", "tahun"),
    ),
    Column(
        "duty_region",
        "Wilayah Tugas",
        _(
            "Wilayah tugas (mis. kecamatan seorang TKSK): nama kabupaten/kota atau kecamatan "
            "di wilayah lembaga Anda, atau kodenya. Boleh kosong."
        ),
        width=22,
    ),
    Column(
        "active",
        "Aktif (Ya/Tidak)",
        _("Ya atau Tidak. Kosong: Ya untuk data baru, tidak diubah untuk data lama."),
        width=10,
    ),
)
