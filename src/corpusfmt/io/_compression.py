"""The compressions corpusfmt reads and writes: gzip, and zstd where zstandard is installed.

A compressed file is told by its first bytes, never by its name. What
breaks off or is damaged is a :class:`~corpusfmt.CorpusFormatError` at the
end of the text that could be read, whichever the compression.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from typing import IO, Any, Final, Literal, TypeAlias, cast

from corpusfmt._errors import CorpusFormatError

__all__ = [
    "COMPRESSIONS",
    "DAMAGE",
    "MAGIC_SIZE",
    "Compression",
    "ZstdDataError",
    "check_compression",
    "compressing",
    "compression_in",
    "damaged",
    "decompressed",
    "decompressing",
]

Compression: TypeAlias = Literal["gzip", "zstd"]
"""A compression corpusfmt reads and writes: ``"gzip"``, or ``"zstd"`` (Zstandard,
with the ``zstd`` extra)."""

COMPRESSIONS: Final = ("gzip", "zstd")
_GZIP_MAGIC: Final = b"\x1f\x8b"
_ZSTD_MAGIC: Final = b"\x28\xb5\x2f\xfd"
# The bytes to read to tell every compression.
MAGIC_SIZE: Final = 4
_ZSTD_INSTALL: Final = "pip install 'corpusfmt[zstd]'"
# Compressed input fed to a zstd decompressor at a time: what is lost with an
# error is at most what this much gives, so the error stands near the damage.
_ZSTD_STEP: Final = 1 << 16
_CUT_SHORT: Final = "Compressed file ended before the end-of-stream marker was reached"


class ZstdDataError(EOFError):
    """zstd data that is damaged or cut short (zstandard's own error is not
    importable without it)."""


# What damaged compressed data raises while it is read: gzip's bad header
# (BadGzipFile is an OSError), a cut stream, a bad deflate block; zstd's, as
# ZstdDataError, an EOFError.
DAMAGE: Final = (gzip.BadGzipFile, EOFError, zlib.error)


def compression_in(head: bytes) -> Compression | None:
    """The compression whose magic bytes *head* begins with, or ``None``."""
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_ZSTD_MAGIC):
        return "zstd"
    return None


def check_compression(compression: object) -> None:
    if compression is not None and compression not in COMPRESSIONS:
        raise ValueError(f"compression must be 'gzip', 'zstd' or None, not {compression!r}")


def damaged(error: BaseException, text: str) -> CorpusFormatError:
    """The error for compressed data that breaks off after *text* (what it gave until then)."""
    reason = str(error) or type(error).__name__
    kind = "zstd" if isinstance(error, ZstdDataError) else "gzip"
    return CorpusFormatError.at(
        f"the {kind}-compressed data is damaged ({reason}); the text breaks off here",
        text,
        len(text),
    )


_READING: Final = "the data is zstd-compressed, which needs zstandard"
WRITING_ZSTD: Final = "writing zstd needs zstandard"


def _zstandard(doing: str = _READING) -> Any:
    try:
        import zstandard
    except ImportError as error:
        raise ImportError(f"{doing}: {_ZSTD_INSTALL}") from error
    return zstandard


def decompressed(data: bytes) -> bytes:
    """*data* with its compression undone, or as it is."""
    compression = compression_in(data)
    if compression == "gzip":
        return _gunzip(data)
    if compression == "zstd":
        return _unzstd(data)
    return data


def _text(pieces: list[bytes]) -> str:
    return b"".join(pieces).decode("utf-8", "replace")


def _gunzip(data: bytes) -> bytes:
    """The bytes the gzip members in *data* hold, one after the other.

    Decompressing the whole file at once keeps what came before a damage, so
    that the error stands where the text breaks off.
    """
    pieces: list[bytes] = []
    rest = data
    while rest:
        if not rest.startswith(_GZIP_MAGIC):
            error: BaseException = gzip.BadGzipFile(f"Not a gzipped file ({rest[:2]!r})")
            raise damaged(error, _text(pieces))
        member = zlib.decompressobj(wbits=31)
        try:
            pieces.append(member.decompress(rest))
        except zlib.error as error:
            # The member's good part is lost with the error; decompress it again
            # piece by piece to find where the text breaks off.
            raise damaged(error, _text([*pieces, _good_gzip_prefix(rest)])) from error
        if not member.eof:
            raise damaged(EOFError(_CUT_SHORT), _text(pieces))
        rest = member.unused_data
    return b"".join(pieces)


def _good_gzip_prefix(member: bytes) -> bytes:
    """What a damaged gzip member gives before the damage."""
    decompressor = zlib.decompressobj(wbits=31)
    good: list[bytes] = []
    step = 1 << 10
    for start in range(0, len(member), step):
        try:
            good.append(decompressor.decompress(member[start : start + step]))
        except zlib.error:
            break
    return b"".join(good)


def _unzstd(data: bytes) -> bytes:
    """The bytes the zstd frames in *data* hold, one after the other."""
    pieces, error = _zstd_prefix(data, _ZSTD_STEP)
    if error is None:
        return b"".join(pieces)
    # What the failing step gave is lost with the error; feed the data again
    # in small steps to find where the text breaks off.
    pieces, error = _zstd_prefix(data, 1 << 10)
    assert error is not None
    raise damaged(error, _text(pieces)) from error


def _zstd_prefix(data: bytes, step: int) -> tuple[list[bytes], ZstdDataError | None]:
    """What the zstd frames in *data* give, fed *step* bytes at a time, and the
    error that stopped them, if one did."""
    pieces: list[bytes] = []
    frames = _ZstdFrames()
    try:
        for start in range(0, len(data), step):
            pieces.extend(frames.feed(data[start : start + step]))
        frames.close()
    except ZstdDataError as error:
        return pieces, error
    return pieces, None


class _ZstdFrames:
    """A decompressor of one zstd frame after another, as a file holds them."""

    def __init__(self) -> None:
        self._zstandard = _zstandard()
        self._frame: Any = None
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self._frame is None:
                if not data.startswith(_ZSTD_MAGIC[: len(data)]):
                    raise ZstdDataError(f"not a zstd frame ({data[:4]!r})")
                self._frame = self._zstandard.ZstdDecompressor().decompressobj()
            try:
                out = self._frame.decompress(data)
            except self._zstandard.ZstdError as error:
                raise ZstdDataError(str(error)) from error
            if out:
                yield out
            if not self._frame.eof:
                return
            data = self._frame.unused_data
            self._frame = None

    def close(self) -> None:
        if self._frame is not None:
            raise ZstdDataError(_CUT_SHORT)


class _ZstdReader(io.RawIOBase):
    """The decompressed bytes of a zstd file, read as they are asked for."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._frames = _ZstdFrames()
        self._ready = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._ready and not self._done:
            compressed = self._file.read(_ZSTD_STEP)
            if not compressed:
                self._done = True
                self._frames.close()
                break
            self._ready = b"".join(self._frames.feed(compressed))
        size = min(len(view), len(self._ready))
        view[:size] = self._ready[:size]
        self._ready = self._ready[size:]
        return size


@contextlib.contextmanager
def decompressing(file: IO[bytes], compression: Compression) -> Iterator[IO[bytes]]:
    """The decompressed bytes of *file*, read as they are asked for."""
    if compression == "gzip":
        with gzip.GzipFile(fileobj=file) as unzipped:
            yield cast("IO[bytes]", unzipped)
        return
    yield cast("IO[bytes]", io.BufferedReader(_ZstdReader(file), 1 << 20))


@contextlib.contextmanager
def compressing(file: IO[bytes], compression: Compression) -> Iterator[IO[bytes]]:
    """A file that compresses what it is given into *file*, finished when the block ends.

    The output depends on the bytes alone: gzip without a file name or a
    time, so that the same documents give the same file.
    """
    if compression == "gzip":
        with gzip.GzipFile(filename="", mode="wb", fileobj=file, mtime=0) as zipped:
            yield cast("IO[bytes]", zipped)
        return
    # A checksum, as the zstd command writes: without one, damaged data may
    # decompress to other bytes without an error.
    compressor = _zstandard(WRITING_ZSTD).ZstdCompressor(write_checksum=True)
    writer = compressor.stream_writer(file, closefd=False)
    with writer:
        yield cast("IO[bytes]", writer)
