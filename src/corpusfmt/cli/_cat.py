"""``corpusfmt cat``: documents to standard output, byte for byte."""

from __future__ import annotations

import argparse
import sys

import corpusfmt
from corpusfmt import CorpusFormatError
from corpusfmt.cli._common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    Adder,
    CommandError,
    dialect_option,
)
from corpusfmt.cli._rescue import load_rescued, reads_as_plain_file, report_lost, rescue_options

__all__ = ["add"]


def add(command: Adder) -> None:
    cat = command(
        "cat",
        "print documents exactly",
        "Write the named documents to standard output, byte for byte, one after the other. "
        "With --lenient, the complete documents of a cut-off or damaged bundle can be "
        "printed (exit status 3); a document cut off is not.",
        "corpusfmt cat seeds/seeds.bundle 000_8243e901774f6848.txt",
    )
    cat.add_argument("bundle", metavar="BUNDLE", help="the bundle file, or - for stdin")
    cat.add_argument("names", metavar="NAME", nargs="+", help="a document name")
    rescue_options(cat, choose=True)
    dialect_option(cat)
    cat.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    found = _by_index(args)
    if found is not None:
        for data in found:
            sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    loaded = load_rescued(args)
    by_name = {doc.name: doc for doc in loaded.documents}
    cut = {block.document.name: diagnostic for block, diagnostic in loaded.cut}
    missing = [name for name in args.names if name not in by_name]
    if missing:
        report_lost(args.bundle, loaded, "not printed")
        cut_names = [name for name in missing if name in cut]
        if cut_names:
            raise CommandError(
                f"{args.bundle}: "
                + ", ".join(f"{name!r} (line {cut[name].lineno})" for name in cut_names)
                + " cut off: not printed"
            )
        raise CommandError(
            f"{args.bundle}: no document named " + ", ".join(repr(name) for name in missing)
        )
    for name in args.names:
        sys.stdout.buffer.write(by_name[name].data)
    sys.stdout.buffer.flush()
    if loaded.incomplete:
        report_lost(args.bundle, loaded, "not printed")
        return EXIT_INCOMPLETE
    return EXIT_OK


def _by_index(args: argparse.Namespace) -> list[bytes] | None:
    """The named documents of a plain v1 bundle file, read by seeking to each.

    The index reads every header and end line but decodes only the bodies
    asked for, so a few documents of a large bundle print in a fraction of a
    full read. ``None`` when that cannot answer (standard input, gzip, another
    dialect, a rescue option) or finds anything wrong: the full read then
    says what, as it would have.
    """
    if not reads_as_plain_file(args):
        return None
    try:
        found = corpusfmt.index(args.bundle)
        if any(name not in found for name in args.names):
            return None
        return [found.read(args.bundle, name).data for name in args.names]
    except (CorpusFormatError, ValueError, OSError):
        return None
