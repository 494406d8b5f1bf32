"""Typed names: what is refused, and which spellings count as the stored person's name."""

import pytest

from participants.names import PersonNameError, clean_person_name, name_key, names_match


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Nor   Ratna Kumala Dewi ", "Nor Ratna Kumala Dewi"),
        ("NOR RATNA KUMALA DEWI", "Nor Ratna Kumala Dewi"),
        ("Sunarty", "Dr. Hj. Sunarty, S.M.Pd"),
        ("Hj Nor Ratna Kumala Dewi", "Nor Ratna Kumala Dewi"),
        ("Suparmi A. Aspian", "Suparmi A Aspian"),
        ("M. Yusuf", "Muhammad Yusuf"),
        ("Mohammad Rizky", "Muhamad Rizky"),
        ("Budi Santoso S.Pd", "Budi Santoso, S.Pd., M.Si."),
        ("Siti Nur'aini", "Siti Nuraini"),
        ("Yusran Effendi", "Yusran Efféndi"),
        ("Ahmad\u200b Fauzi", "Ahmad Fauzi"),
        ("Sukarno", "Sukarno"),  # one name only, as many Indonesians have
    ],
)
def test_names_match_across_spelling_variants(typed, stored):
    assert names_match(typed, stored) is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Amir", "Amir Hamzah"),  # part of a name is not the name
        ("Amir Hamzah", "Hamzah Amir"),  # word order is kept
        ("Siti Aminah", "Siti Aminah Hasibuan"),
        ("Dewi", "Dewi Sartika"),
        ("Muhammad Yusuf", "Yusuf"),
        ("Sunarti", "Sunarty"),  # one letter apart is another person as far as we can tell
        ("", "Amir Hamzah"),
    ],
)
def test_names_do_not_match_when_they_are_different_names(typed, stored):
    assert names_match(typed, stored) is False


def test_name_key_drops_titles_and_degrees_only_around_the_name():
    assert name_key("Prof. Dr. Ir. H. Bambang Hadi, M.Sc., Ph.D") == ("bambang", "hadi")
    assert name_key("Haji") == ("haji",)  # a title alone is the name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Siti   Aminah ", "Siti Aminah"),
        ("Ａｍｉｒ", "Amir"),  # fullwidth letters, NFKC
        ("Ahmad\u200bFauzi", "AhmadFauzi"),
        ("Yu", "Yu"),
    ],
)
def test_clean_person_name_normalises(typed, stored):
    assert clean_person_name(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("\u200b\u200c\u200d", "letters"),
        ("A", "letters"),
        ("1234 --", "letters"),
        ("Ani\u202eresu", "bidi"),
        ("\u2067Budi\u2069", "bidi"),
        ("Budi\u200f", "bidi"),
    ],
)
def test_clean_person_name_refuses_invisible_and_reordering_names(typed, code):
    with pytest.raises(PersonNameError) as excinfo:
        clean_person_name(typed)

    assert excinfo.value.code == code
