"""The participant merge page's forms: pick two records by exact NIK, then choose the
survivor and, per identity field, whose value it keeps. Both records must be people
the user can see (``trainings.access.visible_participants``)."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import Participant
from trainings.selectors.participants import participant_by_nik, participants_by_id
from trainings.services.participants import KEEP, MERGE_FIELDS, REMOVE

_NIK = re.compile(r"[0-9]{16}")
SIDES = ("a", "b")


class PickForm(forms.Form):
    """Two exact NIKs of people the user can see."""

    nik_a = forms.CharField(label=gettext_lazy("NIK data pertama"), max_length=16)
    nik_b = forms.CharField(label=gettext_lazy("NIK data kedua"), max_length=16)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.people: dict[str, Participant] = {}
        for name in ("nik_a", "nik_b"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{16}"}
            )

    def _clean_nik(self, name: str) -> str:
        nik = self.cleaned_data[name].strip()
        if not _NIK.fullmatch(nik):
            raise forms.ValidationError(_("NIK terdiri dari tepat 16 angka."), code="nik_form")
        person = participant_by_nik(self.user, nik)
        if person is None:
            # The same answer whether the NIK exists elsewhere or not at all.
            raise forms.ValidationError(
                _("Tidak ada peserta dengan NIK ini dalam cakupan Anda."), code="nik_unknown"
            )
        self.people[name] = person
        return nik

    def clean_nik_a(self) -> str:
        return self._clean_nik("nik_a")

    def clean_nik_b(self) -> str:
        return self._clean_nik("nik_b")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nik_a") and cleaned.get("nik_a") == cleaned.get("nik_b"):
            raise forms.ValidationError(_("Masukkan dua NIK yang berbeda."), code="same_nik")
        return cleaned


class MergeForm(forms.Form):
    """The survivor (a or b) and, per identity field, whose value it keeps."""

    a = forms.IntegerField(widget=forms.HiddenInput)
    b = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.ChoiceField(
        label=gettext_lazy("Data yang dipertahankan"),
        choices=[(side, side) for side in SIDES],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in MERGE_FIELDS:
            self.fields[f"field_{name}"] = forms.ChoiceField(
                choices=[(side, side) for side in SIDES], widget=forms.RadioSelect
            )

    def clean(self):
        cleaned = super().clean()
        ids = [cleaned.get(side) for side in SIDES]
        if None in ids:
            return cleaned
        if ids[0] == ids[1]:
            raise forms.ValidationError(_("Pilih dua data peserta yang berbeda."), code="same")
        found = participants_by_id(self.user, ids)
        if len(found) != 2:
            raise Http404  # tampered with, or gone out of scope meanwhile
        self.people = {side: found[pk] for side, pk in zip(SIDES, ids, strict=True)}
        return cleaned

    def merge_arguments(self) -> dict:
        """``keep``, ``remove`` and ``field_choices`` for ``participant_merge``."""
        keep_side = self.cleaned_data["keep"]
        remove_side = "b" if keep_side == "a" else "a"
        return {
            "keep": self.people[keep_side],
            "remove": self.people[remove_side],
            "field_choices": {
                name: KEEP if self.cleaned_data[f"field_{name}"] == keep_side else REMOVE
                for name in MERGE_FIELDS
            },
        }
