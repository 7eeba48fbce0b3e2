"""What every syntax that reads a whole text and has no fast path shares."""

from __future__ import annotations

import abc
from typing import Final, Protocol

from corpusfmt._events import (
    BetweenText,
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
)
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Reading, documents_of
from corpusfmt.dialects._push_reader import PushReader
from corpusfmt.v1 import rules

__all__ = ["Reads", "WholeTextStream", "WholeTextSyntax", "events_of"]


class WholeTextSyntax(abc.ABC):
    """A syntax whose documents are those of its lossless reading, read strictly."""

    # Nothing is escaped: a clean reading is evidence, not proof.
    exact: Final = False
    # A packer's file is read against the tool's listing of all of them.
    self_contained: bool = False

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

    def stream(self, dialect: Dialect, strict: bool) -> PushReader:
        # A packer's output is read against the tool's own listing of its
        # files, which may come last: the stream is read once it has ended.
        return WholeTextStream(self, dialect, strict)


class Reads(Protocol):
    """A syntax's reading of a whole text."""

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        """Every character of *text* as parts, with diagnostics."""


class WholeTextStream:
    """The push parser of a syntax that reads only whole texts: it keeps the text
    and gives every event at :meth:`close`."""

    def __init__(self, syntax: Reads, dialect: Dialect, strict: bool) -> None:
        self._syntax = syntax
        self._dialect = dialect
        self._strict = strict
        self._pieces: list[str] = []
        self._closed = False

    @property
    def events_before_error(self) -> list[Event]:
        return []

    def feed(self, chunk: str) -> list[Event]:
        if not isinstance(chunk, str):
            raise TypeError(f"expected a str chunk, not {type(chunk).__name__}")
        if self._closed:
            raise ValueError("feed() after close()")
        self._pieces.append(chunk)
        return []

    def close(self) -> list[Event]:
        if self._closed:
            return []
        self._closed = True
        text = "".join(self._pieces)
        self._pieces = []
        return events_of(self._syntax.read(text, self._dialect, self._strict))


def events_of(reading: Reading) -> list[Event]:
    """The events a push parser gives for *reading*, the reading of a whole text.

    A diagnostic comes before the text after its position, and before the
    end of the block it stands in.
    """
    parts, diagnostics = reading
    events: list[Event] = []
    waiting = sorted(diagnostics, key=lambda diagnostic: diagnostic.pos)
    noticed = 0
    pos = 0

    def notice_before(stop: int) -> None:
        nonlocal noticed
        while noticed < len(waiting) and waiting[noticed].pos < stop:
            events.append(Noticed(waiting[noticed]))
            noticed += 1

    for part in parts:
        if isinstance(part, str):
            pos += len(part)
            notice_before(pos)
            events.append(BetweenText(part))
            continue
        pos += len(part.text)
        document = part.document
        events.append(DocumentStarted(document.name, document.meta))
        if document.is_binary:
            events.append(BodyData(document.data))
        elif document.text:
            events.append(BodyText(document.text))
        notice_before(pos)
        ended = DocumentIncomplete if part.truncated else DocumentEnded
        events.append(ended(document.name))
    notice_before(pos + 1)
    return events
