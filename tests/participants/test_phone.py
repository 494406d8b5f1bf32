"""participants.phone: Indonesian mobile numbers as people type them → E.164."""

from __future__ import annotations

import pytest

from participants.phone import PhoneError, normalize_mobile


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("(0812) 3456.7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("  0812345678  ", "+62812345678"),  # 10 digits, the shortest
        ("0881 2345 67890", "+62881234567890"),  # 13 digits, the longest
    ],
)
def test_normalize_mobile_accepts_the_usual_ways_of_writing_a_number(typed, expected):
    assert normalize_mobile(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("021 5551234", "landline",
         "Masukkan nomor HP (seluler) yang diawali 08, mis. 0812 3456 7890. "
         "Nomor telepon rumah atau kantor tidak dapat dipakai."),
        ("(0519) 21234", "landline", None),
        ("+62 21 5551234", "landline", None),
        ("+1 202 555 0100", "country", "Gunakan nomor HP Indonesia (diawali 08 atau +62 8)."),
        ("+60 12 345 6789", "country", None),
        ("0812 345", "length",
         "Nomor HP terlalu pendek: nomor HP Indonesia berisi 10–13 angka bila ditulis dengan "
         "08 di depan (yang diisi 7 angka)."),
        ("0812 3456 7890 12", "length",
         "Nomor HP terlalu panjang: nomor HP Indonesia berisi 10–13 angka bila ditulis dengan "
         "08 di depan (yang diisi 14 angka)."),
        ("", "characters", None),
        ("0812-ABCD-7890", "characters",
         "Nomor HP hanya boleh berisi angka 0–9, spasi, tanda hubung, dan + di depan."),
        ("٠٨١٢٣٤٥٦٧٨٩٠", "characters", None),  # Arabic-Indic digits
        ("０８１２３４５６７８９０", "characters", None),  # fullwidth digits
        ("0812\x0034567890", "characters", None),
        ("08123+4567890", "characters", None),
    ],
)  # fmt: skip
def test_normalize_mobile_refuses_what_is_not_an_indonesian_mobile(typed, code, message):
    with pytest.raises(PhoneError) as error:
        normalize_mobile(typed)

    assert error.value.code == code
    if message is not None:
        assert error.value.message == message
