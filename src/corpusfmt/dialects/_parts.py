"""The pieces of a bundle as read: blocks, the text between them, and what the reader noticed."""

from __future__ import annotations

from typing import TypeAlias

import attrs

from corpusfmt._diagnostic import Diagnostic, Severity
from corpusfmt._model import Document

__all__ = [
    "Block",
    "Diagnostic",
    "Part",
    "Reading",
    "Severity",
    "documents_of",
    "errors_of",
    "joined",
]


@attrs.frozen
class Block:
    """One document as it stands in the text: its header, body and end, exactly.

    A *truncated* block has no end marker (``end`` is empty): the text ended,
    or the next header began, before it was closed. Its document holds what
    was there, but it is not among :attr:`Bundle.documents`.
    """

    document: Document
    header: str
    body: str
    end: str
    truncated: bool = False

    @property
    def text(self) -> str:
        """The block exactly as the bundle holds it."""
        return self.header + self.body + self.end


Part: TypeAlias = Block | str
"""A piece of a bundle: a block, or the text between blocks."""


Reading: TypeAlias = tuple[tuple[Part, ...], tuple[Diagnostic, ...]]
"""What a syntax reads out of a text: its parts, in order, and its diagnostics."""


def documents_of(parts: tuple[Part, ...]) -> list[Document]:
    """The documents of the complete blocks among *parts*, in order."""
    return [part.document for part in parts if isinstance(part, Block) and not part.truncated]


def errors_of(diagnostics: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    """The diagnostics a strict read would have raised."""
    return [diagnostic for diagnostic in diagnostics if diagnostic.severity == "error"]


def joined(parts: list[Part]) -> tuple[Part, ...]:
    """*parts* with neighbouring texts joined and empty texts left out."""
    result: list[Part] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run and "".join(run):
            result.append("".join(run))
        run = []
        result.append(part)
    if run and "".join(run):
        result.append("".join(run))
    return tuple(result)
