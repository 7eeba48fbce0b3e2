"""What every syntax that reads a whole text and has no fast path shares."""

from __future__ import annotations

import abc
from typing import Final

from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Reading, documents_of
from corpusfmt.v1 import rules

__all__ = ["WholeTextSyntax"]


class WholeTextSyntax(abc.ABC):
    """A syntax whose documents are those of its lossless reading, read strictly."""

    # Nothing is escaped: a clean reading is evidence, not proof.
    exact: Final = False

    def recognises(self, text: str) -> bool:
        return False

    @abc.abstractmethod
    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        """Every character of *text* as parts, with diagnostics."""

    def loads(self, text: str, dialect: Dialect) -> list[Document]:
        parts, _ = self.read(text, dialect, True)
        return documents_of(parts)

    def loads_bytes(self, data: bytes, dialect: Dialect) -> list[Document]:
        return self.loads(rules.decode_utf8(data), dialect)
