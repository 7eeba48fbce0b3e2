"""The ``corpusfmt`` command: a thin shell over the public API.

Files, standard streams, messages and exit statuses live here; every reading,
writing and checking is a call to :mod:`corpusfmt`.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import corpusfmt
from corpusfmt import CorpusFormatError, Document

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

STDIO = "-"
FORMATS = ("bundle", "jsonl", "dir")


class _CommandError(Exception):
    """A message for the user and exit status 1, raised anywhere below ``main``."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            status = int(args.run(args))
        except CorpusFormatError as error:
            _report_format_error(getattr(args, "current", None), error)
            status = EXIT_INVALID
        except (_CommandError, ValueError, ImportError) as error:
            print(f"corpusfmt: {error}", file=sys.stderr)
            status = EXIT_INVALID
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            print(f"corpusfmt: {where}{error.strerror or error}", file=sys.stderr)
            status = EXIT_INVALID
        finally:
            for warning in caught:
                if not args.quiet:
                    print(f"corpusfmt: warning: {warning.message}", file=sys.stderr)
    return status


def _report_format_error(source: str | None, error: CorpusFormatError) -> None:
    if source is None:
        # Not a file's problem: a document that cannot be written as asked.
        print(f"corpusfmt: {error}", file=sys.stderr)
        return
    shown = "<stdin>" if source == STDIO else source
    print(f"{shown}:{error.lineno}:{error.colno}: {error.msg}", file=sys.stderr)
    excerpt = str(error).partition("\n")[2]
    if excerpt:
        print(excerpt, file=sys.stderr)


