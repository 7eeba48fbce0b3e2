"""corpusfmt: many documents in one text stream, read and written without changing a byte.

>>> import corpusfmt
>>> bundle = corpusfmt.dumps([corpusfmt.Document("a.txt", "hello\\n")])
>>> corpusfmt.loads(bundle)
[Document(name='a.txt', text='hello\\n')]
"""

from corpusfmt._bundle import Block, Bundle, Diagnostic
from corpusfmt._dialect import DIALECTS, Dialect
from corpusfmt._dialect_read import parse
from corpusfmt._errors import CorpusFormatError
from corpusfmt._events import (
    BetweenText,
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentStarted,
    Event,
)
from corpusfmt._index import BundleIndex, IndexEntry, index
from corpusfmt._io import dump, iter_load, load
from corpusfmt._model import Document
from corpusfmt._parse import loads
from corpusfmt._sniff import Sniffed, sniff
from corpusfmt._stream import StreamParser
from corpusfmt._tree import PlannedFile, pack, plan_unpack, unpack, unsafe_name_reason
from corpusfmt._write import dumps

# Tracebacks and reprs name the public home of these classes, not a private module.
for _public in (
    BetweenText,
    Block,
    Bundle,
    Diagnostic,
    Dialect,
    Sniffed,
    BodyData,
    BodyText,
    BundleIndex,
    CorpusFormatError,
    Document,
    DocumentEnded,
    DocumentStarted,
    IndexEntry,
    PlannedFile,
    StreamParser,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "DIALECTS",
    "BetweenText",
    "Block",
    "BodyData",
    "BodyText",
    "Bundle",
    "BundleIndex",
    "CorpusFormatError",
    "Diagnostic",
    "Dialect",
    "Document",
    "DocumentEnded",
    "DocumentStarted",
    "Event",
    "IndexEntry",
    "PlannedFile",
    "Sniffed",
    "StreamParser",
    "dump",
    "dumps",
    "index",
    "iter_load",
    "load",
    "loads",
    "pack",
    "parse",
    "plan_unpack",
    "sniff",
    "unpack",
    "unsafe_name_reason",
]
