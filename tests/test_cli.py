"""The command line, run as a user runs it: the console script, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import Document
from tests.command import SCRIPT, run

SEEDS_BUNDLE = Path(__file__).resolve().parent.parent / "seeds" / "seeds.bundle"


def test_ls_lists_the_seed_bundle() -> None:
    result = run("ls", str(SEEDS_BUNDLE))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "NAME                      BYTES  LINES  ATTRIBUTES\n"
        "000_8243e901774f6848.txt   3042     19\n"
        "003_67766c1b260ff6ad.txt   5080      6\n"
    )


def test_ls_shows_sizes_in_bytes_lines_and_attributes(tmp_path: Path) -> None:
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(
        [
            Document("grüße.txt", "äöü\nzwei", {"lang": "de", "title": "Zwei Zeilen"}),
            Document("empty", ""),
            Document("bidi\u202e.txt", "\n"),
            Document('a "quoted" name', "", {"empty": ""}),
        ],
        bundle,
    )
    result = run("ls", str(bundle))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "NAME                 BYTES  LINES  ATTRIBUTES",
        'grüße.txt               11      2  lang=de title="Zwei Zeilen"',
        "empty                    0      0",
        '"bidi\\u202e.txt"         1      1',
        '"a \\"quoted\\" name"      0      0  empty=""',
    ]


def test_ls_reads_stdin() -> None:
    result = run("ls", "-", stdin=SEEDS_BUNDLE.read_bytes())
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].startswith("000_8243e901774f6848.txt")


def test_ls_of_an_empty_bundle_prints_nothing() -> None:
    result = run("ls", "-", stdin=b"")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_ls_reports_a_malformed_bundle_as_file_line_column(tmp_path: Path) -> None:
    bundle = tmp_path / "bad.bundle"
    bundle.write_bytes(b"<<<FILE a>>>\nx\n<<<END FILE>>> \n")
    result = run("ls", str(bundle))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{bundle}:3:15: unexpected text after '<<<END FILE>>>'\n"
        "    <<<END FILE>>> \n"
        "                  ^\n"
    )


def test_ls_reports_a_missing_file(tmp_path: Path) -> None:
    result = run("ls", str(tmp_path / "missing.bundle"))
    assert result.returncode == 1
    assert (
        result.stderr == f"corpusfmt: {tmp_path / 'missing.bundle'}: No such file or directory\n"
    )


def test_usage_errors_exit_with_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage: corpusfmt" in result.stderr
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize("command", ["ls", "cat", "check", "fmt", "pack", "unpack", "convert"])
def test_help_shows_an_example_for_each_command(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    # pack, convert and check show several, under "examples:".
    example = "examples" if command in ("pack", "convert", "check") else "example"
    assert f"{example}:\n  corpusfmt {command} " in result.stdout


def test_python_m_is_the_same_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "corpusfmt", "ls", str(SEEDS_BUNDLE)],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.decode() == run("ls", str(SEEDS_BUNDLE)).stdout
    assert os.path.basename(SCRIPT).startswith("corpusfmt")


def test_version_is_the_installed_version() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert (result.returncode, result.stdout) == (0, f"{version('corpusfmt')}\n")
