"""Reference rows every Pilar database needs, created idempotently.

Called by a data migration and by the test fixtures: ``transaction=True`` and
live-server tests flush every table, which erases rows that only a migration
made (docs/architecture.md, "Reference data").
"""

from __future__ import annotations

# (code, abbreviation, name, kind, is_psks, description)
SOCIAL_ROLES: list[tuple[str, str, str, str, bool, str]] = [
    (
        "peksos",
        "Peksos",
        "Pekerja Sosial Profesional",
        "person",
        True,
        "Bekerja di lembaga pemerintah atau swasta dengan kompetensi pekerjaan sosial.",
    ),
    (
        "psm",
        "PSM",
        "Pekerja Sosial Masyarakat",
        "person",
        True,
        "Warga yang secara sukarela melaksanakan penyelenggaraan kesejahteraan sosial.",
    ),
    (
        "tagana",
        "Tagana",
        "Taruna Siaga Bencana",
        "person",
        True,
        "Relawan masyarakat yang aktif dalam penanggulangan bencana.",
    ),
    (
        "lks",
        "LKS",
        "Lembaga Kesejahteraan Sosial",
        "institution",
        True,
        "Organisasi sosial yang menyelenggarakan pelayanan kesejahteraan sosial.",
    ),
    (
        "karang-taruna",
        "Karang Taruna",
        "Karang Taruna",
        "institution",
        True,
        "Organisasi kepemudaan desa/kelurahan di bidang kesejahteraan sosial.",
    ),
    (
        "lk3",
        "LK3",
        "Lembaga Konsultasi Kesejahteraan Keluarga",
        "institution",
        True,
        "Konseling, konsultasi, advokasi dan pemberdayaan keluarga.",
    ),
    (
        "keluarga-pioner",
        "Keluarga Pioner",
        "Keluarga Pioner",
        "family",
        True,
        "Keluarga teladan yang mampu mengatasi masalahnya secara efektif.",
    ),
    (
        "wksbm",
        "WKSBM",
        "Wahana Kesejahteraan Sosial Keluarga Berbasis Masyarakat",
        "institution",
        True,
        "Jejaring kelompok dan lembaga pelayanan sosial di tingkat akar rumput.",
    ),
    (
        "wpks",
        "WPKS",
        "Wanita Pemimpin Kesejahteraan Sosial",
        "person",
        True,
        "Perempuan yang menggerakkan dan memimpin usaha kesejahteraan sosial di lingkungannya.",
    ),
    (
        "penyuluh-sosial",
        "Penyuluh Sosial",
        "Penyuluh Sosial",
        "person",
        True,
        "Aparatur atau tokoh masyarakat yang bertugas menyuluh di bidang kesejahteraan sosial.",
    ),
    (
        "tksk",
        "TKSK",
        "Tenaga Kesejahteraan Sosial Kecamatan",
        "person",
        True,
        "Ditugaskan Kementerian Sosial/Dinas Sosial membantu penyelenggaraan kesejahteraan "
        "sosial di kecamatan.",
    ),
    (
        "dunia-usaha",
        "Dunia Usaha",
        "Dunia Usaha",
        "institution",
        True,
        "Badan usaha yang berperan dalam penyelenggaraan kesejahteraan sosial (CSR).",
    ),
    (
        "pendamping-pkh",
        "Pendamping PKH",
        "Pendamping Program Keluarga Harapan",
        "person",
        False,
        "Mendampingi keluarga penerima manfaat PKH dan memfasilitasi P2K2.",
    ),
    (
        "pendamping-sosial",
        "Pendamping Sosial",
        "Pendamping Sosial",
        "person",
        False,
        "Pendamping program bantuan dan pemberdayaan sosial.",
    ),
    (
        "pendamping-rs-rtlh",
        "Pendamping RS-RTLH",
        "Pendamping Rehabilitasi Sosial Rumah Tidak Layak Huni",
        "person",
        False,
        "Mendampingi penerima bantuan RS-RTLH (Permensos 20/2017, diubah 6/2021).",
    ),
    (
        "pendamping-uep-p",
        "Pendamping UEP-P",
        "Pendamping Usaha Ekonomi Produktif Perorangan",
        "person",
        False,
        "Mendampingi usaha penerima bantuan Usaha Ekonomi Produktif.",
    ),
    (
        "pendamping-sembako",
        "Pendamping Sembako/BPNT",
        "Pendamping Program Sembako/BPNT",
        "person",
        False,
        "Mendampingi keluarga penerima manfaat Program Sembako (Permensos 5/2021).",
    ),
    (
        "petugas-dinsos",
        "Petugas Dinsos",
        "Petugas Dinas Sosial",
        "person",
        False,
        "Aparatur Dinas Sosial provinsi atau kabupaten/kota.",
    ),
]


def ensure_social_roles(social_role_model=None) -> int:
    """Create the missing roles; never overwrite what staff edited. Returns how many were made."""
    if social_role_model is None:
        from participants.models import SocialRole as social_role_model
    existing = set(social_role_model.objects.values_list("code", flat=True))
    missing = [
        social_role_model(
            code=code,
            abbreviation=abbreviation,
            name=name,
            kind=kind,
            is_psks=is_psks,
            description=description,
            sort_order=index,
        )
        for index, (code, abbreviation, name, kind, is_psks, description) in enumerate(
            SOCIAL_ROLES, start=1
        )
        if code not in existing
    ]
    social_role_model.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
