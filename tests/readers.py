"""Every way corpusfmt reads a bundle, as functions of the bundle text.

The table tests and the error tests run each case through all of them: they
share one core, and this proves that none of them reads differently.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable

import corpusfmt
from corpusfmt import Document, Event, StreamParser


def _stream_by_characters(text: str) -> list[Document]:
    parser = StreamParser()
    events: list[Event] = []
    for char in text:
        events += parser.feed(char)
    events += parser.close()
    docs: list[Document] = []
    pieces: list[str] = []
    for event in events:
        if isinstance(event, corpusfmt.DocumentStarted):
            started, pieces = event, []
        elif isinstance(event, corpusfmt.BodyText):
            pieces.append(event.text)
        elif isinstance(event, corpusfmt.DocumentEnded):
            docs.append(Document(started.name, "".join(pieces), started.meta))
    return docs


def _by_index(text: str) -> list[Document]:
    data = text.encode("utf-8")
    found = corpusfmt.index(io.BytesIO(data), chunk_size=5)
    return [found.read(io.BytesIO(data), name) for name in found]


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
}