# --- The parser. ----------------------------------------------------------------


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpusfmt",
        description="Read, check and write <<<FILE ...>>> bundles without changing a byte.",
        epilog="Run 'corpusfmt COMMAND --help' for a command's options and an example. "
        "Exit status: 0 ok, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=version("corpusfmt"))
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar, no warnings, no notes"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, help: str, description: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            description=description,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS)
        return sub

    def dialect_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--dialect",
            default="v1",
            metavar="NAME",
            help="read in this dialect: v1 (the default), a preset name, or auto",
        )

    ls = command(
        "ls",
        "list the documents of a bundle",
        "Print one line per document: its name, its size in bytes, its number of lines "
        "(- for a binary document) and its attributes.",
        "corpusfmt ls seeds/seeds.bundle",
    )
    ls.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    ls.add_argument("--json", action="store_true", help="print a JSON array, for scripts")
    dialect_option(ls)
    ls.set_defaults(run=_ls)

    cat = command(
        "cat",
        "print documents exactly",
        "Write the named documents to standard output, byte for byte, one after the other.",
        "corpusfmt cat seeds/seeds.bundle 000_8243e901774f6848.txt",
    )
    cat.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    cat.add_argument("names", metavar="NAME", nargs="+", help="a document name")
    dialect_option(cat)
    cat.set_defaults(run=_cat)

    check = command(
        "check",
        "validate bundles",
        "Read each bundle. Print nothing and exit 0 if all are valid; otherwise print "
        "FILE:LINE:COLUMN: message for each invalid one and exit 1.",
        "corpusfmt check seeds/seeds.bundle",
    )
    check.add_argument("bundles", metavar="BUNDLE", nargs="+", help="a bundle file, or -")
    dialect_option(check)
    check.set_defaults(run=_check)

    fmt = command(
        "fmt",
        "rewrite bundles in canonical format v1",
        "Rewrite each bundle in canonical format v1, in place and atomically (- reads "
        "stdin and writes stdout). A bundle read in another --dialect is converted.",
        "corpusfmt fmt --check seeds/seeds.bundle",
    )
    fmt.add_argument("bundles", metavar="BUNDLE", nargs="+", help="a bundle file, or -")
    fmt.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the bundles that are not canonical and exit 1 if any",
    )
    dialect_option(fmt)
    fmt.set_defaults(run=_fmt)

    pack = command(
        "pack",
        "pack files and directories into a bundle",
        "Read files and directory trees into one bundle. A directory's files are named "
        "by their path relative to it, a file by its name; documents are sorted by name. "
        "A file that is not UTF-8 is carried as base64 (encoding=base64).",
        "corpusfmt pack src/ README.md -o project.bundle --exclude '*.pyc' --gitignore",
    )
    pack.add_argument("paths", metavar="PATH", nargs="+", help="a file or directory")
    pack.add_argument(
        "-o", "--output", default=STDIO, help="the bundle to write (default: stdout)"
    )
    pack.add_argument("--include", action="append", default=[], metavar="GLOB", help="only these")
    pack.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="not these")
    pack.add_argument("--gitignore", action="store_true", help="obey .gitignore files")
    pack.add_argument(
        "--skip-binary",
        action="store_true",
        help="leave out files that are not UTF-8, with a warning",
    )
    pack.add_argument(
        "--dialect", default="v1", metavar="NAME", help="write in this dialect (default: v1)"
    )
    pack.set_defaults(run=_pack)

    unpack = command(
        "unpack",
        "restore the files of a bundle, safely",
        "Write each document as a file under DIR. Every name is checked first: absolute "
        "paths, '..', drive letters, backslashes, Windows device names, names that collide "
        "on a case-insensitive file system, and paths through a symbolic link or a file "
        "already in DIR are refused, and then nothing is written. Existing files are not "
        "replaced without --force. Each file is written under a temporary name and renamed.",
        "corpusfmt unpack answer.txt --dialect auto -C project/ --dry-run",
    )
    unpack.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    unpack.add_argument("-C", "--directory", default=".", metavar="DIR", help="default: .")
    unpack.add_argument("--force", action="store_true", help="replace existing files")
    unpack.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    unpack.add_argument(
        "--skip-unsafe", action="store_true", help="write the safe files, report the others"
    )
    unpack.add_argument(
        "--exec",
        action="store_true",
        dest="executable",
        help="make files marked executable=yes executable",
    )
    dialect_option(unpack)
    unpack.set_defaults(run=_unpack)

    convert = command(
        "convert",
        "convert between a bundle, JSON Lines and a directory",
        "Read INPUT and write OUTPUT. The formats are bundle, jsonl (one "
        '{"name", "text", "meta"} object per line) and dir; they are told from the '
        "paths (a directory, a .jsonl file) unless given with --from and --to.",
        "corpusfmt convert corpus.bundle corpus.jsonl",
    )
    convert.add_argument(
        "input", metavar="INPUT", help="a bundle, a .jsonl file, a directory, or -"
    )
    convert.add_argument(
        "output", metavar="OUTPUT", help="a bundle, a .jsonl file, a directory, or -"
    )
    convert.add_argument("--from", dest="source_format", choices=FORMATS)
    convert.add_argument("--to", dest="target_format", choices=FORMATS)
    dialect_option(convert)
    convert.set_defaults(run=_convert)
    return parser


# --- Reading and writing at the edge. ---------------------------------------------


def _load(source: str, dialect: str) -> list[Document]:
    if source == STDIO:
        return corpusfmt.load(sys.stdin.buffer, dialect)
    return corpusfmt.load(source, dialect)


def _dump(docs: Iterable[Document], target: str, dialect: str = "v1") -> None:
    if target == STDIO:
        corpusfmt.dump(docs, sys.stdout.buffer, dialect)
        sys.stdout.buffer.flush()
    else:
        corpusfmt.dump(docs, target, dialect)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.corpusfmt-tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


