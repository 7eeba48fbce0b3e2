"""Reading a bundle a chunk at a time: memory holds the current document, not the bundle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, AnyStr, cast

from corpusfmt._model import Document
from corpusfmt.io._source import _DAMAGE, PathOrFile, damaged, opened_source
from corpusfmt.v1 import BYTES, STR, DocumentCutter

__all__ = ["iter_load", "read_chunks"]


def iter_load(source: PathOrFile, *, chunk_size: int = 1 << 20) -> Iterator[Document]:
    """Yield the documents of a format v1 bundle one by one, reading it a chunk at a time.

    *source* is a path or an open file, as for :func:`corpusfmt.load`.
    Memory holds the current document and about *chunk_size* bytes more, not
    the whole bundle, so a bundle larger than memory can be read. A problem
    is raised as :class:`~corpusfmt.CorpusFormatError` when the reader
    reaches it, after the documents before it were yielded.

    >>> import io, corpusfmt
    >>> data = b"<<<FILE a>>>\\nx\\n<<<END FILE>>>\\n<<<FILE b>>>\\ny\\n<<<END FILE>>>\\n"
    >>> [doc.name for doc in corpusfmt.iter_load(io.BytesIO(data))]
    ['a', 'b']
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    with opened_source(source) as file:
        if isinstance(file.read(0), str):
            text_cutter = DocumentCutter(STR, streaming=True)
            for text, final in read_chunks(cast("IO[str]", file), text_cutter, chunk_size):
                yield from text_cutter.cut(text, final=final)
        else:
            cutter = DocumentCutter(BYTES, streaming=True)
            for data, final in read_chunks(cast("IO[bytes]", file), cutter, chunk_size):
                yield from cutter.cut(data, final=final)


def read_chunks(
    file: IO[AnyStr], cutter: DocumentCutter[AnyStr], chunk_size: int
) -> Iterator[tuple[AnyStr, bool]]:
    """Yield the buffers for *cutter* to cut, and whether each is the last.

    Each buffer begins with what the cutter did not consume of the one before.
    Damaged compressed data is reported where the text breaks off.
    """
    buf = _read(file, cutter, file.read(0), chunk_size)
    final = not buf
    while True:
        yield buf, final
        if final:
            return
        rest = buf[cutter.consumed :]
        # A document longer than the buffer makes the next read as long as
        # the buffer, so a long document is searched a bounded number of
        # times, not once a chunk.
        more = _read(file, cutter, rest, max(chunk_size, len(rest)))
        final = not more
        buf = rest + more


def _read(file: IO[AnyStr], cutter: DocumentCutter[AnyStr], rest: AnyStr, size: int) -> AnyStr:
    try:
        return file.read(size)
    except _DAMAGE as error:
        raise cutter.error_at_end(rest, damaged(error, "").msg) from error
