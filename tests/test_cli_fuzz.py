"""The command line on any input: exit 0 or 1, a FILE:LINE:COL message or a
``corpusfmt:`` one, never a traceback.

Generated bundles, their truncations, random bytes, and the same gzip-compressed
or as JSON Lines go through every reading command, in this process (a
subprocess a case would make the run a hundred times slower); the console
script's own tests show that ``main`` is what it runs.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpusfmt
from corpusfmt.cli import main
from tests import strategies

# What the first line of standard error says when a command fails on its input:
# where the problem is, what corpusfmt cannot do, or what fmt --check found.
_REPORT = re.compile(r"^(\S.*?:\d+:\d+: \S|corpusfmt: \S|\S.*: not in canonical form$)")


@st.composite
def inputs(draw: st.DrawFn) -> bytes:
    """A bundle, cut anywhere or not, random bytes, or JSON Lines; gzip-compressed or not."""
    kind = draw(st.sampled_from(["bundle", "cut", "bytes", "jsonl", "soup"]))
    if kind in ("bundle", "cut"):
        text, _ = draw(st.one_of(strategies.canonical_bundles(), strategies.equivalent_variants()))
        data = text.encode("utf-8")
        if kind == "cut":
            data = data[: draw(st.integers(0, len(data)))]
    elif kind == "jsonl":
        docs = draw(strategies.document_lists)
        target = io.BytesIO()
        corpusfmt.io.dump_jsonl(docs, target)
        data = target.getvalue()
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "soup":
        data = draw(strategies.fragment_soups).encode("utf-8", "surrogatepass")
    else:
        data = draw(st.binary(max_size=200))
    if draw(st.booleans()):
        data = gzip.compress(data, mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return data


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of ``corpusfmt ARGV``,
    run in this process."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stderr = io.StringIO()
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO()))
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse's way to report a usage error
            status = int(exit_.code or 0)
    stdout.flush()
    output = stdout.buffer.getvalue().decode("utf-8", "replace")
    return status, output, stderr.getvalue()


def commands(source: Path, scratch: Path) -> list[list[str]]:
    return [
        ["ls", str(source)],
        ["ls", "--json", str(source)],
        ["cat", str(source), "0.txt"],
        ["check", str(source)],
        ["check", "--lenient", str(source)],
        ["fmt", "--check", str(source)],
        ["unpack", "--dry-run", str(source), "-C", str(scratch / "out")],
        ["convert", str(source), str(scratch / "out.jsonl")],
        ["convert", "--from", "jsonl", str(source), str(scratch / "out.bundle")],
    ]


@given(data=inputs())
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_command_ends_with_a_status_and_a_message(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    scratch = tmp_path_factory.mktemp("fuzz")
    source = scratch / "input.bundle"
    source.write_bytes(data)
    for argv in commands(source, scratch):
        status, stdout, stderr = run_main(argv)
        assert "Traceback" not in stderr, (argv, stderr)
        # 3: --lenient used what was complete of a cut or damaged input.
        allowed = (0, 1, 3) if "--lenient" in argv else (0, 1)
        assert status in allowed, (argv, status, stderr)
        if status != 0 and "--dry-run" in argv and not stderr:
            # A dry run's plan is its report: each refused file on a line of its own.
            assert any(line.startswith("refuse ") for line in stdout.splitlines()), stdout
        elif status != 0:
            first = stderr.splitlines()[0] if stderr else ""
            assert _REPORT.match(first), (argv, stderr)
