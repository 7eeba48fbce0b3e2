"""A bundle as read, every character of it: blocks, the text between them, diagnostics."""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from corpusfmt._dialect import Dialect
from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document

__all__ = ["Block", "Bundle", "Diagnostic", "Part", "Severity"]

Severity: TypeAlias = Literal["error", "warning", "info"]


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


@attrs.frozen
class Bundle:
    """A bundle text read without losing a character.

    ``parts`` are the blocks and, as plain strings, everything between them
    (blank lines, a model's prose, Markdown fences, damaged text), in order:
    joined, they are the text that was read, which :meth:`dumps` gives back.
    ``diagnostics`` say what the reader noticed.

    >>> import corpusfmt
    >>> bundle = corpusfmt.parse("Here you go:\\n<<<FILE a.txt>>>\\nhi\\n<<<END FILE>>>\\n",
    ...                          dialect="plain")
    >>> bundle.documents
    [Document(name='a.txt', text='hi\\n')]
    >>> bundle.between
    ['Here you go:\\n']
    >>> bundle.replace(corpusfmt.Document("a.txt", "bye\\n")).dumps()
    'Here you go:\\n<<<FILE a.txt>>>\\nbye\\n<<<END FILE>>>\\n'
    """

    parts: tuple[Part, ...]
    dialect: Dialect
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def blocks(self) -> list[Block]:
        """Every block, truncated ones included, in order."""
        return [part for part in self.parts if isinstance(part, Block)]

    @property
    def documents(self) -> list[Document]:
        """The documents of the complete blocks, in order."""
        return [
            part.document for part in self.parts if isinstance(part, Block) and not part.truncated
        ]

    @property
    def truncated(self) -> list[Block]:
        """The blocks that have no end marker."""
        return [part for part in self.parts if isinstance(part, Block) and part.truncated]

    @property
    def between(self) -> list[str]:
        """The texts between blocks, in order, empty ones left out."""
        return [part for part in self.parts if isinstance(part, str) and part]

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics a strict read would have raised."""
        return [diagnostic for diagnostic in self.diagnostics if diagnostic.severity == "error"]

    def dumps(self) -> str:
        """The bundle as text: the text it was read from, with any edits made since."""
        return "".join(part if isinstance(part, str) else part.text for part in self.parts)

    def replace(self, document: Document) -> Bundle:
        """A copy in which the document of the same name is *document*.

        Only that block's bytes change; its header and end are kept when they
        still say the right thing. Raises :class:`KeyError` if no document has
        that name, :class:`ValueError` if two have, and
        :class:`CorpusFormatError` if the dialect cannot hold *document*.
        """
        index = self._index_of(document.name)
        old = self.parts[index]
        assert isinstance(old, Block)
        return self._with_part(index, _render(self.dialect, document, old))

    def add(self, document: Document) -> Bundle:
        """A copy with *document* appended, written in the bundle's dialect.

        Raises :class:`ValueError` if a document of that name is already there.
        """
        if any(block.document.name == document.name for block in self.blocks):
            raise ValueError(f"the bundle already holds a document named {document.name!r}")
        block = _render(self.dialect, document, None)
        parts = list(self.parts)
        if parts:
            last = parts[-1]
            if not (last if isinstance(last, str) else last.text).endswith("\n"):
                # The new header must begin a line.
                parts.append("\n")
        parts.append(block)
        return attrs.evolve(self, parts=tuple(parts))

    def remove(self, name: str) -> Bundle:
        """A copy without the document *name*; the text around it stays."""
        index = self._index_of(name)
        parts = self.parts[:index] + self.parts[index + 1 :]
        return attrs.evolve(self, parts=parts)

    def _index_of(self, name: str) -> int:
        found = [
            index
            for index, part in enumerate(self.parts)
            if isinstance(part, Block) and part.document.name == name
        ]
        if not found:
            raise KeyError(name)
        if len(found) > 1:
            raise ValueError(f"the bundle holds {len(found)} documents named {name!r}")
        return found[0]

    def _with_part(self, index: int, part: Part) -> Bundle:
        parts = (*self.parts[:index], part, *self.parts[index + 1 :])
        return attrs.evolve(self, parts=parts)


def _render(dialect: Dialect, document: Document, old: Block | None) -> Block:
    # The writer builds blocks out of this module's classes, so it is imported
    # when first needed.
    from corpusfmt._dialect_write import render_block

    return render_block(dialect, document, old)
