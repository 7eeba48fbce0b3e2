"""The facade: the ``dialect=`` argument is resolved here, above the core and the dialects.

``"v1"``, a preset's name, a :class:`~corpusfmt.Dialect` or ``"auto"``
becomes one dialect (``"auto"`` by :func:`~corpusfmt.sniff`), and the call
goes to that dialect's syntax, chosen from the table in
:mod:`corpusfmt.dialects`. No function below this module takes a dialect's
name, and none tells one dialect from another.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from corpusfmt._model import Document
from corpusfmt.dialects import Bundle, Diagnostic, Dialect, read, resolve, sniff, syntax_of
from corpusfmt.io import Compression, PathOrFile, read_source, write_pieces
from corpusfmt.v1 import rules

__all__ = ["dump", "dumps", "load", "loads", "parse"]

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


def _warn(notes: tuple[Diagnostic, ...]) -> None:
    for note in notes:
        if note.severity == "warning":
            # The caller of loads or load is a few frames up.
            warnings.warn(f"line {note.lineno}, column {note.colno}: {note.msg}", stacklevel=4)


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
    intact document and reports each problem in :attr:`Bundle.diagnostics`.
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
    before the first byte is written. ``compression="gzip"`` compresses
    what a path or a binary file gets.
    """
    chosen = resolve(dialect)
    write_pieces(syntax_of(chosen).render(docs, chosen), target, compression=compression)
