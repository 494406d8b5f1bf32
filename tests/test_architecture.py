"""Rules of the code's shape, read from the sources with ``ast`` (nothing is imported).

``participants`` is the lower layer: who people are, regions, NIKs. ``trainings``
builds on it (and scopes its admin), never the other way round.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def python_modules(package: str) -> list[Path]:
    return sorted((BASE_DIR / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from … import`` of the file names, at any depth
    (imports inside functions count too); relative imports stay inside the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_module_reader_sees_every_kind_of_import(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "import trainings\n"
        "import os.path as p\n"
        "from trainings.access import visible_trainings\n"
        "from . import sibling\n"
        "def later():\n"
        "    from trainings import models\n",
        encoding="utf-8",
    )

    assert imported_modules(source) == {"trainings", "os.path", "trainings.access"}


def test_participants_has_modules_to_check():
    names = {path.relative_to(BASE_DIR).as_posix() for path in python_modules("participants")}

    assert {"participants/models.py", "participants/nik.py", "participants/permissions.py"} <= names


@pytest.mark.parametrize(
    "path",
    python_modules("participants"),
    ids=lambda path: path.relative_to(BASE_DIR).as_posix(),
)
def test_participants_imports_nothing_from_trainings(path):
    offending = sorted(
        name
        for name in imported_modules(path)
        if name == "trainings" or name.startswith("trainings.")
    )

    assert offending == []


@pytest.mark.parametrize(
    "path",
    python_modules("trainings/admin"),
    ids=lambda path: path.relative_to(BASE_DIR).as_posix(),
)
def test_no_admin_module_imports_a_view_module(path):
    offending = sorted(
        name
        for name in imported_modules(path)
        if name == "trainings.views" or name.startswith("trainings.views.")
    )

    assert offending == []


def form_classes(path: Path) -> list[str]:
    """Classes of the file whose bases are forms (``forms.Form``, ``PasswordResetForm``…)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(ast.unparse(base).split(".")[-1].endswith("Form") for base in node.bases)
    )


def test_the_form_finder_sees_forms_by_their_bases(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "class A(forms.Form): pass\n"
        "class B(PasswordResetForm): pass\n"
        "class C(auth_views.PasswordResetView): pass\n",
        encoding="utf-8",
    )

    assert form_classes(source) == ["A", "B"]


@pytest.mark.parametrize(
    "path",
    python_modules("trainings/views"),
    ids=lambda path: path.relative_to(BASE_DIR).as_posix(),
)
def test_view_modules_define_no_forms(path):
    assert form_classes(path) == []


# Code that formats for people imports trainings.formatting; the template-tag modules
# only register those functions for templates.
OUTSIDE_TEMPLATE_TAGS = [
    path
    for package in ("config", "participants", "trainings", "bench")
    for path in python_modules(package)
    if "templatetags" not in path.parts
]


@pytest.mark.parametrize(
    "path", OUTSIDE_TEMPLATE_TAGS, ids=lambda path: path.relative_to(BASE_DIR).as_posix()
)
def test_no_module_outside_templates_imports_a_template_tag_module(path):
    offending = sorted(name for name in imported_modules(path) if ".templatetags" in name)

    assert offending == []


def test_no_code_or_test_cites_a_file_outside_the_repository():
    # Spelled in parts, so that this check does not cite them itself.
    pieces = [("DESIGN", ".md"), ("STYLE", ".md"), ("stack", "_notes"), ("stack", " notes")]
    outside = ["".join(parts) for parts in pieces] + ["../" + "shared"]
    sources = [
        path
        for package in ("config", "participants", "trainings", "bench", "tests", "templates")
        for path in (BASE_DIR / package).rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and path.is_file()
    ]
    citing = sorted(
        f"{path.relative_to(BASE_DIR).as_posix()}: {needle}"
        for path in sources
        for needle in outside
        if needle in path.read_text(encoding="utf-8")
    )

    assert citing == []
