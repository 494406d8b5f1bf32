"""The reports' index: the trainings the user may see."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trainings import access

TRAININGS_PER_PAGE = 50


@require_safe
@access.staff_required
def report_index(request):
    if access.is_operator(request.user):
        raise Http404
    trainings = (
        access.visible_trainings(request.user)
        .select_related("organizer")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(trainings, TRAININGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/index.html", {"page": page})
