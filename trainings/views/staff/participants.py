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

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from trainings import access, nik_audit
from trainings.errors import PilarError
from trainings.forms.merge import SIDES, MergeForm, PickForm
from trainings.selectors import participants as selectors
from trainings.services.participants import MERGE_FIELDS, participant_merge


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
    history, roles = selectors.participant_histories(people)
    shared = {r.training_id for r in history["a"]} & {r.training_id for r in history["b"]}
    return {"rows": rows, "history": history, "roles": roles, "shared": shared}


def _render_compare(request, form: MergeForm, people: dict[str, Participant], status=200):
    nik_audit.note_full_niks_shown(request, len(people))  # both records' NIKs, in full
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
            found = selectors.participants_by_id(request.user, ids)
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
