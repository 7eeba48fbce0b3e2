"""The parser of the ``corpusfmt`` command, and ``main``, which turns every error into a message."""

from __future__ import annotations

import argparse
import sys
import textwrap
import warnings
from collections.abc import Sequence

import corpusfmt
from corpusfmt import CorpusFormatError, CorpusWriteError
from corpusfmt.cli import _cat, _check, _convert, _fmt, _ls, _pack, _sniff, _unpack
from corpusfmt.cli._common import EXIT_INVALID, CommandError, report_format_error

__all__ = ["main"]

# What the message about a document whose end never came says (see v1.rules).
_CUT_OFF = " is not closed: "

# In the order the help lists them.
_COMMANDS = (_ls, _cat, _check, _fmt, _pack, _unpack, _convert, _sniff)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            status = int(args.run(args))
        except CorpusFormatError as error:
            source = getattr(args, "current", None)
            if source is None:
                print(f"corpusfmt: {error}", file=sys.stderr)
            else:
                report_format_error(source, error)
            if getattr(args, "lenient", True) is False and _CUT_OFF in error.msg:
                print(
                    "corpusfmt: the input is cut off; --lenient uses the documents that "
                    "are complete and reports the rest",
                    file=sys.stderr,
                )
            status = EXIT_INVALID
        except CorpusWriteError as error:
            # What was given cannot be written as asked; no input file is at fault.
            print(f"corpusfmt: {error.msg}", file=sys.stderr)
            if error.excerpt:
                print(error.excerpt, file=sys.stderr)
            status = EXIT_INVALID
        except (CommandError, ValueError, ImportError) as error:
            print(f"corpusfmt: {error}", file=sys.stderr)
            status = EXIT_INVALID
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            print(f"corpusfmt: {where}{error.strerror or error}", file=sys.stderr)
            status = EXIT_INVALID
        finally:
            for warning in caught:
                if not args.quiet:
                    print(f"corpusfmt: warning: {warning.message}", file=sys.stderr)
    return status


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpusfmt",
        description="Read, check and write <<<FILE ...>>> bundles without changing a byte.",
        epilog="Run 'corpusfmt COMMAND --help' for a command's options and an example. "
        "Exit status: 0 ok, 1 invalid input, 2 usage error, 3 the input was cut off or "
        "damaged and --lenient used what was complete.",
    )
    parser.add_argument("--version", action="version", version=corpusfmt.__version__)
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar, no warnings, no notes"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, help: str, description: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            # The raw formatter keeps the examples' layout; the prose is wrapped here.
            description=textwrap.fill(description, width=79),
            epilog=f"{'examples' if chr(10) in example else 'example'}:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS)
        return sub

    for module in _COMMANDS:
        module.add(command)
    return parser
