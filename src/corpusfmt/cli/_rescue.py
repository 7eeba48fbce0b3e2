"""What ``--lenient``, ``--first`` and ``--last`` share: read what is complete, say what is not."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from typing import Final, Literal

import attrs

import corpusfmt
from corpusfmt import Block, CorpusFormatError, Diagnostic, Document
from corpusfmt.cli._common import STDIO, load, shown_source

__all__ = [
    "DuplicateChoice",
    "Loaded",
    "choices_named",
    "load_rescued",
    "reads_as_plain_file",
    "report_lost",
    "rescue_options",
]

DuplicateChoice = Literal["refuse", "first", "last", "keep"]

_DUPLICATE: Final = "duplicate"
_TRUNCATED: Final = "truncated"
# How the message about a second document of a name begins (see v1.rules).
_DUPLICATE_MESSAGE: Final = "duplicate document name "
_CHOOSE: Final = "; choose one with --first or --last"


def rescue_options(sub: argparse.ArgumentParser, *, choose: bool) -> None:
    """Add ``--lenient`` and, where one document must be chosen, ``--first``/``--last``."""
    sub.add_argument(
        "--lenient",
        action="store_true",
        help="use the complete documents of a damaged or cut-off bundle, report each "
        "problem, and exit 3",
    )
    if choose:
        group = sub.add_mutually_exclusive_group()
        group.add_argument(
            "--first",
            dest="duplicates",
            action="store_const",
            const="first",
            help="of a document written twice, take the first",
        )
        group.add_argument(
            "--last",
            dest="duplicates",
            action="store_const",
            const="last",
            help="of a document written twice, take the last",
        )
        sub.set_defaults(duplicates="refuse")


@attrs.frozen
class Loaded:
    """The documents to use, and what was left out and why."""

    documents: list[Document]
    cut: list[tuple[Block, Diagnostic]] = attrs.Factory(list)
    problems: list[Diagnostic] = attrs.Factory(list)
    # Every document in bundle order, and whether it was cut off.
    listing: list[tuple[Document, bool]] = attrs.Factory(list)

    @property
    def incomplete(self) -> bool:
        """Whether anything of the input was left out."""
        return bool(self.cut or self.problems)


@contextlib.contextmanager
def choices_named(args: argparse.Namespace) -> Iterator[None]:
    """Name ``--first`` and ``--last`` in the error of a name written twice,
    if the command offers them."""
    try:
        yield
    except CorpusFormatError as error:
        if not (hasattr(args, "duplicates") and error.msg.startswith(_DUPLICATE_MESSAGE)):
            raise
        raise CorpusFormatError(
            error.msg + _CHOOSE,
            lineno=error.lineno,
            colno=error.colno,
            pos=error.pos,
            line=error.line,
            document=error.document,
        ) from error


def reads_as_plain_file(args: argparse.Namespace) -> bool:
    """Whether ``args.bundle`` is a file to read strictly in format v1, without
    a rescue option: one that the index and a second read can serve."""
    return (
        args.bundle != STDIO
        and args.dialect == "v1"
        and not getattr(args, "lenient", False)
        and getattr(args, "duplicates", "refuse") == "refuse"
        and os.path.isfile(args.bundle)
    )


def load_rescued(args: argparse.Namespace, duplicates: DuplicateChoice | None = None) -> Loaded:
    """Read ``args.bundle`` as ``--lenient`` and ``--first``/``--last`` ask.

    Without either, this is a strict read. A document written twice is
    refused (:class:`CorpusFormatError` at its second header, naming the
    options) unless *duplicates* (default: ``args.duplicates``) chooses.
    """
    lenient = getattr(args, "lenient", False)
    chosen: DuplicateChoice = (
        getattr(args, "duplicates", "refuse") if duplicates is None else duplicates
    )
    if not lenient and chosen == "refuse":
        with choices_named(args):
            documents = load(args.bundle, args.dialect)
        return Loaded(documents, listing=[(doc, False) for doc in documents])
    text = read_text(args.bundle)
    bundle = corpusfmt.parse(text, args.dialect, strict=False)
    for diagnostic in bundle.diagnostics:
        if diagnostic.severity == "warning":
            warnings.warn(
                f"line {diagnostic.lineno}, column {diagnostic.colno}: {diagnostic.msg}",
                stacklevel=2,
            )
    errors = bundle.errors
    if not lenient:
        blocking = [error for error in errors if error.kind != _DUPLICATE]
        if blocking:
            raise _error_in(text, blocking[0])
    doubled = [error for error in errors if error.kind == _DUPLICATE]
    if doubled and chosen == "refuse":
        raise _error_in(text, doubled[0], _CHOOSE)
    if chosen == "first":
        documents = bundle.earliest()
    elif chosen == "last":
        documents = bundle.latest()
    else:
        documents = bundle.documents
    cut_reports = iter(error for error in errors if error.kind == _TRUNCATED)
    cut = [(block, next(cut_reports)) for block in bundle.truncated]
    # Both documents of a name are kept only where each is shown: still a problem.
    settled = (_TRUNCATED,) if chosen == "keep" else (_DUPLICATE, _TRUNCATED)
    problems = [error for error in errors if error.kind not in settled]
    listing = [(block.document, block.truncated) for block in bundle.blocks]
    return Loaded(documents, cut, problems, listing)


def read_text(source: str) -> str:
    data = corpusfmt.io.read_source(sys.stdin.buffer if source == STDIO else source)
    return data if isinstance(data, str) else corpusfmt.v1.decode_utf8(data)


def _error_in(text: str, diagnostic: Diagnostic, more: str = "") -> CorpusFormatError:
    return CorpusFormatError.at(
        diagnostic.msg + more, text, diagnostic.pos, document=diagnostic.document
    )


def report_lost(source: str, loaded: Loaded, what: str) -> None:
    """Print ``FILE:LINE:COLUMN: message`` for each problem and cut-off document,
    saying that it was *what* (``"not written"``, ``"not listed"``)."""
    lost = sorted(
        [*loaded.problems, *(diagnostic for _, diagnostic in loaded.cut)],
        key=lambda diagnostic: diagnostic.pos,
    )
    for diagnostic in lost:
        note = f"; {what}" if what and diagnostic.kind == _TRUNCATED else ""
        print(
            f"{shown_source(source)}:{diagnostic.lineno}:{diagnostic.colno}: "
            f"{diagnostic.msg}{note}",
            file=sys.stderr,
        )
