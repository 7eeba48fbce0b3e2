"""The ``corpusfmt`` command: a thin shell over the public API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import version

import corpusfmt

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except corpusfmt.CorpusFormatError as error:
        print(f"{args.bundle}:{error.lineno}:{error.colno}: {error.msg}", file=sys.stderr)
        print(str(error).partition("\n")[2], file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"corpusfmt: {args.bundle}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpusfmt",
        description="Read and write <<<FILE ...>>> bundles without changing a byte.",
    )
    parser.add_argument("--version", action="version", version=version("corpusfmt"))
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    ls = commands.add_parser(
        "ls",
        help="list the documents of a bundle",
        description=(
            "Print one line per document: its name, its size in bytes (UTF-8), "
            "its number of lines and its attributes."
        ),
        epilog="example: corpusfmt ls seeds/seeds.bundle",
    )
    ls.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    ls.set_defaults(run=_ls)
    return parser


def _ls(args: argparse.Namespace) -> int:
    source = sys.stdin.buffer if args.bundle == "-" else args.bundle
    rows = [
        (
            _shown(doc.name),
            str(len(doc.data)),
            "-" if doc.is_binary else str(_count_lines(doc.text)),
            " ".join(f"{key}={_shown(value)}" for key, value in doc.meta.items()),
        )
        for doc in corpusfmt.load(source)
    ]
    if not rows:
        return EXIT_OK
    headings = ("NAME", "BYTES", "LINES", "ATTRIBUTES")
    widths = [max(len(row[column]) for row in (headings, *rows)) for column in range(3)]
    for row in (headings, *rows):
        line = f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
        print(line.rstrip())
    return EXIT_OK


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
