"""``corpusfmt cat``: documents to standard output, byte for byte."""

from __future__ import annotations

import argparse
import sys

from corpusfmt.cli._common import EXIT_OK, Adder, CommandError, dialect_option, load

__all__ = ["add"]


def add(command: Adder) -> None:
    cat = command(
        "cat",
        "print documents exactly",
        "Write the named documents to standard output, byte for byte, one after the other.",
        "corpusfmt cat seeds/seeds.bundle 000_8243e901774f6848.txt",
    )
    cat.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    cat.add_argument("names", metavar="NAME", nargs="+", help="a document name")
    dialect_option(cat)
    cat.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    by_name = {doc.name: doc for doc in load(args.bundle, args.dialect)}
    missing = [name for name in args.names if name not in by_name]
    if missing:
        raise CommandError(
            f"{args.bundle}: no document named " + ", ".join(repr(name) for name in missing)
        )
    for name in args.names:
        sys.stdout.buffer.write(by_name[name].data)
    sys.stdout.buffer.flush()
    return EXIT_OK
