"""``corpusfmt ls``: the documents of a bundle, one line each."""

from __future__ import annotations

import argparse
import json

from corpusfmt.cli._common import EXIT_OK, Adder, count_lines, dialect_option, load, shown

__all__ = ["add"]


def add(command: Adder) -> None:
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
    ls.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    docs = load(args.bundle, args.dialect)
    if args.json:
        rows = [
            {
                "name": doc.name,
                "bytes": len(doc.data),
                "lines": None if doc.is_binary else count_lines(doc.text),
                "binary": doc.is_binary,
                "meta": dict(doc.meta),
            }
            for doc in docs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    table = [
        (
            shown(doc.name),
            str(len(doc.data)),
            "-" if doc.is_binary else str(count_lines(doc.text)),
            " ".join(f"{key}={shown(value)}" for key, value in doc.meta.items()),
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
