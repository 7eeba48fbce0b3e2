"""``corpusfmt check``: is each bundle valid?"""

from __future__ import annotations

import argparse
import sys

from corpusfmt import CorpusFormatError, ShardManifest
from corpusfmt.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    Adder,
    Progress,
    dialect_option,
    load,
    report_format_error,
)
from corpusfmt.cli._rescue import load_rescued, report_lost, rescue_options
from corpusfmt.io import MANIFEST_SUFFIX

__all__ = ["add"]


def add(command: Adder) -> None:
    check = command(
        "check",
        "validate bundles",
        "Read each bundle. Print nothing and exit 0 if all are valid; otherwise print "
        "FILE:LINE:COLUMN: message for each invalid one and exit 1. With --lenient, every "
        "problem of a bundle is printed, not only the first. A shard manifest "
        "(….manifest.json) checks the corpus it lists: each shard's size and SHA-256, "
        "every document, the counts, and names unique across the shards.",
        "corpusfmt check seeds/seeds.bundle\n  corpusfmt check shards/corpus.manifest.json",
    )
    check.add_argument(
        "bundles", metavar="BUNDLE", nargs="+", help="a bundle file, a shard manifest, or -"
    )
    rescue_options(check, choose=False)
    dialect_option(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    progress = Progress(args, "check", len(args.bundles))
    for bundle in progress.over(args.bundles):
        try:
            if bundle.endswith(MANIFEST_SUFFIX):
                ShardManifest.read(bundle).verify(documents=True)
            elif args.lenient:
                loaded = load_rescued(
                    argparse.Namespace(**{**vars(args), "bundle": bundle}), "keep"
                )
                if loaded.incomplete:
                    report_lost(bundle, loaded, "")
                    status = EXIT_INVALID
            else:
                load(bundle, args.dialect)
        except CorpusFormatError as error:
            report_format_error(bundle, error)
            status = EXIT_INVALID
        except OSError as error:
            print(f"corpusfmt: {bundle}: {error.strerror or error}", file=sys.stderr)
            status = EXIT_INVALID
    return status
