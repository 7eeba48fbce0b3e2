"""``corpusfmt pack``: files and directory trees into one bundle."""

from __future__ import annotations

import argparse

import corpusfmt
from corpusfmt.cli._common import EXIT_OK, STDIO, Adder, dump

__all__ = ["add"]


def add(command: Adder) -> None:
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
    pack.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    docs = corpusfmt.pack(
        args.paths,
        include=args.include,
        exclude=args.exclude,
        gitignore=args.gitignore,
        binary="skip" if args.skip_binary else "base64",
    )
    dump(docs, args.output, args.dialect)
    return EXIT_OK
