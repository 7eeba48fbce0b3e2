"""The file edge: opening sources (paths, files, gzip), one atomic writer, streaming, the index.

Everything here works on bytes and files and hands the text to the layers
below; nothing here knows a dialect.
"""

from corpusfmt.io._atomic import atomic_writer
from corpusfmt.io._index import BundleIndex, IndexEntry, index, index_dialect
from corpusfmt.io._iter import iter_load, iter_range
from corpusfmt.io._jsonl import dump_jsonl, load_jsonl
from corpusfmt.io._source import (
    Compression,
    PathOrFile,
    compression_of,
    read_source,
    write_pieces,
)
from corpusfmt.io._text import iter_text

__all__ = [
    "BundleIndex",
    "Compression",
    "IndexEntry",
    "PathOrFile",
    "atomic_writer",
    "compression_of",
    "dump_jsonl",
    "index",
    "index_dialect",
    "iter_load",
    "iter_range",
    "iter_text",
    "load_jsonl",
    "read_source",
    "write_pieces",
]
