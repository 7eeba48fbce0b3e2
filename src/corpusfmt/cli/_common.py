"""What every command shares: standard streams, messages, exit statuses, a progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Protocol

import corpusfmt
from corpusfmt import CorpusFormatError, Document

__all__ = [
    "EXIT_INCOMPLETE",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "STDIO",
    "Adder",
    "CommandError",
    "Progress",
    "count_lines",
    "dialect_option",
    "dump",
    "load",
    "report_format_error",
    "shown",
    "shown_source",
]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
# The input was incomplete or damaged; what was complete was used.
EXIT_INCOMPLETE: Final = 3

STDIO: Final = "-"


class CommandError(Exception):
    """A message for the user and exit status 1, raised anywhere below ``main``."""


class Adder(Protocol):
    """How a command module adds its subcommand: ``add(name, help, description, example)``."""

    def __call__(
        self, name: str, help: str, description: str, example: str
    ) -> argparse.ArgumentParser: ...


def dialect_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--dialect",
        default="v1",
        metavar="NAME",
        help="read in this dialect: v1 (the default), a preset name, or auto",
    )


def load(source: str, dialect: str) -> list[Document]:
    if source == STDIO:
        return corpusfmt.load(sys.stdin.buffer, dialect)
    return corpusfmt.load(source, dialect)


def dump(docs: Iterable[Document], target: str, dialect: str = "v1") -> None:
    if target == STDIO:
        corpusfmt.dump(docs, sys.stdout.buffer, dialect)
        sys.stdout.buffer.flush()
    else:
        corpusfmt.dump(docs, target, dialect)


def shown_source(source: str) -> str:
    """How a message names the input: its path, or ``<stdin>``."""
    return "<stdin>" if source == STDIO else source


def report_format_error(source: str, error: CorpusFormatError) -> None:
    """Print ``FILE:LINE:COLUMN: message`` and the excerpt with its caret.

    FILE is the one the error names, when it was one of several (a shard of
    a corpus, a manifest), else *source*.
    """
    where = shown_source(source if error.source is None else error.source)
    print(f"{where}:{error.lineno}:{error.colno}: {error.msg}", file=sys.stderr)
    excerpt = str(error).partition("\n")[2]
    if excerpt:
        print(excerpt, file=sys.stderr)


class Progress:
    """A one-line progress bar on standard error, shown only to a person."""

    def __init__(self, args: argparse.Namespace, label: str, total: int) -> None:
        self._shown = not args.quiet and sys.stderr.isatty() and total > 1
        self._label = label
        self._total = total
        self._done = 0
        self._last = 0.0

    def step(self) -> None:
        self._done += 1
        now = time.monotonic()
        if self._shown and (now - self._last > 0.1 or self._done == self._total):
            self._last = now
            filled = 30 * self._done // self._total
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r{self._label} [{bar}] {self._done}/{self._total}")
            if self._done == self._total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def over(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield item
            self.step()

    def stepper(self) -> Callable[[object], None]:
        return lambda _item: self.step()


def count_lines(text: str) -> int:
    """Lines as an editor counts them: a last line without a line break counts too."""
    return text.count("\n") + (not text.endswith("\n") and text != "")


def shown(value: str) -> str:
    """*value* as it is when it is plainly visible, else quoted with escapes.

    A name may hold spaces, quotes, or bidirectional and invisible characters;
    shown raw, those could make one name look like another in a terminal.
    """
    if value and value.isprintable() and not any(char in ' "\\' for char in value):
        return value
    escaped = "".join(
        char if char.isprintable() and char not in '"\\' else _escape_char(char) for char in value
    )
    return f'"{escaped}"'


def _escape_char(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return char.encode("unicode_escape").decode("ascii")
