"""The file edge: opening sources (paths, URLs, files, gzip), one atomic writer, streaming,
the index, and corpora cut into shards.

Everything here works on bytes and files and hands the text to the layers
below; nothing here knows a dialect.
"""

from corpusfmt.io._atomic import atomic_writer
from corpusfmt.io._index import BundleIndex, IndexEntry, index, index_dialect
from corpusfmt.io._iter import iter_load, iter_range
from corpusfmt.io._jsonl import dump_jsonl, load_jsonl
from corpusfmt.io._shards import (
    MANIFEST_SUFFIX,
    BundleSource,
    Shard,
    ShardIndex,
    ShardManifest,
    Shards,
    dump_shards,
    index_shards,
    iter_shards,
    shard_paths,
)
from corpusfmt.io._source import (
    Compression,
    PathOrFile,
    compression_of,
    is_url,
    open_url,
    read_source,
    write_pieces,
)
from corpusfmt.io._splits import Split, splits
from corpusfmt.io._text import iter_text

__all__ = [
    "MANIFEST_SUFFIX",
    "BundleIndex",
    "BundleSource",
    "Compression",
    "IndexEntry",
    "PathOrFile",
    "Shard",
    "ShardIndex",
    "ShardManifest",
    "Shards",
    "Split",
    "atomic_writer",
    "compression_of",
    "dump_jsonl",
    "dump_shards",
    "index",
    "index_dialect",
    "index_shards",
    "is_url",
    "iter_load",
    "iter_range",
    "iter_shards",
    "iter_text",
    "load_jsonl",
    "open_url",
    "read_source",
    "shard_paths",
    "splits",
    "write_pieces",
]
