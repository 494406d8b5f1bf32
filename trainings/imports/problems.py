"""What validation reports: a problem (error or note) at a row and column of the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ERROR, WARNING, INFO = "error", "warning", "info"


class CellError(Exception):
    """One cell cannot be used; ``message`` is user-facing (without row and column)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """An error, a warning or a remark. ``row`` is the row number Excel shows (None: the
    whole file); ``column`` the column's short label ("NIK", "Tanggal Lahir")."""

    row: int | None
    column: str
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}" if self.column else self.message
        if not self.column:
            return _("Baris %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return _("Baris %(row)d, kolom %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"row": self.row, "column": self.column, "message": self.message}
        if self.level != ERROR:
            data["level"] = self.level
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(data["row"], data["column"], data["message"], data.get("level", ERROR))


@dataclass
class Plan:
    """A validated file: its rows ready to apply (only when ``errors`` is empty), the
    problems found, and the forecast of what applying would do."""

    total: int = 0
    rows: list[Any] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # NIKs of people already stored that the rows may name: those in the importing
    # user's scope when the file was checked (``rows.refuse_outside_scope``). None: no
    # bound (the management commands, run by whoever holds the database anyway).
    scope: frozenset[str] | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Outcome:
    """What an apply did."""

    created: int
    updated: int
    unchanged: int
    summary: dict[str, int] = field(default_factory=dict)