class _Progress:
    """A one-line progress bar on standard error, shown only to a person."""

    def __init__(self, args: argparse.Namespace, label: str, total: int) -> None:
        self._shown = not args.quiet and sys.stderr.isatty() and total > 1
        self._label = label
        self._total = total
        self._done = 0
        self._last = 0.0

    def step(self) -> None:
        self._done += 1
        now = time.monotonic()
        if self._shown and (now - self._last > 0.1 or self._done == self._total):
            self._last = now
            filled = 30 * self._done // self._total
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r{self._label} [{bar}] {self._done}/{self._total}")
            if self._done == self._total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def over(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield item
            self.step()


# --- The commands. ------------------------------------------------------------------


def _ls(args: argparse.Namespace) -> int:
    args.current = args.bundle
    docs = _load(args.bundle, args.dialect)
    if args.json:
        rows = [
            {
                "name": doc.name,
                "bytes": len(doc.data),
                "lines": None if doc.is_binary else _count_lines(doc.text),
                "binary": doc.is_binary,
                "meta": dict(doc.meta),
            }
            for doc in docs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    table = [
        (
            _shown(doc.name),
            str(len(doc.data)),
            "-" if doc.is_binary else str(_count_lines(doc.text)),
            " ".join(f"{key}={_shown(value)}" for key, value in doc.meta.items()),
        )
        for doc in docs
    ]
    if not table:
        return EXIT_OK
    headings = ("NAME", "BYTES", "LINES", "ATTRIBUTES")
    widths = [max(len(row[column]) for row in (headings, *table)) for column in range(3)]
    for row in (headings, *table):
        line = f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
        print(line.rstrip())
    return EXIT_OK


def _cat(args: argparse.Namespace) -> int:
    args.current = args.bundle
    by_name = {doc.name: doc for doc in _load(args.bundle, args.dialect)}
    missing = [name for name in args.names if name not in by_name]
    if missing:
        raise _CommandError(
            f"{args.bundle}: no document named " + ", ".join(repr(name) for name in missing)
        )
    for name in args.names:
        sys.stdout.buffer.write(by_name[name].data)
    sys.stdout.buffer.flush()
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    progress = _Progress(args, "check", len(args.bundles))
    for bundle in progress.over(args.bundles):
        try:
            _load(bundle, args.dialect)
        except CorpusFormatError as error:
            _report_format_error(bundle, error)
            status = EXIT_INVALID
        except OSError as error:
            print(f"corpusfmt: {bundle}: {error.strerror or error}", file=sys.stderr)
            status = EXIT_INVALID
    return status


def _fmt(args: argparse.Namespace) -> int:
    status = EXIT_OK
    progress = _Progress(args, "fmt", len(args.bundles))
    for bundle in progress.over(args.bundles):
        args.current = bundle
        raw = sys.stdin.buffer.read() if bundle == STDIO else Path(bundle).read_bytes()
        docs = corpusfmt.load(io.BytesIO(raw), args.dialect)
        canonical = corpusfmt.dumps(docs).encode("utf-8")
        if bundle == STDIO:
            if args.check:
                status = EXIT_INVALID if canonical != raw else status
            else:
                sys.stdout.buffer.write(canonical)
            continue
        if canonical == raw:
            continue
        if args.check:
            print(f"{bundle}: not in canonical form", file=sys.stderr)
            status = EXIT_INVALID
        else:
            corpusfmt.dump(docs, bundle)
            if not args.quiet:
                print(f"{bundle}: rewritten", file=sys.stderr)
    return status


def _pack(args: argparse.Namespace) -> int:
    docs = corpusfmt.pack(
        args.paths,
        include=args.include,
        exclude=args.exclude,
        gitignore=args.gitignore,
        binary="skip" if args.skip_binary else "base64",
    )
    _dump(docs, args.output, args.dialect)
    return EXIT_OK


def _unpack(args: argparse.Namespace) -> int:
    args.current = args.bundle
    docs = _load(args.bundle, args.dialect)
    return _restore(args, docs, args.directory)


def _restore(args: argparse.Namespace, docs: list[Document], directory: str) -> int:
    force = getattr(args, "force", False)
    skip = getattr(args, "skip_unsafe", False)
    plan = corpusfmt.plan_unpack(docs, directory, force=force)
    refused = [entry for entry in plan if entry.problem is not None]
    if getattr(args, "dry_run", False):
        for entry in plan:
            if entry.problem is None:
                print(f"write  {entry.path}  ({len(entry.document.data)} bytes)")
            else:
                print(f"refuse {_shown(entry.document.name)}: {entry.problem}")
        return EXIT_INVALID if refused and not skip else EXIT_OK
    for entry in refused:
        verb = "skipped" if skip else "refused"
        print(f"corpusfmt: {verb} {_shown(entry.document.name)}: {entry.problem}", file=sys.stderr)
    if refused and not skip:
        print("corpusfmt: nothing was written", file=sys.stderr)
        return EXIT_INVALID
    progress = _Progress(args, "unpack", len(plan) - len(refused))
    corpusfmt.unpack(
        docs,
        directory,
        force=force,
        skip_unsafe=skip,
        executable=getattr(args, "executable", False),
        on_written=lambda _entry: progress.step(),
    )
    return EXIT_INVALID if refused else EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    source = args.source_format or _format_of(args.input, reading=True)
    target = args.target_format or _format_of(args.output, reading=False)
    args.current = args.input
    if source == "dir":
        docs = corpusfmt.pack([args.input])
    elif source == "jsonl":
        docs = _read_jsonl(args.input)
    else:
        docs = _load(args.input, args.dialect)
    if target == "dir":
        if args.output == STDIO:
            raise _CommandError("a directory cannot be written to stdout")
        return _restore(args, docs, args.output)
    if target == "jsonl":
        _write_jsonl(docs, args.output)
    else:
        _dump(docs, args.output)
    return EXIT_OK


def _format_of(path: str, *, reading: bool) -> str:
    if path == STDIO:
        return "bundle"
    if path.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if Path(path).is_dir() or path.endswith(("/", os.sep)):
        return "dir"
    if reading and not Path(path).exists():
        raise FileNotFoundError(2, "No such file or directory", path)
    return "bundle"


def _read_jsonl(source: str) -> list[Document]:
    raw = sys.stdin.buffer.read() if source == STDIO else Path(source).read_bytes()
    text = raw.decode("utf-8")
    docs = []
    # Only LF ends a line: JSON strings may hold U+2028 and friends unescaped.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            docs.append(_document_of(json.loads(line)))
        except json.JSONDecodeError as error:
            raise CorpusFormatError(
                f"not JSON: {error.msg}",
                lineno=lineno,
                colno=error.colno,
                pos=error.pos,
                line=line,
            ) from error
        except (TypeError, ValueError) as error:
            raise CorpusFormatError(
                f"not a document: {error}", lineno=lineno, colno=1, pos=0, line=line
            ) from error
    return docs


def _document_of(obj: Any) -> Document:
    """Rule: an object with "name" and "text", and optionally "meta" and
    "encoding": "base64" (then "text" is the base64 of the document's bytes)."""
    if not isinstance(obj, dict):
        raise TypeError("each line must be a JSON object")
    unknown = set(obj) - {"name", "text", "meta", "encoding"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    missing = [key for key in ("name", "text") if key not in obj]
    if missing:
        raise ValueError(f"missing {' and '.join(repr(key) for key in missing)}")
    meta = obj.get("meta") or {}
    if obj.get("encoding") == "base64":
        return Document.from_bytes(obj["name"], base64.b64decode(obj["text"], validate=True), meta)
    if "encoding" in obj:
        raise ValueError(f"unknown encoding {obj['encoding']!r}")
    return Document(obj["name"], obj["text"], meta)


def _write_jsonl(docs: list[Document], target: str) -> None:
    lines = []
    for doc in docs:
        obj: dict[str, Any] = {"name": doc.name}
        if doc.is_binary:
            obj["text"] = base64.b64encode(doc.data).decode("ascii")
            obj["encoding"] = "base64"
        else:
            obj["text"] = doc.text
        obj["meta"] = dict(doc.meta)
        lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
    data = "".join(lines).encode("utf-8")
    if target == STDIO:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write_atomically(Path(target), data)


# --- Showing names. --------------------------------------------------------------------


def _count_lines(text: str) -> int:
    """Lines as an editor counts them: a last line without a line break counts too."""
    return text.count("\n") + (not text.endswith("\n") and text != "")


def _shown(value: str) -> str:
    """*value* as it is when it is plainly visible, else quoted with escapes.

    A name may hold spaces, quotes, or bidirectional and invisible characters;
    shown raw, those could make one name look like another in a terminal.
    """
    if value and value.isprintable() and not any(char in ' "\\' for char in value):
        return value
    escaped = "".join(
        char if char.isprintable() and char not in '"\\' else _escape_char(char) for char in value
    )
    return f'"{escaped}"'


def _escape_char(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return char.encode("unicode_escape").decode("ascii")
