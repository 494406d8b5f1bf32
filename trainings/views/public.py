"""The public catalogue and a training's page: no login, no personal data, phone first."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from trainings.forms import CatalogueFilterForm
from trainings.selectors import public

# Private: every page carries a CSRF token (the language switch in base.html), which a
# shared cache must not hand to the next visitor. The browser may keep it a minute.
public_page_cache = cache_control(private=True, max_age=60)


@require_safe
@public_page_cache
def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    rows = public.catalogue_trainings(filters=form.filters(), now=timezone.now())
    return render(request, "trainings/catalogue.html", {"form": form, "rows": rows})


@require_safe
@public_page_cache
def training_detail(request, slug):
    training = get_object_or_404(public.public_trainings(), slug=slug)
    page = public.training_page(training=training, now=timezone.now())
    return render(request, "trainings/detail.html", {"page": page, "training": training})
