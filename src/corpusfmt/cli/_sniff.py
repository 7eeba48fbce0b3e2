"""``corpusfmt sniff``: which dialect a file is in, its parts, and the evidence."""

from __future__ import annotations

import argparse
import json
import sys

import corpusfmt
from corpusfmt.cli._common import EXIT_INVALID, EXIT_OK, STDIO, Adder

__all__ = ["add"]


def add(command: Adder) -> None:
    sniff = command(
        "sniff",
        "tell which dialect a file is written in",
        "Print the dialect that --dialect auto would choose for FILE, how sure it is, "
        "its parts, why it was chosen, and any warning about another reading. Exit 1 "
        "when the file is no bundle of any dialect.",
        "corpusfmt sniff repomix-output.xml",
    )
    sniff.add_argument("file", metavar="FILE", help="the file, or - for stdin")
    sniff.add_argument("--json", action="store_true", help="print a JSON object, for scripts")
    sniff.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.file
    data = corpusfmt.io.read_source(sys.stdin.buffer if args.file == STDIO else args.file)
    text = data if isinstance(data, str) else corpusfmt.v1.decode_utf8(data)
    found = corpusfmt.sniff(text)
    dialect = found.dialect
    parts = dialect.parts.describe() if dialect.parts is not None else ""
    warnings = [str(note) for note in found.diagnostics]
    if args.json:
        print(
            json.dumps(
                {
                    "dialect": dialect.name,
                    "confidence": found.confidence,
                    "reason": found.reason,
                    "parts": parts or None,
                    "description": dialect.description,
                    "evidence": found.evidence or None,
                    "warnings": warnings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"dialect:    {dialect.name}")
        print(f"confidence: {found.confidence:.2f}")
        print(f"reason:     {found.reason}")
        if dialect.description:
            print(f"described:  {dialect.description}")
        if parts:
            print(f"parts:      {parts}")
        if found.evidence:
            print(f"evidence:   {found.evidence}")
        for warning in warnings:
            print(f"warning:    {warning}")
    return EXIT_OK if found.confidence > 0 else EXIT_INVALID
