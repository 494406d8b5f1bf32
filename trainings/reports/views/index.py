"""The reports' index: the trainings the user may see, filtered, with their figures, and
the same list as XLSX or CSV.

Regency operators see the trainings they were invited to, with the figures of their
regency's cells only.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trainings import access
from trainings.reports.filters import IndexFilterForm
from trainings.reports.listing import filtered_trainings, index_rows, index_table
from trainings.reports.sheets import (
    CSV_CONTENT_TYPE,
    SEPARATORS,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    xlsx_bytes,
)
from trainings.reports.views.common import download

TRAININGS_PER_PAGE = 50


def _filtered(request):
    scope = access.visible_trainings(request.user)
    form = IndexFilterForm(request.GET, trainings=scope)
    if not form.is_valid():
        return form, None
    return form, filtered_trainings(scope, form.cleaned_data, now=timezone.now())


@require_safe
@access.staff_required
def report_index(request):
    form, trainings = _filtered(request)
    context = {"form": form, "operator": access.is_operator(request.user)}
    if trainings is None:
        return render(request, "reports/index.html", context, status=400)
    page = Paginator(trainings, TRAININGS_PER_PAGE).get_page(request.GET.get("page"))
    rows = index_rows(
        list(page.object_list),
        now=timezone.now(),
        cell_region=access.report_cell_region(request.user),
    )
    return render(
        request,
        "reports/index.html",
        {**context, "page": page, "rows": rows, "query": form.query()},
    )


def _export(request, write):
    """The filtered index (every page of it) written by ``write``, or the page with the
    filter's errors (400)."""
    form, trainings = _filtered(request)
    if trainings is None:
        context = {"form": form, "operator": access.is_operator(request.user)}
        return None, render(request, "reports/index.html", context, status=400)
    rows = index_rows(
        list(trainings), now=timezone.now(), cell_region=access.report_cell_region(request.user)
    )
    return write(index_table(rows)), None


@require_safe
@access.staff_required
def report_index_xlsx(request):
    content, invalid = _export(request, lambda table: xlsx_bytes([table]))
    if invalid is not None:
        return invalid
    return download(content, content_type=XLSX_CONTENT_TYPE, filename="laporan-pelatihan.xlsx")


@require_safe
@access.staff_required
def report_index_csv(request):
    separator = request.GET.get("sep") or ","
    if separator not in SEPARATORS:
        raise Http404
    content, invalid = _export(request, lambda table: csv_bytes(table, separator=separator))
    if invalid is not None:
        return invalid
    return download(content, content_type=CSV_CONTENT_TYPE, filename="laporan-pelatihan.csv")
