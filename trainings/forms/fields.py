"""Field builders and validators shared by the public forms."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from participants.nik import NIKError, parse_nik


class LazyChoices(BaseChoiceIterator):
    """Choices computed on first use and kept: rendering a select iterates its
    choices more than once, and a POST that is not rendered never computes them."""

    def __init__(self, compute: Callable[[], list[tuple[str, str]]]) -> None:
        self.compute = compute
        self.cache: list[tuple[str, str]] | None = None

    def __iter__(self):
        if self.cache is None:
            self.cache = list(self.compute())
        yield from self.cache


def no_control_characters(value: str) -> None:
    # NUL has Django's own validator and message; this catches the rest
    # (line breaks in a name, escape codes, …).
    if any(char != "\x00" and unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Isian ini berisi karakter yang tidak diizinkan."), code="control_character"
        )


def text_field(label, *, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_control_characters],
        **kwargs,
    )


def region_field(label, *, required: bool = True) -> forms.CharField:
    field = forms.CharField(label=label, max_length=13, required=required, widget=forms.Select)
    field.widget.attrs.pop("maxlength", None)  # not an attribute of <select>
    return field


def birth_date_field() -> forms.DateField:
    return forms.DateField(
        label=_("Tanggal lahir"),
        # type=date needs ISO values, whatever the active locale: the Indonesian
        # format (23-10-1985) would show as blank in the browser after a form error.
        widget=forms.DateInput(attrs={"type": "date", "min": "1900-01-01"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )


def clean_birth_date(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not datetime.date(1900, 1, 1) <= value <= timezone.localdate():
        raise ValidationError(
            _("Tanggal lahir harus antara 1 Januari 1900 dan hari ini."), code="out_of_range"
        )
    return value


def clean_nik(value: str) -> str:
    try:
        return parse_nik(value).nik
    except NIKError as error:
        raise ValidationError(error.message, code=f"nik_{error.code}") from None


def nik_field() -> forms.CharField:
    field = text_field(
        _("NIK"),
        max_length=64,  # a longer NIK gets parse_nik's message, which says how long it was
        help_text=_("16 angka, seperti tertulis pada KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field.widget.attrs["maxlength"] = "16"
    return field
