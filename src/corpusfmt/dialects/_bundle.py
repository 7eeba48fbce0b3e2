"""A bundle as read, every character of it, and edits that change only what they must."""

from __future__ import annotations

import attrs

from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Block, Diagnostic, Part, documents_of, errors_of
from corpusfmt.dialects._syntaxes import syntax_of

__all__ = ["Bundle", "read"]


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
        return documents_of(self.parts)

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
        return errors_of(self.diagnostics)

    def latest(self) -> list[Document]:
        """The documents with one per name: where a name comes twice, the last block wins.

        A model that writes a file twice usually means its second version;
        each kept document stands where its name first came.
        """
        return _one_per_name(self.documents, last=True)

    def earliest(self) -> list[Document]:
        """The documents with one per name: where a name comes twice, the first block wins."""
        return _one_per_name(self.documents, last=False)

    def dumps(self) -> str:
        """The bundle as text: the text it was read from, with any edits made since."""
        return "".join(part if isinstance(part, str) else part.text for part in self.parts)

    def replace(self, document: Document) -> Bundle:
        """A copy in which the document of the same name is *document*.

        Only that block's bytes change; its header and end are kept when they
        still say the right thing. Raises :class:`KeyError` if no document has
        that name, :class:`ValueError` if two have, and
        :class:`CorpusWriteError` if the dialect cannot hold *document*.
        """
        index = self._index_of(document.name)
        old = self.parts[index]
        assert isinstance(old, Block)
        return self._with_part(
            index, syntax_of(self.dialect).render_block(self.dialect, document, old)
        )

    def add(self, document: Document) -> Bundle:
        """A copy with *document* appended, written in the bundle's dialect.

        Raises :class:`ValueError` if a document of that name is already there.
        """
        if any(block.document.name == document.name for block in self.blocks):
            raise ValueError(f"the bundle already holds a document named {document.name!r}")
        block = syntax_of(self.dialect).render_block(self.dialect, document, None)
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


def _one_per_name(documents: list[Document], *, last: bool) -> list[Document]:
    chosen: dict[str, Document] = {}
    for document in documents:
        if last or document.name not in chosen:
            chosen[document.name] = document
    return list(chosen.values())


def read(text: str, dialect: Dialect, *, strict: bool = True) -> Bundle:
    """Read *text* in *dialect* into a :class:`~corpusfmt.Bundle` that keeps every character of it."""
    parts, diagnostics = syntax_of(dialect).read(text, dialect, strict)
    return Bundle(parts, dialect, diagnostics)
