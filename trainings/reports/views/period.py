"""The period summary: a fiscal year of the user's trainings (``reports.period``), as a
page with charts, an XLSX, a CSV (role × regency) and a PDF under the letterhead of
the reader's organisation.

Scoped like the index: the trainings the user sees; a regency operator's figures
cover only their regency's cells. No NIK appears in any of them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trainings import access
from trainings.reports.filters import PeriodFilterForm, regency_choices
from trainings.reports.period import period_summary
from trainings.reports.period_exports import (
    PeriodScope,
    period_charts,
    period_filename,
    period_pdf,
    period_tables,
    role_regency_table,
)
from trainings.reports.sheets import (
    CSV_CONTENT_TYPE,
    SEPARATORS,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    xlsx_bytes,
)
from trainings.reports.views.common import download

PDF_CONTENT_TYPE = "application/pdf"


def _summary(request):
    """The filter form, and when it is valid the summary and what it covers."""
    user = request.user
    membership = access.membership_of(user)
    region = membership.organization.region_id if membership is not None else None
    scope = access.visible_trainings(user)
    form = PeriodFilterForm(
        request.GET,
        trainings=scope,
        regencies=regency_choices(region),
        current_year=timezone.localdate().year,
    )
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    trainings = scope.filter(fiscal_year=data["year"])
    if data["organizer"] is not None:
        trainings = trainings.filter(organizer=data["organizer"])
    summary = period_summary(
        trainings,
        now=timezone.now(),
        year=data["year"],
        cell_region=access.report_cell_region(user),
        role_id=data["role"].pk if data["role"] else None,
        regency_code=data["regency"].pk if data["regency"] else None,
    )
    covers = PeriodScope(
        year=data["year"],
        organizer=data["organizer"].name if data["organizer"] else "",
        role=data["role"].name if data["role"] else "",
        regency=data["regency"].name if data["regency"] else "",
    )
    return form, summary, covers


def _invalid(request, form):
    return render(request, "reports/period.html", {"form": form}, status=400)


@require_safe
@access.staff_required
def period_report(request):
    form, summary, covers = _summary(request)
    if summary is None:
        return _invalid(request, form)
    return render(
        request,
        "reports/period.html",
        {
            "form": form,
            "summary": summary,
            "covers": covers,
            "query": form.query(),
            "chart_list": period_charts(summary),
            "charts": True,
        },
    )


@require_safe
@access.staff_required
def period_xlsx(request):
    form, summary, covers = _summary(request)
    if summary is None:
        return _invalid(request, form)
    return download(
        xlsx_bytes(period_tables(summary, scope=covers)),
        content_type=XLSX_CONTENT_TYPE,
        filename=period_filename(covers, "xlsx"),
    )


@require_safe
@access.staff_required
def period_csv(request):
    separator = request.GET.get("sep") or ","
    if separator not in SEPARATORS:
        raise Http404
    form, summary, covers = _summary(request)
    if summary is None:
        return _invalid(request, form)
    return download(
        csv_bytes(role_regency_table(summary), separator=separator),
        content_type=CSV_CONTENT_TYPE,
        filename=period_filename(covers, "csv"),
    )


@require_safe
@access.staff_required
def period_pdf_view(request):
    form, summary, covers = _summary(request)
    if summary is None:
        return _invalid(request, form)
    membership = access.membership_of(request.user)
    return download(
        period_pdf(
            summary,
            scope=covers,
            organization=membership.organization if membership is not None else None,
            printed_at=timezone.now(),
        ),
        content_type=PDF_CONTENT_TYPE,
        filename=period_filename(covers, "pdf"),
    )
