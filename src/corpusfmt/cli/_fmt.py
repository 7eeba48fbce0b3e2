"""``corpusfmt fmt``: rewrite bundles in canonical format v1, keeping compression and mode."""

from __future__ import annotations

import argparse
import io
import sys

import corpusfmt
from corpusfmt.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    STDIO,
    Adder,
    CommandError,
    Progress,
    dialect_option,
)

__all__ = ["add"]


def add(command: Adder) -> None:
    fmt = command(
        "fmt",
        "rewrite bundles in canonical format v1",
        "Rewrite each bundle in canonical format v1, in place and atomically (- reads "
        "stdin and writes stdout). A gzip-compressed bundle stays compressed, and a "
        "rewritten file keeps its mode. A bundle read in another --dialect is converted.",
        "corpusfmt fmt --check seeds/seeds.bundle",
    )
    fmt.add_argument("bundles", metavar="BUNDLE", nargs="+", help="a bundle file, or -")
    fmt.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the bundles that are not canonical and exit 1 if any",
    )
    dialect_option(fmt)
    fmt.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    progress = Progress(args, "fmt", len(args.bundles))
    for bundle in progress.over(args.bundles):
        args.current = bundle
        source = io.BytesIO(sys.stdin.buffer.read()) if bundle == STDIO else bundle
        compression = corpusfmt.io.compression_of(source)
        raw = corpusfmt.io.read_source(source)
        assert isinstance(raw, bytes)  # a path or a binary file gives bytes
        if args.dialect != "v1":
            _refuse_to_drop_text(bundle, corpusfmt.v1.decode_utf8(raw), args.dialect)
        docs = corpusfmt.load(io.BytesIO(raw), args.dialect)
        canonical = corpusfmt.dumps(docs).encode("utf-8")
        if bundle == STDIO:
            if args.check:
                status = EXIT_INVALID if canonical != raw else status
            else:
                corpusfmt.dump(docs, sys.stdout.buffer, compression=compression)
                sys.stdout.buffer.flush()
            continue
        if canonical == raw:
            continue
        if args.check:
            print(f"{bundle}: not in canonical form", file=sys.stderr)
            status = EXIT_INVALID
        else:
            corpusfmt.dump(docs, bundle, compression=compression)
            if not args.quiet:
                kept = f" (kept {compression}-compressed)" if compression else ""
                print(f"{bundle}: rewritten{kept}", file=sys.stderr)
    return status


def _refuse_to_drop_text(bundle: str, text: str, dialect: str) -> None:
    """fmt rewrites a bundle; a text with prose between its blocks is not one to rewrite."""
    read = corpusfmt.parse(text, dialect)
    offset = 0
    for part in read.parts:
        if isinstance(part, str):
            stripped = part.lstrip()
            if stripped:
                pos = offset + len(part) - len(stripped)
                lineno = text.count("\n", 0, pos) + 1
                shown = stripped.split("\n", 1)[0][:40]
                name = "<stdin>" if bundle == STDIO else bundle
                raise CommandError(
                    f"{name}:{lineno}: fmt would drop the text between the blocks "
                    f"({shown!r}), which a rewritten bundle cannot hold; nothing was "
                    f"changed. To keep only the files, convert: corpusfmt convert "
                    f"{name} OUT.bundle --dialect {dialect}"
                )
            offset += len(part)
        else:
            offset += len(part.text)
