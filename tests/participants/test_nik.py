"""Tests for participants.nik (pure Python, no database)."""

import csv
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.nik import (
    REGIONS_DIR,
    NIKError,
    NIKWarning,
    ParsedNIK,
    build_nik,
    is_valid_nik,
    mask_nik,
    nik_warnings,
    parse_nik,
)

TODAY = date(2026, 6, 15)

with (REGIONS_DIR / "districts.csv").open(encoding="utf-8", newline="") as fh:
    DISTRICT_CODES = sorted(row["code"] for row in csv.DictReader(fh))


def error_of(value, **kwargs):
    with pytest.raises(NIKError) as info:
        parse_nik(value, today=TODAY, **kwargs)
    return info.value


# --- parse_nik: accepted values -------------------------------------------------


def test_parse_nik_male_decodes_all_parts():
    assert parse_nik("6205052310850001", today=TODAY) == ParsedNIK(
        nik="6205052310850001",
        district_prefix="620505",
        province_code="62",
        regency_code="62.05",
        district_code="62.05.05",
        birth_date=date(1985, 10, 23),
        sex="L",
        serial="0001",
    )


def test_parse_nik_female_day_has_40_added():
    parsed = parse_nik("6371016310850123", today=TODAY)
    assert (parsed.birth_date, parsed.sex, parsed.serial) == (date(1985, 10, 23), "P", "0123")


def test_parse_nik_female_day_71_is_31st():
    assert parse_nik("6205057112990001", today=TODAY).birth_date == date(1999, 12, 31)


def test_parse_nik_strips_surrounding_whitespace():
    assert parse_nik(" \t6205052310850001\n ", today=TODAY).nik == "6205052310850001"


def test_parse_nik_leap_year_29_february_accepted():
    assert parse_nik("6205052902840001", today=TODAY).birth_date == date(1984, 2, 29)


def test_parse_nik_year_00_is_2000_so_29_february_is_valid():
    assert parse_nik("6205056902000001", today=TODAY).birth_date == date(2000, 2, 29)


def test_parse_nik_century_yy_above_current_yy_is_1900s():
    assert parse_nik("6205050101270001", today=TODAY).birth_date == date(1927, 1, 1)


def test_parse_nik_century_yy_equal_current_yy_is_2000s():
    assert parse_nik("6205050101260001", today=TODAY).birth_date == date(2026, 1, 1)


def test_parse_nik_century_yy_below_current_yy_is_2000s():
    assert parse_nik("6205050107050001", today=TODAY).birth_date == date(2005, 7, 1)


def test_parse_nik_century_future_date_in_current_yy_is_1900s():
    assert parse_nik("6205053112260001", today=TODAY).birth_date == date(1926, 12, 31)


def test_parse_nik_century_prefers_declared_birth_date():
    parsed = parse_nik("6205050107200001", today=TODAY, declared_birth_date=date(1920, 7, 1))
    assert parsed.birth_date == date(1920, 7, 1)


def test_parse_nik_century_declared_date_with_other_day_still_picks_closest():
    parsed = parse_nik("6205050107200001", today=TODAY, declared_birth_date=date(1921, 3, 4))
    assert parsed.birth_date == date(1920, 7, 1)


def test_parse_nik_does_not_check_region():
    assert parse_nik("9999992310850001", today=TODAY).district_code == "99.99.99"


# --- parse_nik: rejections with exact messages -------------------------------------


def test_parse_nik_too_short_rejected():
    err = error_of("620505231085001")
    assert (err.code, err.message) == (
        "length",
        "NIK harus tepat 16 digit angka (0–9); yang diisi 15 karakter.",
    )


def test_parse_nik_too_long_rejected():
    assert error_of("62050523108500011").message == (
        "NIK harus tepat 16 digit angka (0–9); yang diisi 17 karakter."
    )


def test_parse_nik_empty_rejected():
    assert error_of("   ").message == (
        "NIK harus tepat 16 digit angka (0–9); yang diisi 0 karakter."
    )


def test_parse_nik_interior_separators_rejected():
    assert error_of("6205.0523.1085.0001").code == "length"
    assert error_of("6205 05 2310850001").code == "length"


def test_parse_nik_letter_rejected():
    err = error_of("62050523108500O1")
    assert (err.code, err.message) == ("digits", "NIK hanya boleh berisi angka 0–9.")


def test_parse_nik_arabic_indic_digits_rejected():
    arabic = "٦٢٠٥٠٥٢٣١٠٨٥٠٠٠١"
    assert arabic.isdigit()
    err = error_of(arabic)
    assert (err.code, err.message) == ("digits", "NIK hanya boleh berisi angka 0–9.")


