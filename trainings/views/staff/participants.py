"""Staff pages: participants — merging two records of one person (data ganda).

Only staff who may see full NIKs *and* change data (agency admins and training
staff granted ``participants.view_full_nik``, or superusers) reach the merge
page; for everyone else it does not exist (404). Both records must be visible
to the user (``trainings.access.visible_participants``).

Three steps, no NIK ever in a URL: pick the two by exact NIK (or come from the
admin's "merge" action, which hands their ids over in the session), compare them
side by side and choose the survivor and each field's value, confirm (POST →
``participant_merge`` → redirect).
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from trainings import access
from trainings.errors import PilarError
from trainings.models import Registration
from trainings.services.participants import KEEP, MERGE_FIELDS, REMOVE, participant_merge

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
        person = access.visible_participants(self.user).filter(nik=nik).first()
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
        found = {
            person.pk: person
            for person in access.visible_participants(self.user).filter(pk__in=ids)
        }
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


def _initial_choices(a: Participant, b: Participant) -> dict[str, str]:
    """Keep the first record; per field its value, unless only the second has one."""
    initial = {"a": a.pk, "b": b.pk, "keep": "a"}
    for name in MERGE_FIELDS:
        attribute = "home_region_id" if name == "home_region" else name
        empty_in_a = getattr(a, attribute) in ("", None)
        initial[f"field_{name}"] = "b" if empty_in_a and getattr(b, attribute) else "a"
    return initial


def _display(person: Participant, name: str) -> str:
    if name == "home_region":
        return str(person.home_region) if person.home_region_id else ""
    if name == "sex":
        return person.get_sex_display()
    if name == "birth_date":
        return person.birth_date.strftime("%d-%m-%Y")
    return getattr(person, name) or ""


def _comparison(form: MergeForm, people: dict[str, Participant]) -> dict:
    """Rows of the side-by-side table, and each record's trainings and registry."""
    labels = {name: Participant._meta.get_field(name).verbose_name for name in MERGE_FIELDS}
    rows = [
        {
            "name": name,
            "label": labels[name],
            "field": form[f"field_{name}"],
            "values": {side: _display(people[side], name) for side in SIDES},
            "differs": _display(people["a"], name) != _display(people["b"], name),
        }
        for name in MERGE_FIELDS
    ]
    registrations = (
        Registration.objects.filter(participant__in=people.values())
        .select_related("training")
        .order_by("training__starts_on", "pk")
    )
    history = {side: [] for side in SIDES}
    side_of = {person.pk: side for side, person in people.items()}
    for registration in registrations:
        history[side_of[registration.participant_id]].append(registration)
    roles = {side: list(people[side].roles_held.select_related("role")) for side in SIDES}
    shared = {r.training_id for r in history["a"]} & {r.training_id for r in history["b"]}
    return {"rows": rows, "history": history, "roles": roles, "shared": shared}


def _render_compare(request, form: MergeForm, people: dict[str, Participant], status=200):
    return render(
        request,
        "staff/participants_merge_compare.html",
        {"form": form, "people": people, **_comparison(form, people)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required
def merge(request):
    """Pick two records, compare them, merge them (see the module docstring)."""
    if not access.may_merge(request.user):
        raise Http404
    step = request.POST.get("step") if request.method == "POST" else None

    if step == "merge":
        form = MergeForm(request.POST, user=request.user)
        if not form.is_valid():
            people = getattr(form, "people", None)
            if people is None:
                return redirect("staff:participant_merge")
            return _render_compare(request, form, people, status=400)
        try:
            survivor = participant_merge(actor=request.user, **form.merge_arguments())
        except PilarError as error:
            form.add_error(None, error.message)
            return _render_compare(request, form, form.people, status=400)
        messages.success(
            request,
            _("Data peserta digabung menjadi %(name)s (%(nik)s).")
            % {"name": survivor.full_name, "nik": survivor.masked_nik},
        )
        return redirect("staff:participant_merge")

    chosen = None
    if step == "pick":
        pick = PickForm(request.POST, user=request.user)
        if pick.is_valid():
            chosen = [pick.people["nik_a"], pick.people["nik_b"]]
    else:
        pick = PickForm(user=request.user)
        ids = None
        if request.method == "GET":
            ids = request.session.pop(access.MERGE_SESSION_KEY, None)
        if ids:
            found = {p.pk: p for p in access.visible_participants(request.user).filter(pk__in=ids)}
            if len(found) == 2:
                chosen = [found[pk] for pk in sorted(found)]
    if chosen is None:
        status = 400 if pick.is_bound else 200
        return render(request, "staff/participants_merge.html", {"form": pick}, status=status)
    a, b = chosen
    form = MergeForm(initial=_initial_choices(a, b), user=request.user)
    return _render_compare(request, form, {"a": a, "b": b})


urlpatterns = [
    path("participants/merge/", merge, name="participant_merge"),
]
