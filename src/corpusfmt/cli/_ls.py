"""``corpusfmt ls``: the documents of a bundle, one line each."""

from __future__ import annotations

import argparse
import json

from corpusfmt.cli._common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    Adder,
    count_lines,
    dialect_option,
    shown,
)
from corpusfmt.cli._rescue import load_rescued, report_lost, rescue_options

__all__ = ["add"]


def add(command: Adder) -> None:
    ls = command(
        "ls",
        "list the documents of a bundle",
        "Print one line per document: its name, its size in bytes, its number of lines "
        "(- for a binary document) and its attributes. With --lenient, a document cut off "
        "is listed too, marked (cut off), and the exit status is 3.",
        "corpusfmt ls seeds/seeds.bundle",
    )
    ls.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    ls.add_argument("--json", action="store_true", help="print a JSON array, for scripts")
    rescue_options(ls, choose=False)
    dialect_option(ls)
    ls.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    # Every block is listed, a name written twice as often as it is.
    loaded = load_rescued(args, "keep" if args.lenient else None)
    listed = loaded.listing
    report_lost(args.bundle, loaded, "listed as cut off")
    status = EXIT_INCOMPLETE if loaded.incomplete else EXIT_OK
    if args.json:
        rows = [
            {
                "name": doc.name,
                "bytes": len(doc.data),
                "lines": None if doc.is_binary else count_lines(doc.text),
                "binary": doc.is_binary,
                "meta": dict(doc.meta),
                "truncated": cut,
            }
            for doc, cut in listed
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return status
    table = [
        (
            shown(doc.name),
            str(len(doc.data)),
            "-" if doc.is_binary else str(count_lines(doc.text)),
            " ".join(
                [
                    *(f"{key}={shown(value)}" for key, value in doc.meta.items()),
                    *(["(cut off)"] if cut else []),
                ]
            ),
        )
        for doc, cut in listed
    ]
    if not table:
        return status
    headings = ("NAME", "BYTES", "LINES", "ATTRIBUTES")
    widths = [max(len(row[column]) for row in (headings, *table)) for column in range(3)]
    for row in (headings, *table):
        line = f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
        print(line.rstrip())
    return status
