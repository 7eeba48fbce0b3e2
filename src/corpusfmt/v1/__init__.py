"""Format v1, the format of the specification: a pure core that never touches files.

It takes ``str`` or ``bytes`` and returns documents, or documents and returns
``str``. Every other layer of corpusfmt is a client of this one, and this one
imports nothing above :mod:`corpusfmt._model` and :mod:`corpusfmt._errors`.

>>> from corpusfmt import Document, v1
>>> v1.loads(v1.dumps([Document("a.txt", "hi")]))
[Document(name='a.txt', text='hi')]

Besides :func:`loads`, :func:`loads_bytes`, :func:`dumps` and the push parser,
it offers the layers above the pieces they build on: the document cutter
(whole buffers or a stream of them), the header grammar, base64 bodies and the
rules every reader shares (``v1.rules``).
"""

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
from corpusfmt.v1 import _rules as rules
from corpusfmt.v1 import _syntax as syntax
from corpusfmt.v1._frame import (
    BYTES,
    OUTSIDE_MESSAGES,
    STR,
    Header,
    Tokens,
    decode_base64,
    find_marker,
)
from corpusfmt.v1._header import read_header_fields
from corpusfmt.v1._read import DocumentCutter, Frame, loads, loads_bytes
from corpusfmt.v1._rules import decode_utf8
from corpusfmt.v1._stream import StreamParser
from corpusfmt.v1._write import dumps, iter_rendered, render, unique_documents

__all__ = [
    "BYTES",
    "OUTSIDE_MESSAGES",
    "STR",
    "BetweenText",
    "BodyData",
    "BodyText",
    "DocumentCutter",
    "DocumentEnded",
    "DocumentIncomplete",
    "DocumentStarted",
    "Event",
    "Frame",
    "Header",
    "Noticed",
    "StreamParser",
    "Tokens",
    "decode_base64",
    "decode_utf8",
    "dumps",
    "find_marker",
    "iter_rendered",
    "loads",
    "loads_bytes",
    "read_header_fields",
    "render",
    "rules",
    "syntax",
    "unique_documents",
]
