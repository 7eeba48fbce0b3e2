"""corpusfmt: many documents in one text stream, read and written without changing a byte.

>>> import corpusfmt
>>> bundle = corpusfmt.dumps([corpusfmt.Document("a.txt", "hello\\n")])
>>> corpusfmt.loads(bundle)
[Document(name='a.txt', text='hello\\n')]

The layers, from the bottom: the model and the errors; :mod:`corpusfmt.v1`,
the format of the specification; :mod:`corpusfmt.dialects` and
:mod:`corpusfmt.formats`, its clients; :mod:`corpusfmt.io` and
:mod:`corpusfmt.tree` at the file edge; this facade, where ``dialect=`` is
resolved; the command line on top.
"""

from corpusfmt import dialects, formats, io, tree, v1
from corpusfmt._api import dump, dumps, index, iter_load, iter_parse, load, loads, parse
from corpusfmt._errors import CorpusFormatError, CorpusWriteError
from corpusfmt._model import Document, MetaInput
from corpusfmt._push import DocumentAssembler, StreamParser
from corpusfmt._version import __version__
from corpusfmt.dialects import (
    DIALECTS,
    PACKERS,
    Block,
    Bundle,
    Diagnostic,
    Dialect,
    EndName,
    HeaderStyle,
    Newline,
    Part,
    Parts,
    Severity,
    Sniffed,
    SyntaxName,
    sniff,
)
from corpusfmt.io import (
    BundleIndex,
    BundleSource,
    Compression,
    IndexEntry,
    PathOrFile,
    Shard,
    ShardIndex,
    ShardManifest,
    Shards,
    dump_shards,
    shard_paths,
)
from corpusfmt.tree import (
    Duplicates,
    NameRules,
    PackPath,
    PlannedFile,
    Refusal,
    Skipped,
    SkipReason,
    Unpacker,
    UnpackError,
    pack,
    plan_unpack,
    unpack,
    unsafe_name_reason,
)
from corpusfmt.v1 import (
    BetweenText,
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
)

# Tracebacks and reprs name the public home of these classes, not a private module.
for _public in (
    BetweenText,
    Block,
    Bundle,
    Diagnostic,
    Dialect,
    Parts,
    Sniffed,
    BodyData,
    BodyText,
    BundleIndex,
    CorpusFormatError,
    CorpusWriteError,
    Document,
    DocumentAssembler,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    IndexEntry,
    Noticed,
    PlannedFile,
    Shard,
    ShardIndex,
    ShardManifest,
    Skipped,
    StreamParser,
    UnpackError,
    Unpacker,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "DIALECTS",
    "PACKERS",
    "BetweenText",
    "Block",
    "BodyData",
    "BodyText",
    "Bundle",
    "BundleIndex",
    "BundleSource",
    "Compression",
    "CorpusFormatError",
    "CorpusWriteError",
    "Diagnostic",
    "Dialect",
    "Document",
    "DocumentAssembler",
    "DocumentEnded",
    "DocumentIncomplete",
    "DocumentStarted",
    "Duplicates",
    "EndName",
    "Event",
    "HeaderStyle",
    "IndexEntry",
    "MetaInput",
    "NameRules",
    "Newline",
    "Noticed",
    "PackPath",
    "Part",
    "Parts",
    "PathOrFile",
    "PlannedFile",
    "Refusal",
    "Severity",
    "Shard",
    "ShardIndex",
    "ShardManifest",
    "Shards",
    "SkipReason",
    "Skipped",
    "Sniffed",
    "StreamParser",
    "SyntaxName",
    "UnpackError",
    "Unpacker",
    "__version__",
    "dialects",
    "dump",
    "dump_shards",
    "dumps",
    "formats",
    "index",
    "io",
    "iter_load",
    "iter_parse",
    "load",
    "loads",
    "pack",
    "parse",
    "plan_unpack",
    "shard_paths",
    "sniff",
    "tree",
    "unpack",
    "unsafe_name_reason",
    "v1",
]
