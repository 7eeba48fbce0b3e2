"""The table of syntaxes: the objects that read and write a dialect, chosen by its ``syntax``.

A dialect is data; a syntax is behaviour. Every caller above (the facade,
:class:`~corpusfmt.Bundle`, :func:`~corpusfmt.sniff`) asks
:func:`syntax_of` for the dialect's syntax and calls it, so that no caller
tells one dialect from another, and a new syntax is one more row here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final, Protocol

from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect, SyntaxName
from corpusfmt.dialects._packers import PACKER_SYNTAXES
from corpusfmt.dialects._parts import Block, Reading
from corpusfmt.dialects._pattern_read import PatternReader, read_patterns
from corpusfmt.dialects._pattern_write import render_pattern_block
from corpusfmt.dialects._push_reader import PushReader
from corpusfmt.dialects._v1 import V1Syntax
from corpusfmt.dialects._whole import WholeTextSyntax
from corpusfmt.v1 import unique_documents

__all__ = ["SYNTAXES", "PatternSyntax", "PushReader", "Syntax", "syntax_of"]


class Syntax(Protocol):
    """What every syntax does for the dialects it serves."""

    @property
    def exact(self) -> bool:
        """Whether a text it reads without a problem can have no other reading."""

    @property
    def self_contained(self) -> bool:
        """Whether a block, read by itself, reads as it does in its bundle (so that
        an index can read one document out of the bundle)."""

    def recognises(self, text: str) -> bool:
        """Whether *text* carries a signature that only this syntax's writer leaves."""

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        """Every character of *text* as parts, with diagnostics; strict raises at the
        first error instead."""

    def loads(self, text: str, dialect: Dialect) -> list[Document]:
        """The documents of *text*, read strictly."""

    def loads_bytes(self, data: bytes, dialect: Dialect) -> list[Document]:
        """The documents of the UTF-8 bundle *data*, read strictly."""

    def render(
        self, docs: Iterable[Document], dialect: Dialect
    ) -> Iterator[tuple[Document, tuple[str, ...]]]:
        """Each document with the pieces of text that hold it, in order."""

    def render_block(self, dialect: Dialect, document: Document, old: Block | None) -> Block:
        """The block that holds *document*, keeping what it can of *old*."""

    def stream(self, dialect: Dialect, strict: bool) -> PushReader:
        """A push parser of *dialect*, strict or lenient."""


class PatternSyntax(WholeTextSyntax):
    """The reader and writer of every dialect made of a header and an end pattern."""

    self_contained = True

    # Without escaping, a body may hold a line that another dialect reads as
    # a marker. Marker lines are the same in every such dialect: no signature.

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        return read_patterns(text, dialect, strict)

    def render(
        self, docs: Iterable[Document], dialect: Dialect
    ) -> Iterator[tuple[Document, tuple[str, ...]]]:
        # Every document is checked before the first is given out, so that a
        # writer never starts a bundle it cannot finish.
        blocks = [render_pattern_block(dialect, doc, None) for doc in unique_documents(docs)]
        for block in blocks:
            yield block.document, (block.header, block.body, block.end)

    def render_block(self, dialect: Dialect, document: Document, old: Block | None) -> Block:
        return render_pattern_block(dialect, document, old)

    def stream(self, dialect: Dialect, strict: bool) -> PushReader:
        return PatternReader(dialect, strict, streaming=True)


SYNTAXES: Final[Mapping[SyntaxName, Syntax]] = MappingProxyType(
    {"pattern": PatternSyntax(), "v1": V1Syntax(), **PACKER_SYNTAXES}
)
"""Every syntax, by the name a :class:`~corpusfmt.Dialect` gives in its ``syntax``."""


def syntax_of(dialect: Dialect) -> Syntax:
    """The syntax that reads and writes *dialect*."""
    try:
        return SYNTAXES[dialect.syntax]
    except KeyError:
        known = ", ".join(sorted(SYNTAXES))
        raise ValueError(
            f"the dialect {dialect.name!r} names the syntax {dialect.syntax!r}; "
            f"the syntaxes are {known}"
        ) from None