def test_parse_nik_fullwidth_digit_rejected():
    assert error_of("620505231085000１").code == "digits"


def test_parse_nik_sign_rejected():
    assert error_of("+620505231085001").code == "digits"


@pytest.mark.parametrize("day", ["00", "32", "35", "40", "72", "99"])
def test_parse_nik_day_out_of_range_rejected(day):
    err = error_of(f"620505{day}10850001")
    assert (err.code, err.message) == (
        "day",
        "Digit ke-7 dan ke-8 NIK (tanggal lahir) harus 01–31 untuk laki-laki atau "
        f"41–71 untuk perempuan; tertulis {day}.",
    )


@pytest.mark.parametrize("month", ["00", "13"])
def test_parse_nik_month_out_of_range_rejected(month):
    err = error_of(f"62050523{month}850001")
    assert (err.code, err.message) == (
        "month",
        f"Digit ke-9 dan ke-10 NIK (bulan lahir) harus 01–12; tertulis {month}.",
    )


def test_parse_nik_30_february_rejected():
    err = error_of("6205053002850001")
    assert (err.code, err.message) == (
        "date",
        "Tanggal lahir dalam NIK tidak ada di kalender: 30-02-85.",
    )


def test_parse_nik_female_31_april_rejected_with_decoded_day():
    assert error_of("6205057104850001").message == (
        "Tanggal lahir dalam NIK tidak ada di kalender: 31-04-85."
    )


def test_parse_nik_29_february_non_leap_year_rejected():
    assert error_of("6205052902850001").code == "date"


def test_parse_nik_serial_0000_rejected():
    err = error_of("6205052310850000")
    assert (err.code, err.message) == (
        "serial",
        "Empat digit terakhir NIK (nomor urut) tidak boleh 0000.",
    )


def test_parse_nik_error_is_value_error():
    assert isinstance(error_of("x"), ValueError)


def test_is_valid_nik_true_and_false():
    assert is_valid_nik("6205052310850001") is True
    assert is_valid_nik("6205052310850000") is False
    assert is_valid_nik(6205052310850001) is False
    assert is_valid_nik(None) is False


# --- mask_nik ----------------------------------------------------------------------


def test_mask_nik_16_digits():
    assert mask_nik("6205052310850001") == "6205********0001"


def test_mask_nik_other_length_keeps_two_each_side():
    assert mask_nik("620505231085001") == "62***********01"


def test_mask_nik_short_value_fully_masked():
    assert mask_nik("12345") == "*****"
    assert mask_nik("") == ""


# --- nik_warnings ------------------------------------------------------------------


def warnings_for(nik, **kwargs):
    return nik_warnings(parse_nik(nik, today=TODAY), **kwargs)


def test_nik_warnings_none_when_everything_matches():
    assert (
        warnings_for(
            "6205052310850001",
            birth_date=date(1985, 10, 23),
            sex="L",
            region_code="62.05.05.1014",
        )
        == []
    )


def test_nik_warnings_none_without_declared_data():
    assert warnings_for("6205052310850001") == []


def test_nik_warnings_birth_date_mismatch():
    assert warnings_for("6205052310850001", birth_date=date(1985, 10, 24)) == [
        NIKWarning(
            "birth_date",
            "Tanggal lahir dalam NIK (23-10-1985) berbeda dengan tanggal lahir yang diisi "
            "(24-10-1985)."
            " Cocokkan keduanya dengan KTP: salah satunya mungkin salah ketik.",
        )
    ]


def test_nik_warnings_birth_date_ignores_century():
    assert warnings_for("6205052310850001", birth_date=date(2085, 10, 23)) == []


def test_nik_warnings_sex_mismatch():
    assert warnings_for("6205056310850001", sex="L") == [
        NIKWarning(
            "sex",
            "Jenis kelamin dalam NIK (perempuan) berbeda dengan jenis kelamin yang diisi "
            "(laki-laki)."
            " Pada NIK perempuan, tanggal lahir ditambah 40; periksa NIK dan jenis kelamin pada KTP.",
        )
    ]


def test_nik_warnings_invalid_sex_raises():
    with pytest.raises(ValueError):
        warnings_for("6205052310850001", sex="M")


def test_nik_warnings_region_mismatch():
    assert warnings_for("6205052310850001", region_code="63.71.01") == [
        NIKWarning(
            "region",
            "Wilayah asal NIK (Kabupaten Barito Utara, 62.05) berbeda dengan wilayah yang "
            "diisi (Kota Banjarmasin, 63.71). Ini wajar bila peserta pindah domisili, "
            "karena NIK tetap memakai kode wilayah tempat pertama kali didaftarkan.",
        )
    ]


