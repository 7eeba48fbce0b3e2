"""Reading a bundle a chunk at a time: memory holds the current document, not the bundle."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, AnyStr, Final, cast

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document
from corpusfmt.io._compression import DAMAGE, damaged
from corpusfmt.io._source import PathOrFile, compression_of, opened_source
from corpusfmt.v1 import BYTES, STR, DocumentCutter, syntax

# A header line begins after a line break (or at the start, or after a byte
# order mark); no body line of a valid bundle begins with "<<<", so these
# bytes mark a header wherever they stand.
_HEADER_AFTER_BREAK: Final = b"\n" + syntax.HEADER_START.encode()
_HEADER_START: Final = syntax.HEADER_START.encode()
_BOM: Final = "\ufeff".encode()
# UTF-8 continuation bytes: every other byte begins a character.
_CONTINUATION: Final = bytes(range(0x80, 0xC0))

__all__ = ["iter_load", "iter_range", "read_chunks"]


def iter_load(
    source: PathOrFile,
    *,
    chunk_size: int = 1 << 20,
    byte_range: tuple[int, int] | None = None,
) -> Iterator[Document]:
    """Yield the documents of a format v1 bundle one by one, reading it a chunk at a time.

    *source* is a path or an open file, as for :func:`corpusfmt.load`.
    Memory holds the current document and about *chunk_size* bytes more, not
    the whole bundle, so a bundle larger than memory can be read. A problem
    is raised as :class:`~corpusfmt.CorpusFormatError` when the reader
    reaches it, after the documents before it were yielded.

    With *byte_range* ``(start, stop)``, only the documents whose header line
    begins at a byte offset in ``[start, stop)`` are read (*source* must then
    be an uncompressed path or a seekable binary file); see
    :func:`iter_range` for the rule.

    >>> import io, corpusfmt
    >>> data = b"<<<FILE a>>>\\nx\\n<<<END FILE>>>\\n<<<FILE b>>>\\ny\\n<<<END FILE>>>\\n"
    >>> [doc.name for doc in corpusfmt.iter_load(io.BytesIO(data))]
    ['a', 'b']
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    if byte_range is not None:
        yield from iter_range(source, byte_range, chunk_size=chunk_size)
        return
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
    except DAMAGE as error:
        raise cutter.error_at_end(rest, damaged(error, "").msg) from error


def iter_range(
    source: PathOrFile, byte_range: tuple[int, int], *, chunk_size: int = 1 << 20
) -> Iterator[Document]:
    """Yield the documents of a bundle whose header line begins in a range of bytes.

    Rule: a line that begins with ``<<<FILE`` is a header line, since every
    body line that begins with ``<<<`` is escaped. So a reader may start at
    any byte offset and find the next document, and the documents whose
    header line begins at an offset in ``[start, stop)`` are read from the
    first header line at or after *start* (from the beginning of the bundle
    if *start* is 0) up to the first header line at or after *stop*. Ranges
    that meet (one's *stop* the next one's *start*) read every document
    exactly once, and every byte of the bundle is checked by exactly one of
    them, as a whole read checks it; a document whose end line is missing is
    reported by the range it begins in, as a whole read reports it. Names are
    unique within the range: a second document of a name in another range is
    found only by a read that spans both (or by :func:`corpusfmt.index`).

    An error is placed in the whole bundle: its line and character position
    are counted from the bundle's start, which is read for it (only when
    there is an error).
    """
    start, stop = byte_range
    if not (isinstance(start, int) and isinstance(stop, int) and 0 <= start <= stop):
        raise ValueError(
            f"byte_range must be (start, stop) with 0 <= start <= stop, not {byte_range!r}"
        )
    with opened_source(source, allow_compressed=False) as file:
        if isinstance(file.read(0), str) or not file.seekable():
            raise TypeError("byte_range needs a path or a seekable binary file")
        binary = cast("IO[bytes]", file)
        if compression_of(binary) is not None:
            raise ValueError("byte_range needs the bundle uncompressed")
        size = binary.seek(0, os.SEEK_END)
        first = 0 if start == 0 else _header_line_from(binary, start, size, chunk_size)
        if first >= stop or first >= size:
            return
        last = _header_line_from(binary, stop, size, chunk_size)
        try:
            cutter = DocumentCutter(BYTES, streaming=True, stream_offset=first)
            yield from _cut_region(binary, cutter, first, last, size, chunk_size)
        except CorpusFormatError as error:
            raise _placed(binary, first, last, size, chunk_size) or error from error.__cause__


def _cut_region(
    file: IO[bytes],
    cutter: DocumentCutter[bytes],
    first: int,
    last: int,
    size: int,
    chunk_size: int,
) -> Iterator[Document]:
    """The documents of the bytes ``[first, last)``; a document still open at
    *last* is read on until the reader finds what is wrong with it."""
    file.seek(first)
    buf = b""
    offset = first
    while offset < last:
        more = file.read(min(max(chunk_size, len(buf)), last - offset))
        if not more:
            break
        offset += len(more)
        buf += more
        yield from cutter.cut(buf, final=offset >= size)
        buf = buf[cutter.consumed :]
    if offset >= size or BYTES.blank_lines_to_end.fullmatch(buf):
        return
    # A document opened in the range is still open at the next header: read
    # on as a whole read does, which reports it there.
    while True:
        more = file.read(max(chunk_size, len(buf)))
        buf += more
        yield from cutter.cut(buf, final=not more)
        if not more:
            return
        buf = buf[cutter.consumed :]


def _placed(
    file: IO[bytes], first: int, last: int, size: int, chunk_size: int
) -> CorpusFormatError | None:
    """The error of the region read again with its true first line and position."""
    lines, chars = _counts_before(file, first, chunk_size)
    cutter = DocumentCutter(
        BYTES, streaming=True, first_lineno=lines + 1, stream_offset=first, first_char_pos=chars
    )
    try:
        for _ in _cut_region(file, cutter, first, last, size, chunk_size):
            pass
    except CorpusFormatError as error:
        return error
    return None


def _counts_before(file: IO[bytes], end: int, chunk_size: int) -> tuple[int, int]:
    """The line breaks and characters of the bundle's first *end* bytes."""
    file.seek(0)
    lines = chars = 0
    remaining = end
    while remaining > 0:
        data = file.read(min(chunk_size, remaining))
        if not data:
            break
        remaining -= len(data)
        lines += data.count(b"\n")
        chars += len(data.translate(None, _CONTINUATION))
    return lines, chars


def _header_line_from(file: IO[bytes], pos: int, size: int, chunk_size: int) -> int:
    """The offset of the first header line that begins at or after *pos*, or *size*."""
    file.seek(0)
    head = file.read(len(_BOM) + len(_HEADER_START))
    if pos <= len(_BOM) and head.startswith(_BOM) and head[len(_BOM) :] == _HEADER_START:
        return len(_BOM)
    # Look from the byte before *pos*, so that a header at *pos* is seen after its line break.
    where = pos - 1
    file.seek(where)
    carried = b""
    while where < size:
        data = file.read(chunk_size)
        if not data:
            break
        window = carried + data
        found = window.find(_HEADER_AFTER_BREAK)
        if found >= 0:
            return where - len(carried) + found + 1
        carried = window[-(len(_HEADER_AFTER_BREAK) - 1) :]
        where += len(data)
    return size
