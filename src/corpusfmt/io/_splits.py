"""A corpus cut into pieces of work: one per compressed shard, byte ranges of the rest.

The pieces are plain values that pickle, so any engine (Dask, Spark, Ray,
a process pool) can send them to its workers, where :meth:`Split.read`
reads them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from corpusfmt._model import Document
from corpusfmt.io._iter import iter_load
from corpusfmt.io._shards import _checked_shards, shard_paths
from corpusfmt.io._source import compression_of, filesystem_of, is_url

__all__ = ["Split", "splits"]

_DEFAULT_BLOCKSIZE: Final = 64 << 20


def _optional_range(value: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if value is None else (int(value[0]), int(value[1]))


@attrs.frozen
class Split:
    """A piece of a corpus that one worker reads: a whole bundle, or the
    documents whose header begins in ``byte_range`` of an uncompressed one
    (see :func:`corpusfmt.io.iter_range`)."""

    source: str = attrs.field(validator=attrs.validators.instance_of(str))
    byte_range: tuple[int, int] | None = attrs.field(default=None, converter=_optional_range)

    def read(self, *, chunk_size: int = 1 << 20) -> Iterator[Document]:
        """Yield the documents of this piece, as :func:`corpusfmt.iter_load` does."""
        return iter_load(self.source, chunk_size=chunk_size, byte_range=self.byte_range)


def splits(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int | None = _DEFAULT_BLOCKSIZE,
) -> list[Split]:
    """The pieces that the bundles *sources* are read in: every document in exactly one.

    *sources* is a bundle's path or URL, a glob pattern or a manifest (as
    :func:`corpusfmt.shard_paths` takes them), or a list of paths and URLs.
    An uncompressed bundle is cut into ranges of *blocksize* bytes (whole
    with ``None``); a gzip-compressed one cannot be entered in the middle and
    is one piece. Only the size of each file and its first bytes are read.

    Each piece checks what it reads as :func:`corpusfmt.iter_load` does; a
    name repeated in two pieces is not seen (use :func:`corpusfmt.index` on
    the corpus for that).

    >>> import tempfile, corpusfmt
    >>> docs = [corpusfmt.Document(f"{n}.txt", "text\\n") for n in range(6)]
    >>> manifest = corpusfmt.dump_shards(docs, tempfile.mkdtemp(), compression=None)
    >>> pieces = corpusfmt.io.splits(manifest.paths, blocksize=64)
    >>> [piece.byte_range for piece in pieces]
    [(0, 64), (64, 128), (128, 192), (192, 222)]
    >>> [doc.name for piece in pieces for doc in piece.read()]
    ['0.txt', '1.txt', '2.txt', '3.txt', '4.txt', '5.txt']
    """
    if blocksize is not None and blocksize < 1:
        raise ValueError(f"blocksize must be at least 1, not {blocksize}")
    if isinstance(sources, (str, os.PathLike)):
        paths: list[str] = shard_paths(sources)
    else:
        paths = [os.fspath(path) for path in _checked_shards(sources)]
    pieces: list[Split] = []
    for path in paths:
        if blocksize is None or compression_of(path) is not None:
            pieces.append(Split(path))
            continue
        size = _size_of(path)
        pieces.extend(
            Split(path, (start, min(start + blocksize, size)))
            for start in range(0, max(size, 1), blocksize)
        )
    return pieces


def _size_of(path: str) -> int:
    if is_url(path):
        filesystem, inside = filesystem_of(path)
        return int(filesystem.size(inside))
    return os.path.getsize(path)
