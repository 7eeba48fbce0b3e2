"""Every way corpusfmt reads a bundle, as functions of the bundle text.

The table tests and the error tests run each case through all of them: they
share one core, and this proves that none of them reads differently.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable

import attrs

import corpusfmt
from corpusfmt import (
    DIALECTS,
    BetweenText,
    BodyData,
    BodyText,
    CorpusFormatError,
    Diagnostic,
    Document,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
    StreamParser,
)


@attrs.frozen
class Heard:
    """What a stream's events say: documents complete and cut short, diagnostics,
    the text between.

    A block whose base64 body cannot be decoded is text between blocks to
    ``parse`` and a document that will not be complete to a stream: it
    leaves the text between out of the comparison.
    """

    documents: list[Document]
    incomplete: list[Document]
    diagnostics: list[Diagnostic]
    between: str | None


def heard(events: list[Event]) -> Heard:
    """Join *events*, checking that they come in a sensible order."""
    documents: list[Document] = []
    incomplete: list[Document] = []
    diagnostics: list[Diagnostic] = []
    between: list[str] = []
    undecodable = False
    current: DocumentStarted | None = None
    pieces: list[str] = []
    data: bytes | None = None
    for event in events:
        if isinstance(event, DocumentStarted):
            assert current is None
            current, pieces, data = event, [], None
        elif isinstance(event, BodyText):
            assert current is not None
            assert data is None
            assert event.text  # an empty piece is never reported
            pieces.append(event.text)
        elif isinstance(event, BodyData):
            assert current is not None
            assert data is None
            assert not pieces
            data = event.data
        elif isinstance(event, (DocumentEnded, DocumentIncomplete)):
            assert current is not None
            assert event.name == current.name
            if data is None:
                document = Document(current.name, "".join(pieces), current.meta)
            else:
                document = Document.from_bytes(current.name, data, current.meta)
            if isinstance(event, DocumentEnded):
                documents.append(document)
            else:
                # A Noticed event says why, right before.
                assert diagnostics
                assert diagnostics[-1].document == event.name
                if diagnostics[-1].kind == "truncated":
                    incomplete.append(document)
                else:
                    undecodable = True
            current = None
        elif isinstance(event, Noticed):
            diagnostics.append(event.diagnostic)
        else:
            assert isinstance(event, BetweenText)
            assert current is None
            between.append(event.text)
    assert current is None
    return Heard(documents, incomplete, diagnostics, None if undecodable else "".join(between))


def documents_from_events(events: list[Event]) -> list[Document]:
    """Join the events of a strict parser into documents, checking their order."""
    said = heard(events)
    assert not said.incomplete
    assert not said.diagnostics
    return said.documents


def _stream_by_characters(text: str) -> list[Document]:
    parser = StreamParser()
    events: list[Event] = []
    for char in text:
        events += parser.feed(char)
    events += parser.close()
    return documents_from_events(events)


def _by_index(text: str) -> list[Document]:
    data = text.encode("utf-8")
    found = corpusfmt.index(io.BytesIO(data), chunk_size=5)
    return [found.read(io.BytesIO(data), name) for name in found]


def _first_lenient_error(dialect: str) -> Callable[[str], list[Document]]:
    """A lenient read that raises the first problem it reports, as a strict read would."""

    def read(text: str) -> list[Document]:
        bundle = corpusfmt.parse(text, dialect, strict=False)
        if bundle.errors:
            first = min(bundle.errors, key=lambda error: error.pos)
            raise CorpusFormatError(
                first.msg,
                lineno=first.lineno,
                colno=first.colno,
                pos=first.pos,
                document=first.document,
            )
        return bundle.documents

    return read


READERS: dict[str, Callable[[str], list[Document]]] = {
    "loads": corpusfmt.loads,
    "load bytes": lambda text: corpusfmt.load(io.BytesIO(text.encode("utf-8"))),
    "load gzip": lambda text: corpusfmt.load(io.BytesIO(gzip.compress(text.encode("utf-8")))),
    "iter_load bytes by 1": lambda text: list(
        corpusfmt.iter_load(io.BytesIO(text.encode("utf-8")), chunk_size=1)
    ),
    "iter_load bytes by 7": lambda text: list(
        corpusfmt.iter_load(io.BytesIO(text.encode("utf-8")), chunk_size=7)
    ),
    "iter_load text by 3": lambda text: list(
        corpusfmt.iter_load(io.StringIO(text, newline=""), chunk_size=3)
    ),
    "StreamParser by character": _stream_by_characters,
    "index and read": _by_index,
    "parse": lambda text: corpusfmt.parse(text).documents,
    "parse lenient": _first_lenient_error("v1"),
    "loads with the v1 Dialect": lambda text: corpusfmt.loads(text, DIALECTS["v1"]),
    "load bytes with the v1 Dialect": lambda text: corpusfmt.load(
        io.BytesIO(text.encode("utf-8")), DIALECTS["v1"]
    ),
}
"""Every way corpusfmt reads format v1; each must read every bundle alike."""


# Readers of dialects made of patterns, for the rules every reader shares
# (byte order mark, duplicate names, unclosed documents, bad UTF-8): the
# inputs they get are written in format v1's markers, which "plain" reads too.
def _pushed_by_characters(dialect: str) -> Callable[[str], list[Document]]:
    def read(text: str) -> list[Document]:
        parser = StreamParser(dialect)
        assembler = corpusfmt.DocumentAssembler()
        events: list[Event] = []
        for char in text:
            events += parser.feed(char)
        events += parser.close()
        return [
            doc
            for event in events
            if (doc := assembler.take(event)) is not None and isinstance(event, DocumentEnded)
        ]

    return read


PATTERN_READERS: dict[str, Callable[[str], list[Document]]] = {
    "plain": lambda text: corpusfmt.loads(text, "plain"),
    "plain pushed by character": _pushed_by_characters("plain"),
    "plain iter_load bytes by 5": lambda text: list(
        corpusfmt.iter_load(io.BytesIO(text.encode("utf-8")), "plain", chunk_size=5)
    ),
    "plain bytes": lambda text: corpusfmt.load(io.BytesIO(text.encode("utf-8")), "plain"),
    "plain lenient": _first_lenient_error("plain"),
    "plain-strip": lambda text: corpusfmt.loads(text, "plain-strip"),
}
