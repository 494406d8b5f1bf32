"""Check-in forms: what the door's phone sends. They read and normalise; the views look the
registration up in scope and the services decide.

Sessions and registrations arrive as plain ids: checking that they belong to the
training is the view's one lookup query (no ``ModelChoiceField`` query per tap).
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trainings.codes import normalize_code
from trainings.models import Attendance, Session

# What one tap may record at the door, in the order of the buttons.
DOOR_STATUSES = [
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.EXCUSED,
    Attendance.Status.SICK,
    Attendance.Status.ABSENT,
]


class CheckinPageForm(forms.Form):
    """The page's GET: which session, and a search by name or whole NIK."""

    session = forms.TypedChoiceField(label=_("Sesi"), coerce=int, required=False)
    q = forms.CharField(
        label=_("Cari peserta"),
        required=False,
        max_length=100,
        help_text=_("Nama, atau NIK lengkap (16 angka)."),
    )

    def __init__(self, data: QueryDict, *, sessions: list[Session], labels: dict[int, str]):
        super().__init__(data)
        self.fields["session"].choices = [(session.pk, labels[session.pk]) for session in sessions]
        self.fields["session"].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "class": "form-control"}
        )

    def chosen(self) -> tuple[int | None, str]:
        """The session id asked for (None: not given or not one of the training's) and the
        search text; a bad value is ignored, not an error."""
        self.is_valid()
        return self.cleaned_data.get("session"), (self.cleaned_data.get("q") or "").strip()


class CheckinCodeForm(forms.Form):
    """A registration code typed by hand or sent by a scanner (which types it and presses
    Enter). ``a7k2-9mqp`` and ``A7K2 9MQP`` are one code, and an O typed for a zero (or an
    I or L for a one) is read as the digit (``trainings.codes.normalize_code``)."""

    session = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Kode pendaftaran"),
        max_length=32,
        help_text=_(
            "Ketik kode pendaftaran atau pindai kode QR peserta dengan pemindai, lalu tekan Enter."
        ),
        widget=forms.TextInput(
            attrs={
                "class": "form-control font-monospace text-uppercase",
                # The door's phone: the cursor waits here for the next code.
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "aria-describedby": "id_code_helptext",
            }
        ),
    )

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])


class AttendanceMarkForm(forms.Form):
    """One tap on a person's row: Hadir, Terlambat, Izin, Sakit or Alpa."""

    session = forms.IntegerField(min_value=1)
    registration = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=[(status.value, status.label) for status in DOOR_STATUSES])
    q = forms.CharField(required=False, max_length=100)


class SessionCloseForm(forms.Form):
    """ "Mark everyone not yet checked in as alpa", after the confirm step."""

    session = forms.IntegerField(min_value=1)
