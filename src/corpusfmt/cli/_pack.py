"""``corpusfmt pack``: files and directory trees into one bundle, named as they were given."""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import Counter
from typing import Final

import corpusfmt
from corpusfmt import Skipped, SkipReason
from corpusfmt.cli._common import EXIT_OK, STDIO, Adder, dump, shown

__all__ = ["add"]

_EXAMPLES = """\
  corpusfmt pack src/ README.md -o project.bundle
      names the files src/corpusfmt/__init__.py, ..., README.md
  corpusfmt pack -C ~/corpus . -o corpus.bundle
      names them relative to ~/corpus, as tar -C does
  corpusfmt pack . --exclude __pycache__ --exclude '*.min.js' --exclude 'docs/_build/'
      a bare name at any depth, a glob, a directory anchored at the top
  corpusfmt pack src --include '*.py' --include 'src/**/*.pyi'
      only these files
  corpusfmt pack . --max-size 1M --no-gitignore
      every file of the tree up to 1 MiB, ignore files or not"""

# How many units of a byte each --max-size suffix stands for.
_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE: Final = re.compile(r"(\d+)([KMG]?)(?:i?B)?", re.IGNORECASE)
# How the summary line names each reason, for one and for more, in the order it lists them.
_SUMMARY: Final[dict[SkipReason, tuple[str, str]]] = {
    "ignored": ("ignored", "ignored"),
    "secret": ("may hold secrets", "may hold secrets"),
    "too-large": ("over --max-size", "over --max-size"),
    "not-utf8": ("not UTF-8", "not UTF-8"),
    "symlink": ("symbolic link", "symbolic links"),
    "not-regular": ("not a regular file", "not regular files"),
    "unnamable": ("with a name no document can hold", "with names no document can hold"),
    "output": ("the output itself", "the output itself"),
}
# Left out by a pattern the user or the tree chose: listed only with --verbose.
_QUIET_REASONS: Final[frozenset[SkipReason]] = frozenset({"ignored", "output"})


def add(command: Adder) -> None:
    pack = command(
        "pack",
        "pack files and directories into a bundle",
        "Read files and directory trees into one bundle, sorted by name. Each file is "
        "named by its path as given, relative to the current directory (or to -C DIR), "
        "without './': 'pack src' names src/app.py so. A file that is not UTF-8 is carried "
        "as base64 (encoding=base64). Left out unless --no-gitignore: what .gitignore files "
        "and .git/info/exclude ignore, .git, .hg, .svn and Python virtual environments. "
        "Left out unless named: files that may hold secrets (.env, id_rsa, .netrc, a .pem "
        "with a private key). "
        "Never packed: the output file. Patterns have the meaning of .gitignore lines: a "
        "bare name matches at any depth, a trailing / only directories, a / elsewhere "
        "anchors it at DIR, ** spans directories, ! keeps again. A summary goes to stderr.",
        _EXAMPLES.strip(),
    )
    pack.add_argument("paths", metavar="PATH", nargs="+", help="a file or directory")
    pack.add_argument(
        "-o", "--output", default=STDIO, help="the bundle to write (default: stdout)"
    )
    pack.add_argument(
        "-C",
        "--directory",
        default=None,
        metavar="DIR",
        help="the directory PATHs are in and names are relative to (default: .)",
    )
    pack.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="PATTERN",
        help="pack only what matches (repeatable)",
    )
    pack.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="leave out what matches (repeatable)",
    )
    pack.add_argument(
        "--no-gitignore",
        dest="gitignore",
        action="store_false",
        help="pack ignored files, version control data and virtual environments too",
    )
    # The default since ignore files are obeyed without being asked; kept for old scripts.
    pack.add_argument("--gitignore", action="store_true", default=True, help=argparse.SUPPRESS)
    pack.add_argument(
        "--max-size",
        type=_size,
        default=None,
        metavar="SIZE",
        help="leave out files larger than SIZE bytes (K, M, G: KiB, MiB, GiB), with a warning",
    )
    pack.add_argument(
        "--skip-binary",
        action="store_true",
        help="leave out files that are not UTF-8, with a warning",
    )
    pack.add_argument(
        "--verbose", action="store_true", help="name every file and directory left out"
    )
    pack.add_argument(
        "--dialect", default="v1", metavar="NAME", help="write in this dialect (default: v1)"
    )
    pack.set_defaults(run=run)


def _size(value: str) -> int:
    found = _SIZE.fullmatch(value.strip())
    if found is None:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (write 1000, 500K, 10M or 1G)")
    return int(found.group(1)) * _UNITS[found.group(2).upper()]


def run(args: argparse.Namespace) -> int:
    skipped: list[Skipped] = []
    # Warnings are printed here, before the summary, not after the command ends.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = corpusfmt.pack(
            args.paths,
            root=args.directory,
            include=args.include,
            exclude=args.exclude,
            gitignore=args.gitignore,
            binary="skip" if args.skip_binary else "base64",
            max_size=args.max_size,
            output=None if args.output == STDIO else args.output,
            on_skip=skipped.append,
        )
    if not args.quiet:
        for entry in skipped:
            if args.verbose or entry.reason not in _QUIET_REASONS:
                # A trailing "/" marks a directory, as git marks one.
                name = shown(entry.name + "/" if entry.is_directory else entry.name)
                print(f"corpusfmt: warning: left out {name}: {entry.why}", file=sys.stderr)
        for warning in caught:
            print(f"corpusfmt: warning: {warning.message}", file=sys.stderr)
    dump(docs, args.output, args.dialect)
    if not args.quiet:
        print(_summary(docs, skipped), file=sys.stderr)
    return EXIT_OK


def _summary(docs: list[corpusfmt.Document], skipped: list[Skipped]) -> str:
    size = sum(len(doc.data) for doc in docs)
    files = "file" if len(docs) == 1 else "files"
    line = f"corpusfmt: packed {len(docs)} {files}, {size:,} bytes"
    if not skipped:
        return line
    counts = Counter(entry.reason for entry in skipped)
    parts = [
        f"{counts[reason]} {one if counts[reason] == 1 else more}"
        for reason, (one, more) in _SUMMARY.items()
        if counts[reason]
    ]
    return f"{line}; left out {len(skipped)}: {', '.join(parts)}"