def test_nik_warnings_region_same_regency_other_district_no_warning():
    assert warnings_for("6205052310850001", region_code="62.05.01") == []


def test_nik_warnings_region_province_level():
    assert warnings_for("6205052310850001", region_code="62") == []
    assert [w.code for w in warnings_for("6205052310850001", region_code="63")] == ["region"]
    assert warnings_for("6205052310850001", region_code="63")[0].message.startswith(
        "Wilayah asal NIK (Kalimantan Tengah, 62) berbeda dengan wilayah yang diisi "
        "(Kalimantan Selatan, 63)."
    )


def test_nik_warnings_invalid_region_code_raises():
    with pytest.raises(ValueError):
        warnings_for("6205052310850001", region_code="620505")


def test_nik_warnings_legacy_papua_prefix_is_known_and_matches_new_regency():
    assert warnings_for("9101012310850001", region_code="93.01") == []
    assert warnings_for("9101012310850001", region_code="93.01.01.2001") == []


def test_nik_warnings_legacy_papua_prefix_against_old_province_warns():
    codes = [w.code for w in warnings_for("9101012310850001", region_code="91.01")]
    assert codes == ["region"]


def test_nik_warnings_unknown_prefix():
    assert warnings_for("9999992310850001") == [
        NIKWarning(
            "unknown_prefix",
            "Kode wilayah NIK (99.99.99) tidak ditemukan dalam daftar kecamatan Kemendagri, "
            "baik kode yang berlaku maupun kode lama. Periksa kembali NIK.",
        )
    ]


def test_nik_warnings_unknown_district_in_known_regency():
    assert [w.code for w in warnings_for("6205992310850001", region_code="62.05")] == [
        "unknown_prefix"
    ]


def test_nik_warnings_all_kinds_in_order():
    codes = [
        w.code
        for w in warnings_for(
            "9999992310850001", birth_date=date(1985, 1, 1), sex="P", region_code="62"
        )
    ]
    assert codes == ["birth_date", "sex", "region", "unknown_prefix"]


# --- build_nik ---------------------------------------------------------------------


def test_build_nik_female():
    nik = build_nik(district_code="62.05.05", birth_date=date(1985, 10, 23), sex="P", serial=7)
    assert nik == "6205056310850007"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"district_code": "620505"},
        {"sex": "X"},
        {"serial": 0},
        {"serial": 10000},
    ],
)
def test_build_nik_invalid_input_raises(kwargs):
    args = {"district_code": "62.05.05", "birth_date": date(1985, 1, 1), "sex": "L", "serial": 1}
    with pytest.raises(ValueError):
        build_nik(**(args | kwargs))


# --- properties --------------------------------------------------------------------


@given(
    district_code=st.sampled_from(DISTRICT_CODES),
    birth_date=st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_build_nik_round_trips_through_parse_nik(district_code, birth_date, sex, serial):
    nik = build_nik(district_code=district_code, birth_date=birth_date, sex=sex, serial=serial)
    parsed = parse_nik(nik, declared_birth_date=birth_date)
    assert (parsed.district_code, parsed.birth_date, parsed.sex, int(parsed.serial)) == (
        district_code,
        birth_date,
        sex,
        serial,
    )
    assert nik_warnings(parsed, birth_date=birth_date, sex=sex, region_code=district_code) == []


@given(st.text().filter(lambda s: not re.fullmatch(r"[0-9]{16}", s.strip())))
def test_parse_nik_rejects_anything_but_16_ascii_digits(value):
    with pytest.raises(NIKError):
        parse_nik(value)
    assert is_valid_nik(value) is False


@given(
    st.lists(st.sampled_from("0123456789"), min_size=16, max_size=16),
    st.integers(min_value=0, max_value=15),
    st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789"),
)
def test_parse_nik_rejects_any_non_ascii_decimal_digit(digits, position, char):
    digits[position] = char
    assert error_of("".join(digits)).code == "digits"


@given(st.text())
def test_parse_nik_raises_only_nik_error(value):
    try:
        parsed = parse_nik(value, today=TODAY)
    except NIKError as err:
        assert err.message == str(err)
    else:
        assert re.fullmatch(r"[0-9]{16}", parsed.nik)


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_parse_nik_valid_16_digits_rebuild_identically(value):
    try:
        parsed = parse_nik(value, today=TODAY)
    except NIKError:
        return
    rebuilt = build_nik(
        district_code=parsed.district_code,
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        serial=int(parsed.serial),
    )
    assert rebuilt == value
    assert mask_nik(value) == value[:4] + "********" + value[-4:]
