"""``corpusfmt unpack``: the files of a bundle, restored safely, whole or as it streams in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Final

import corpusfmt
from corpusfmt import (
    BetweenText,
    Block,
    CorpusFormatError,
    Diagnostic,
    Document,
    DocumentIncomplete,
    Event,
    Noticed,
    Refusal,
)
from corpusfmt.cli._common import (
    EXIT_INCOMPLETE,
    EXIT_INVALID,
    EXIT_OK,
    STDIO,
    Adder,
    CommandError,
    Progress,
    dialect_option,
    report_format_error,
    shown,
    shown_source,
)
from corpusfmt.cli._rescue import (
    Loaded,
    choices_named,
    load_rescued,
    reads_as_plain_file,
    report_lost,
    rescue_options,
)

__all__ = ["add", "restore"]

_PARTIAL_SUFFIX = ".partial"


def add(command: Adder) -> None:
    unpack = command(
        "unpack",
        "restore the files of a bundle, safely",
        "Write each document as a file under DIR. Every name is checked first: absolute "
        "paths, '..', drive letters, backslashes, Windows device names, names that collide "
        "on a case-insensitive file system, and paths through a symbolic link or a file "
        "already in DIR are refused, and then nothing is written. Existing files are not "
        "replaced without --force. --names=posix also writes the names that POSIX allows and "
        "Windows does not (a colon, a question mark, a device name). Each file is written "
        "under a temporary name and renamed. "
        "With --stream, the input is read as it arrives (a model's answer piped in) and each "
        "file is written, after the same checks, as soon as its end marker is read. "
        "Exit status: 0 all written, 1 invalid input or a file refused, 3 the input was cut "
        "off or damaged and only its complete files were written.",
        "corpusfmt unpack answer.md --dialect auto --lenient -C project/",
    )
    unpack.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    unpack.add_argument("-C", "--directory", default=".", metavar="DIR", help="default: .")
    unpack.add_argument("--force", action="store_true", help="replace existing files")
    unpack.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    unpack.add_argument(
        "--skip-unsafe", action="store_true", help="write the safe files, report the others"
    )
    unpack.add_argument(
        "--names",
        choices=("portable", "posix"),
        default="portable",
        help="portable (the default): only names every common system can hold; posix: also "
        'names with : ? * < > | " \\, Windows device names, a final dot or space, and names '
        "that differ only in case where the file system tells them apart",
    )
    unpack.add_argument("--verbose", action="store_true", help="list every refusal")
    unpack.add_argument(
        "--exec",
        action="store_true",
        dest="executable",
        help="make files marked executable=yes executable",
    )
    unpack.add_argument(
        "--stream",
        action="store_true",
        help="read the input as it arrives and write each file as soon as it is complete",
    )
    unpack.add_argument(
        "--prose",
        choices=("none", "stderr"),
        default="none",
        help="with --stream: where the text between files goes (default: none)",
    )
    unpack.add_argument(
        "--partial",
        action="store_true",
        help="with --lenient: write a cut-off file too, as NAME.partial",
    )
    rescue_options(unpack, choose=True)
    dialect_option(unpack)
    unpack.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    if args.stream:
        return _Streamed(args).run()
    if _read_twice(args):
        return _restore_read_twice(args)
    loaded = load_rescued(args)
    report_lost(args.bundle, loaded, "not written")
    status = restore(args, loaded.documents, args.directory, loaded)
    if status == EXIT_OK and loaded.incomplete:
        return EXIT_INCOMPLETE
    return status


def _read_twice(args: argparse.Namespace) -> bool:
    """Whether the bundle is a format v1 file that can be read again, one
    document at a time: then memory holds the largest document, not all."""
    return reads_as_plain_file(args) and not args.partial


def _restore_read_twice(args: argparse.Namespace) -> int:
    """Check every document, holding only its name, then read the bundle again
    and write each file as its document comes."""
    stand_ins: list[Document] = []
    sizes: dict[str, int] = {}
    with choices_named(args):
        for document in corpusfmt.iter_load(args.bundle):
            stand_ins.append(Document(document.name, "", document.meta))
            sizes[document.name] = len(document.data)
    return restore(args, stand_ins, args.directory, sizes=sizes, source=args.bundle)


def _write_again(
    source: str, plan: list[corpusfmt.PlannedFile], args: argparse.Namespace, progress: Progress
) -> None:
    """Write the files of *plan* from a second read of *source*, which must hold
    the documents the plan was made of, in the same order. Each document is
    checked again against the directory as it is written, and then let go."""
    changed = CommandError(f"{source}: the bundle changed while it was unpacked; stopped")
    written: list[corpusfmt.PlannedFile] = []
    planned = iter(plan)
    for document in corpusfmt.iter_load(source):
        entry = next(planned, None)
        if entry is None or entry.document.name != document.name:
            raise changed
        if entry.problem is not None:
            continue
        try:
            [result] = corpusfmt.unpack(
                [document],
                args.directory,
                force=args.force,
                skip_unsafe=True,
                executable=args.executable,
                names=args.names,
            )
        except corpusfmt.UnpackError as error:
            raise CommandError(_stopped(str(error), written, args)) from error
        if result.problem is not None:
            # The directory changed since the plan was made.
            raise CommandError(
                _stopped(f"refused {shown(document.name)}: {result.problem}", written, args)
            )
        written.append(result)
        progress.step()
    if next(planned, None) is not None:
        raise changed


def _partial(document: Document) -> Document:
    """A cut-off document under the name that says so."""
    name = document.name + _PARTIAL_SUFFIX
    if document.is_binary:
        return Document.from_bytes(name, document.data, document.meta)
    return Document(name, document.text, document.meta)


def _partials(cut: Sequence[tuple[Block, Diagnostic]]) -> list[Document]:
    return [_partial(block.document) for block, _ in cut]


def restore(
    args: argparse.Namespace,
    docs: list[Document],
    directory: str,
    loaded: Loaded | None = None,
    *,
    sizes: dict[str, int] | None = None,
    source: str | None = None,
) -> int:
    """Write *docs* under *directory* as the options in *args* say; ``convert`` to a
    directory comes here too. *loaded* says what a lenient read left out. With
    *source*, *docs* stand in for the documents of that bundle, whose *sizes*
    are given, and the files are written from a second read of it."""
    force = getattr(args, "force", False)
    skip = getattr(args, "skip_unsafe", False)
    names: corpusfmt.NameRules = getattr(args, "names", "portable")
    partial = _partials(loaded.cut) if loaded is not None and args.partial else []
    plan = corpusfmt.plan_unpack([*docs, *partial], directory, force=force, names=names)
    refused = [entry for entry in plan if entry.problem is not None]
    rescuing = loaded is not None and (args.lenient or args.duplicates != "refuse")
    if getattr(args, "dry_run", False):
        for entry in plan:
            if entry.problem is None:
                size = len(entry.document.data) if sizes is None else sizes[entry.document.name]
                print(f"write  {entry.path}  ({size} bytes)")
            else:
                print(f"refuse {shown(entry.document.name)}: {entry.problem}")
        return EXIT_INVALID if refused and not skip else EXIT_OK
    if refused:
        _report_refused(refused, len(plan), skip, getattr(args, "verbose", False))
    if refused and not skip:
        return EXIT_INVALID
    progress = Progress(args, "unpack", len(plan) - len(refused))
    if source is not None:
        _write_again(source, plan, args, progress)
        return EXIT_INVALID if refused else EXIT_OK
    written: list[corpusfmt.PlannedFile] = []

    def on_written(entry: corpusfmt.PlannedFile) -> None:
        written.append(entry)
        progress.step()

    try:
        corpusfmt.unpack(
            [*docs, *partial],
            directory,
            force=force,
            skip_unsafe=skip,
            executable=getattr(args, "executable", False),
            names=names,
            on_written=on_written,
        )
    except corpusfmt.UnpackError as error:
        raise CommandError(_stopped(str(error), written, args)) from error
    if rescuing and loaded is not None and not args.quiet:
        cut_left_out = 0 if partial else len(loaded.cut)
        _summary(len(plan) - len(refused), len(refused) + cut_left_out, len(partial))
    return EXIT_INVALID if refused else EXIT_OK


# How many refusals are listed without --verbose.
_SHOWN_REFUSALS: Final = 5
_POSIX_HINT: Final = "--names=posix writes the names that POSIX allows"
# What the user can do about each kind of refusal, in the command line's terms.
_HINTS: Final[dict[Refusal, str]] = {
    "exists": "--force replaces existing files",
    "not-portable": _POSIX_HINT,
    "same-file": _POSIX_HINT,
}


def _report_refused(
    refused: list[corpusfmt.PlannedFile], total: int, skip: bool, verbose: bool
) -> None:
    """One summary line, the first few refusals (all with *verbose*), and what to do."""
    verb = "skipped" if skip else "refused"
    outcome = "the others are written" if skip else "nothing was written"
    print(f"corpusfmt: {verb} {len(refused)} of {total} files; {outcome}", file=sys.stderr)
    lines = _first_few(
        [f"{shown(entry.document.name)}: {entry.problem}" for entry in refused], verbose
    )
    for line in lines:
        print(f"corpusfmt:   {line}", file=sys.stderr)
    kinds = {entry.refusal for entry in refused}
    hints = list(dict.fromkeys(hint for kind, hint in _HINTS.items() if kind in kinds))
    if not skip:
        hints.append("--skip-unsafe writes the others and leaves these out")
    if hints:
        print(f"corpusfmt: {'; '.join(hints)}", file=sys.stderr)


def _stopped(why: str, written: list[corpusfmt.PlannedFile], args: argparse.Namespace) -> str:
    """The message of a run that stopped midway: why, and the files it had written."""
    lines = [f"{why}; stopped"]
    if written:
        files = "file" if len(written) == 1 else "files"
        lines.append(f"the {len(written)} {files} written before it:")
        paths = [str(entry.path) for entry in written]
        lines += [f"  {line}" for line in _first_few(paths, getattr(args, "verbose", False))]
    return "\n".join(lines)


def _first_few(lines: list[str], verbose: bool) -> list[str]:
    """*lines*, or, without *verbose*, the first few and a line that counts the rest."""
    if verbose or len(lines) <= _SHOWN_REFUSALS:
        return lines
    rest = len(lines) - _SHOWN_REFUSALS
    return [*lines[:_SHOWN_REFUSALS], f"... and {rest} more (--verbose lists them all)"]


def _summary(written: int, skipped: int, partial: int) -> None:
    files = "file" if written == 1 else "files"
    cut = f" ({partial} of them cut off, as {_PARTIAL_SUFFIX})" if partial else ""
    print(f"corpusfmt: {written} {files} written{cut}, {skipped} not written", file=sys.stderr)


class _StopError(Exception):
    """The first problem of a stream read without --lenient ends the run."""


class _Streamed:
    """``unpack --stream``: each file is checked and written as soon as it is complete,
    by a :class:`corpusfmt.Unpacker`."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.unpacker = corpusfmt.Unpacker(
            args.directory,
            force=args.force,
            executable=args.executable,
            duplicates=args.duplicates,
            dry_run=args.dry_run,
            names=args.names,
        )
        self.not_written = 0
        self.refused = False
        self.incomplete = False
        self.failed = False
        self.names: set[str] = set()
        self.assembler = corpusfmt.DocumentAssembler()

    def run(self) -> int:
        args = self.args
        source = sys.stdin.buffer if args.bundle == STDIO else args.bundle
        # The parser is lenient so that a file written twice reaches the
        # choice of --first and --last; without --lenient, the first other
        # problem ends the run.
        try:
            for event in corpusfmt.iter_parse(source, args.dialect, strict=False):
                self._take(event)
        except CorpusFormatError as error:
            report_format_error(args.bundle, error)
            self.failed = True
        except _StopError:
            self.failed = True
        self._summary()
        if self.refused or self.failed:
            return EXIT_INVALID
        return EXIT_INCOMPLETE if self.incomplete else EXIT_OK

    def _take(self, event: Event) -> None:
        args = self.args
        if isinstance(event, BetweenText):
            if args.prose == "stderr":
                sys.stderr.write(event.text)
                sys.stderr.flush()
            return
        if isinstance(event, Noticed):
            self._notice(event.diagnostic)
            return
        document = self.assembler.take(event)
        if document is None:
            return
        if isinstance(event, DocumentIncomplete):
            self.not_written += 1
            if args.partial:
                self._write(_partial(document))
            return
        self._write(document)

    def _notice(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "warning":
            print(
                f"corpusfmt: warning: line {diagnostic.lineno}, column {diagnostic.colno}: "
                f"{diagnostic.msg}",
                file=sys.stderr,
            )
        if diagnostic.severity != "error" or diagnostic.kind == "duplicate":
            # The second document of a name is dealt with when it is complete.
            return
        self.incomplete = True
        truncated = diagnostic.kind == "truncated"
        print(
            f"{shown_source(self.args.bundle)}:{diagnostic.lineno}:{diagnostic.colno}: "
            f"{diagnostic.msg}{'; not written' if truncated else ''}",
            file=sys.stderr,
        )
        if not self.args.lenient:
            self.not_written += truncated
            raise _StopError

    def _write(self, document: Document) -> None:
        args = self.args
        name = document.name
        again = name in self.names
        entry = self.unpacker.write(document)
        if entry.problem is None:
            self.names.add(name)
            if args.dry_run:
                print(f"write  {entry.path}  ({len(document.data)} bytes)", flush=True)
            return
        self.not_written += 1
        # Keeping the first of a name is what --first asks for, not a refusal.
        if not (args.skip_unsafe or (again and args.duplicates == "first")):
            self.refused = True
        hint = " with --first or --last" if again and args.duplicates == "refuse" else ""
        if entry.refusal in _HINTS:
            hint = f" ({_HINTS[entry.refusal]})"
        print(f"corpusfmt: not written {shown(name)}: {entry.problem}{hint}", file=sys.stderr)

    def _summary(self) -> None:
        if self.args.quiet:
            return
        count = len(self.unpacker.written)
        files = "file" if count == 1 else "files"
        verb = "to write" if self.args.dry_run else "written"
        print(
            f"corpusfmt: {count} {files} {verb}, {self.not_written} not written",
            file=sys.stderr,
        )
