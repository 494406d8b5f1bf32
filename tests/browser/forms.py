"""Filling forms in the browser as a person does: by the labels they read."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from participants.models import Sex
from trainings.forms import PersonForm


def field(page: Page, label: str):
    """The control labelled ``label`` (a required field's label ends in "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def fill_person(page: Page, person: dict[str, str]) -> None:
    """Type ``person`` (values by field name, as tests/forms.py posts them) into the person
    fields of the page's form, found by their labels. The home region is the caller's:
    each form asks for it its own way."""
    for name, form_field in PersonForm.base_fields.items():
        value = person.get(name)
        if value is None:
            continue
        if name == "sex":
            page.get_by_label(str(Sex(value).label), exact=True).check()
        else:
            field(page, str(form_field.label)).fill(value)


FACTORY_PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def sign_in(page: Page, username: str, next_path: str, password: str = FACTORY_PASSWORD) -> None:
    """Sign in on the staff login page and land on ``next_path``."""
    page.goto(f"/staff/login/?next={next_path}")
    field(page, "Nama pengguna").fill(username)
    field(page, "Sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + r"$"))
