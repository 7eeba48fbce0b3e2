"""The facade: the ``dialect=`` argument is resolved here, above the core and the dialects.

``"v1"``, a preset's name, a :class:`~corpusfmt.Dialect` or ``"auto"``
becomes one dialect (``"auto"`` by :func:`~corpusfmt.sniff`), and the call
goes to that dialect's syntax, chosen from the table in
:mod:`corpusfmt.dialects`. No function below this module takes a dialect's
name, and none tells one dialect from another.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from typing import cast, overload

from corpusfmt._errors import CorpusFormatError
from corpusfmt._events import DocumentEnded, Event, Noticed
from corpusfmt._model import Document
from corpusfmt._push import DocumentAssembler, StreamParser
from corpusfmt.dialects import Bundle, Diagnostic, Dialect, read, resolve, sniff, syntax_of
from corpusfmt.io import (
    BundleIndex,
    BundleSource,
    Compression,
    PathOrFile,
    ShardIndex,
    Shards,
    index_dialect,
    index_shards,
    iter_shards,
    iter_text,
    read_source,
    write_pieces,
)
from corpusfmt.io import index as index_v1
from corpusfmt.io import iter_load as iter_load_v1
from corpusfmt.v1 import rules

__all__ = ["dump", "dumps", "index", "iter_load", "iter_parse", "load", "loads", "parse"]

_AUTO = "auto"


def _chosen(dialect: str | Dialect, text: str) -> tuple[Dialect, tuple[Diagnostic, ...]]:
    if isinstance(dialect, str) and dialect == _AUTO:
        sniffed = sniff(text)
        return sniffed.dialect, sniffed.diagnostics
    return resolve(dialect), ()


def _check_text(text: object, hint: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"expected the bundle as str, not {type(text).__name__}{hint}")


def loads(text: str, dialect: str | Dialect = "v1") -> list[Document]:
    """Read every document of the bundle *text*.

    Raises :class:`CorpusFormatError` if *text* does not follow format v1, or
    *dialect*: a preset name (see :data:`DIALECTS`), a :class:`Dialect`, or
    ``"auto"``. A dialect's reading is strict: a truncated or duplicate
    document is an error; :func:`parse` with ``strict=False`` returns what can
    be read instead. When ``"auto"`` finds the text ambiguous, it warns.

    >>> import corpusfmt
    >>> corpusfmt.loads("<<<FILE a.txt>>>\\nhello\\n<<<END FILE>>>\\n")
    [Document(name='a.txt', text='hello\\n')]
    """
    _check_text(text, "; use corpusfmt.load() for bytes and files")
    chosen, notes = _chosen(dialect, text)
    _warn(notes)
    return _documents(text, chosen)


def _documents(text: str, dialect: Dialect) -> list[Document]:
    syntax = syntax_of(dialect)
    if syntax.exact:
        # Nothing to warn about in an exact reading: the core's fast path.
        return syntax.loads(text, dialect)
    # A guess or another tool's output may have lost something; say so.
    bundle = read(text, dialect, strict=True)
    _warn(bundle.diagnostics)
    return bundle.documents


def _warn(notes: Iterable[Diagnostic], stacklevel: int = 4) -> None:
    for note in notes:
        if note.severity == "warning":
            # The caller of loads or load is a few frames up.
            warnings.warn(
                f"line {note.lineno}, column {note.colno}: {note.msg}", stacklevel=stacklevel
            )


def load(source: PathOrFile, dialect: str | Dialect = "v1") -> list[Document]:
    """Read every document of a bundle from a path or an open file.

    A path or a binary file is read as UTF-8, gzip-compressed or not (told by
    its first bytes); a text file is read as it is, so open it with
    ``newline=""`` to keep ``\\r\\n`` intact. Raises :class:`CorpusFormatError`
    for malformed text, for bytes that are not UTF-8 and for damaged
    compressed data. *dialect* is as for :func:`loads`.
    """
    data = read_source(source)
    if isinstance(data, str):
        return loads(data, dialect)
    if isinstance(dialect, str) and dialect == _AUTO:
        return loads(rules.decode_utf8(data), dialect)
    chosen = resolve(dialect)
    syntax = syntax_of(chosen)
    if syntax.exact:
        return syntax.loads_bytes(data, chosen)
    return _documents(rules.decode_utf8(data), chosen)


def parse(text: str, dialect: str | Dialect = "v1", *, strict: bool = True) -> Bundle:
    """Read *text* into a :class:`Bundle` that keeps every character of it.

    *dialect* is a preset name (see :data:`DIALECTS`), a :class:`Dialect`, or
    ``"auto"`` to let :func:`sniff` choose. A strict read raises
    :class:`CorpusFormatError` at the first problem a diagnostic of severity
    ``"error"`` would report; a lenient read (``strict=False``) returns every
    intact document and reports each problem in :attr:`~corpusfmt.Bundle.diagnostics`.
    Either way, ``bundle.dumps() == text``.
    """
    _check_text(text, "")
    chosen, notes = _chosen(dialect, text)
    bundle = read(text, chosen, strict=strict)
    if notes:
        bundle = Bundle(bundle.parts, bundle.dialect, notes + bundle.diagnostics)
    return bundle


def dumps(docs: Iterable[Document], dialect: str | Dialect = "v1") -> str:
    """Write *docs* as one bundle in canonical format v1, or in *dialect*.

    Raises :class:`CorpusWriteError` if two documents share a name, or if
    *dialect* cannot hold a document so that it reads back the same (format
    v1 holds every document).

    >>> import corpusfmt
    >>> print(corpusfmt.dumps([corpusfmt.Document("a.txt", "no newline")]), end="")
    <<<FILE a.txt final-newline=no>>>
    no newline
    <<<END FILE>>>
    """
    chosen = resolve(dialect)
    return "".join(
        piece for _, pieces in syntax_of(chosen).render(docs, chosen) for piece in pieces
    )


def dump(
    docs: Iterable[Document],
    target: PathOrFile,
    dialect: str | Dialect = "v1",
    *,
    compression: Compression | None = None,
) -> None:
    """Write *docs* as a bundle to a path or an open file.

    Documents are written as the iterable yields them. A path or a binary
    file gets UTF-8; a text file (an :class:`io.TextIOBase`) gets ``str``. A
    path is written through a temporary file beside it that replaces the
    target only once every document is written, so a failed dump leaves no
    partial bundle, and a replaced bundle keeps its file mode. Raises
    :class:`CorpusWriteError` for two documents of one name and for a text
    that UTF-8 cannot encode (a lone surrogate). *dialect* is as for
    :func:`dumps`; in another dialect than v1 every document is checked
    before the first byte is written. ``compression="gzip"`` (or ``"zstd"``,
    with the ``zstd`` extra) compresses what a path or a binary file gets.
    """
    chosen = resolve(dialect)
    write_pieces(syntax_of(chosen).render(docs, chosen), target, compression=compression)


def iter_parse(
    source: PathOrFile,
    dialect: str | Dialect = "v1",
    *,
    strict: bool = True,
    chunk_size: int = 1 << 16,
) -> Iterator[Event]:
    """Yield the events of a bundle read from a path or an open file, as its text arrives.

    A :class:`StreamParser` of *dialect* (``strict`` as there) reads the
    text as the source gives it: a pipe's as it arrives, so that a model's
    answer piped in is reported file by file. Problems are raised as
    :class:`CorpusFormatError` after the events before them were yielded.

    >>> import io, corpusfmt
    >>> answer = io.BytesIO(b"Sure:\\n<<<FILE: a.py>>>\\nprint(1)\\n<<<END FILE>>>\\n")
    >>> [type(event).__name__ for event in corpusfmt.iter_parse(answer, "auto")]
    ['BetweenText', 'DocumentStarted', 'BodyText', 'DocumentEnded']
    """
    parser = StreamParser(dialect, strict=strict)
    try:
        for text in iter_text(source, chunk_size):
            yield from parser.feed(text)
        yield from parser.close()
    except CorpusFormatError:
        yield from parser.events_before_error
        raise


def _shards_of(source: object, dialect: str | Dialect, what: str) -> Shards | None:
    """*source* as a list of shards, or ``None`` for one bundle."""
    if not isinstance(source, (list, tuple)):
        return None
    if (isinstance(dialect, str) and dialect == _AUTO) or not syntax_of(resolve(dialect)).exact:
        raise ValueError(f"{what} reads a list of shards in format v1 only")
    return source


def iter_load(
    source: BundleSource,
    dialect: str | Dialect = "v1",
    *,
    chunk_size: int = 1 << 20,
    byte_range: tuple[int, int] | None = None,
) -> Iterator[Document]:
    """Yield the documents of a bundle one by one, reading it a chunk at a time.

    *source* is a path or an open file, as for :func:`corpusfmt.load`.
    Memory holds the current document and about *chunk_size* bytes more, not
    the whole bundle, so a bundle larger than memory can be read. A problem
    is raised as :class:`~corpusfmt.CorpusFormatError` when the reader
    reaches it, after the documents before it were yielded. *dialect* is as
    for :func:`loads`; in another dialect than v1 the documents come from
    the push parser of that dialect (see :func:`iter_parse`), and what a
    guess may have lost is warned of, as :func:`load` does.

    *byte_range* ``(start, stop)`` reads only the documents whose header line
    begins at a byte offset in ``[start, stop)``, of an uncompressed format
    v1 bundle: ranges that meet read every document exactly once, so workers
    can share one large bundle (see :func:`corpusfmt.io.iter_range`).

    A list of paths or URLs is read as the shards of one corpus, in order
    (see :func:`corpusfmt.dump_shards` and :func:`corpusfmt.shard_paths`): a
    name is unique across them, and an error's ``source`` names its shard.

    >>> import io, corpusfmt
    >>> data = b"<<<FILE a>>>\\nx\\n<<<END FILE>>>\\n<<<FILE b>>>\\ny\\n<<<END FILE>>>\\n"
    >>> [doc.name for doc in corpusfmt.iter_load(io.BytesIO(data))]
    ['a', 'b']
    """
    shards = _shards_of(source, dialect, "iter_load")
    if shards is not None:
        if byte_range is not None:
            raise ValueError("byte_range is a range of one bundle, not of a list of shards")
        yield from iter_shards(shards, chunk_size=chunk_size)
        return
    bundle = cast("PathOrFile", source)
    if not (isinstance(dialect, str) and dialect == _AUTO):
        chosen = resolve(dialect)
        if syntax_of(chosen).exact:
            # The core's own cutter reads bytes without decoding them twice.
            yield from iter_load_v1(bundle, chunk_size=chunk_size, byte_range=byte_range)
            return
    if byte_range is not None:
        # Only format v1 escapes every line that could be taken for a header.
        raise ValueError("byte_range needs format v1, whose header lines can be found anywhere")
    assembler = DocumentAssembler()
    for event in iter_parse(bundle, dialect, chunk_size=chunk_size):
        if isinstance(event, Noticed):
            _warn([event.diagnostic], stacklevel=3)
            continue
        document = assembler.take(event)
        if document is not None and isinstance(event, DocumentEnded):
            yield document


@overload
def index(
    source: PathOrFile, dialect: str | Dialect = "v1", *, chunk_size: int = 1 << 20
) -> BundleIndex: ...


@overload
def index(
    source: list[str]
    | list[os.PathLike[str]]
    | list[str | os.PathLike[str]]
    | tuple[str | os.PathLike[str], ...],
    dialect: str | Dialect = "v1",
    *,
    chunk_size: int = 1 << 20,
) -> ShardIndex: ...


def index(
    source: PathOrFile | Shards, dialect: str | Dialect = "v1", *, chunk_size: int = 1 << 20
) -> BundleIndex | ShardIndex:
    """Find every document of a bundle file and where it lies, without decoding bodies.

    Reads *source* (a path or a binary file; not gzip, which cannot be
    seeked in) a chunk at a time and decodes only the header lines, so it
    costs little more than reading the file. The whole bundle is checked as
    :func:`corpusfmt.load` checks it, except that body bytes are not checked
    to be UTF-8; :meth:`BundleIndex.read` checks them when it reads a body.
    In another *dialect* (a preset's name or a :class:`Dialect`) the bundle
    is read whole, strictly, and each span runs from a block's header to its
    end marker; a packer's output cannot be indexed. A list of uncompressed
    shards gives a :class:`ShardIndex`, checked as one corpus.

    >>> import io, corpusfmt
    >>> data = b"<<<FILE a>>>\\nx\\n<<<END FILE>>>\\n<<<FILE b k=v>>>\\ny\\n<<<END FILE>>>\\n"
    >>> found = corpusfmt.index(io.BytesIO(data))
    >>> found["b"]
    IndexEntry(name='b', start=30, end=64, lineno=4, meta={'k': 'v'})
    >>> found.read(io.BytesIO(data), "b")
    Document(name='b', text='y\\n', meta={'k': 'v'})
    """
    shards = _shards_of(source, dialect, "index")
    if shards is not None:
        return index_shards(shards, chunk_size=chunk_size)
    chosen = resolve(dialect)
    if syntax_of(chosen).exact:
        return index_v1(cast("PathOrFile", source), chunk_size=chunk_size)
    return index_dialect(cast("PathOrFile", source), chosen)
