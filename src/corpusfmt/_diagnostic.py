"""What a reader noticed in a text, with where it is: the record every lenient reader returns."""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from corpusfmt._errors import CorpusFormatError

__all__ = ["Diagnostic", "Severity"]

Severity: TypeAlias = Literal["error", "warning", "info"]
"""How much a :class:`Diagnostic` matters: ``"error"`` for what a strict read
refuses, ``"warning"`` for a guess, ``"info"`` for the rest."""


@attrs.frozen
class Diagnostic:
    """Something a reader noticed, with where it is in the text.

    ``kind`` is a short fixed word for programs (``"truncated"``,
    ``"duplicate"``, ``"malformed"``, ``"unnamed"``, ``"directive"``,
    ``"ambiguous"``); ``severity`` is ``"error"`` for what a strict read
    refuses, ``"warning"`` for a guess, ``"info"`` for the rest.
    """

    kind: str
    severity: Severity
    msg: str
    lineno: int
    colno: int
    pos: int
    document: str | None = None

    @classmethod
    def at(
        cls,
        kind: str,
        severity: Severity,
        msg: str,
        text: str,
        pos: int,
        document: str | None = None,
    ) -> Diagnostic:
        """The diagnostic for offset *pos* of *text*, with its line and column."""
        error = CorpusFormatError.at(msg, text, pos, document=document)
        return cls.from_error(error, kind, severity)

    @classmethod
    def from_error(
        cls, error: CorpusFormatError, kind: str = "malformed", severity: Severity = "error"
    ) -> Diagnostic:
        """The diagnostic that says what *error* says."""
        return cls(kind, severity, error.msg, error.lineno, error.colno, error.pos, error.document)

    def __str__(self) -> str:
        return f"line {self.lineno}, column {self.colno}: {self.severity}: {self.msg}"
