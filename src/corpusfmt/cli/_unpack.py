"""``corpusfmt unpack``: the files of a bundle, restored safely."""

from __future__ import annotations

import argparse
import sys

import corpusfmt
from corpusfmt import Document
from corpusfmt.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    Adder,
    Progress,
    dialect_option,
    load,
    shown,
)

__all__ = ["add", "restore"]


def add(command: Adder) -> None:
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
    unpack.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    args.current = args.bundle
    docs = load(args.bundle, args.dialect)
    return restore(args, docs, args.directory)


def restore(args: argparse.Namespace, docs: list[Document], directory: str) -> int:
    """Write *docs* under *directory* as the options in *args* say; ``convert`` to a
    directory comes here too."""
    force = getattr(args, "force", False)
    skip = getattr(args, "skip_unsafe", False)
    plan = corpusfmt.plan_unpack(docs, directory, force=force)
    refused = [entry for entry in plan if entry.problem is not None]
    if getattr(args, "dry_run", False):
        for entry in plan:
            if entry.problem is None:
                print(f"write  {entry.path}  ({len(entry.document.data)} bytes)")
            else:
                print(f"refuse {shown(entry.document.name)}: {entry.problem}")
        return EXIT_INVALID if refused and not skip else EXIT_OK
    for entry in refused:
        verb = "skipped" if skip else "refused"
        print(f"corpusfmt: {verb} {shown(entry.document.name)}: {entry.problem}", file=sys.stderr)
    if refused and not skip:
        print("corpusfmt: nothing was written", file=sys.stderr)
        return EXIT_INVALID
    progress = Progress(args, "unpack", len(plan) - len(refused))
    corpusfmt.unpack(
        docs,
        directory,
        force=force,
        skip_unsafe=skip,
        executable=getattr(args, "executable", False),
        on_written=progress.stepper(),
    )
    return EXIT_INVALID if refused else EXIT_OK
