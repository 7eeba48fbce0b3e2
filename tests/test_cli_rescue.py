"""A model's answer on the command line: rescued when cut off, written as it streams in."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.command import SCRIPT, run
from tests.test_push_dialects import ANSWER

COMPLETE = {
    "README.md": "# Demo\n\nRun `python -m app`.\n",
    "app/__main__.py": "from app.config import load\n\nprint(load())\n",
    "app/__init__.py": "",
}
CUT = 'MARKER = "<<<FILE: x>>>"\n\n\ndef load():\n    return {"debug": True,\n'
CUT_REPORT = (
    "answer.md:24:1: document 'app/config.py' is not closed: the text ends before its end marker"
)


def files_under(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def answer(tmp_path: Path) -> Path:
    path = tmp_path / "answer.md"
    path.write_bytes(ANSWER.encode())
    return path


def test_a_cut_answer_is_refused_whole_with_a_hint(answer: Path) -> None:
    result = run("unpack", "answer.md", "--dialect", "auto", "-C", "out", cwd=answer.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == CUT_REPORT
    assert result.stderr.splitlines()[-1] == (
        "corpusfmt: the input is cut off; --lenient uses the documents that are complete "
        "and reports the rest"
    )
    assert not (answer.parent / "out").exists()


def test_lenient_unpack_writes_the_complete_files_and_says_what_it_left_out(
    answer: Path,
) -> None:
    result = run(
        "unpack", "answer.md", "--dialect", "auto", "--lenient", "-C", "out", cwd=answer.parent
    )
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == (
        f"{CUT_REPORT}; not written\ncorpusfmt: 3 files written, 1 not written\n"
    )
    assert files_under(answer.parent / "out") == COMPLETE


def test_lenient_unpack_writes_a_cut_file_only_under_a_name_that_says_so(answer: Path) -> None:
    result = run(
        "unpack",
        "answer.md",
        "--dialect",
        "auto",
        "--lenient",
        "--partial",
        "-C",
        "out",
        cwd=answer.parent,
    )
    assert result.returncode == 3
    assert result.stderr.endswith(
        "corpusfmt: 4 files written (1 of them cut off, as .partial), 0 not written\n"
    )
    assert files_under(answer.parent / "out") == {**COMPLETE, "app/config.py.partial": CUT}


def test_lenient_dry_run_shows_the_plan(answer: Path) -> None:
    result = run(
        "unpack",
        "answer.md",
        "--dialect",
        "auto",
        "--lenient",
        "--dry-run",
        "-C",
        "out",
        cwd=answer.parent,
    )
    assert result.returncode == 3
    assert result.stdout.splitlines() == [
        "write  out/README.md  (29 bytes)",
        "write  out/app/__main__.py  (43 bytes)",
        "write  out/app/__init__.py  (0 bytes)",
    ]
    assert not (answer.parent / "out").exists()


def test_lenient_ls_marks_the_cut_file(answer: Path) -> None:
    result = run("ls", "answer.md", "--dialect", "auto", "--lenient", cwd=answer.parent)
    assert result.returncode == 3
    assert result.stdout == (
        "NAME             BYTES  LINES  ATTRIBUTES\n"
        "README.md           29      3\n"
        "app/__main__.py     43      3\n"
        "app/__init__.py      0      0\n"
        "app/config.py       66      5  (cut off)\n"
    )
    assert result.stderr == f"{CUT_REPORT}; listed as cut off\n"
    listed = run("ls", "answer.md", "--dialect", "auto", "--lenient", "--json", cwd=answer.parent)
    assert [row["truncated"] for row in json.loads(listed.stdout)] == [False, False, False, True]


def test_lenient_cat_prints_a_complete_file_and_never_a_cut_one(answer: Path) -> None:
    result = run(
        "cat", "answer.md", "app/__main__.py", "--dialect", "auto", "--lenient", cwd=answer.parent
    )
    assert (result.returncode, result.stdout) == (3, COMPLETE["app/__main__.py"])
    cut = run(
        "cat", "answer.md", "app/config.py", "--dialect", "auto", "--lenient", cwd=answer.parent
    )
    assert (cut.returncode, cut.stdout) == (1, "")
    assert cut.stderr.splitlines()[-1] == (
        "corpusfmt: answer.md: 'app/config.py' (line 24) cut off: not printed"
    )


def test_lenient_check_reports_every_problem_not_only_the_first(tmp_path: Path) -> None:
    bundle = tmp_path / "two.bundle"
    bundle.write_bytes(
        b"<<<FILE a>>>\nx\n<<<END FILE>>>\nstray text\n<<<FILE b>>>\ny\n<<<END FILE>>>\n"
        b"<<<FILE a>>>\nz\n<<<END FILE>>>\n"
    )
    strict = run("check", str(bundle))
    assert strict.returncode == 1
    assert len([line for line in strict.stderr.splitlines() if line.startswith(str(bundle))]) == 1
    lenient = run("check", "--lenient", str(bundle))
    assert lenient.returncode == 1
    assert lenient.stderr.splitlines() == [
        f"{bundle}:4:1: text outside any document; a document begins with '<<<FILE name>>>'",
        f"{bundle}:8:1: duplicate document name 'a'; the first document of that name "
        "starts on line 1",
    ]


TWICE = (
    "First version:\n<<<FILE: a.py>>>\nprint(1)\n<<<END FILE>>>\n"
    "Better:\n<<<FILE: a.py>>>\nprint(2)\n<<<END FILE>>>\n"
)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_file_written_twice_is_refused_unless_one_is_chosen(
    tmp_path: Path, stream: bool
) -> None:
    (tmp_path / "twice.md").write_text(TWICE)
    streaming = ["--stream"] if stream else []
    refused = run("unpack", "twice.md", "--dialect", "auto", *streaming, "-C", "out", cwd=tmp_path)
    assert refused.returncode == 1
    assert "choose" in refused.stderr
    assert "--first or --last" in refused.stderr
    if stream:
        # The first was written before the second came.
        assert files_under(tmp_path / "out") == {"a.py": "print(1)\n"}
    else:
        assert refused.stderr.splitlines()[0] == (
            "twice.md:6:1: duplicate document name 'a.py'; the first document of that name "
            "starts on line 2; choose one with --first or --last"
        )
        assert not (tmp_path / "out").exists()
    for option, kept in (("--first", "print(1)\n"), ("--last", "print(2)\n")):
        target = f"out{option}"
        chosen = run(
            "unpack",
            "twice.md",
            "--dialect",
            "auto",
            *streaming,
            option,
            "-C",
            target,
            cwd=tmp_path,
        )
        assert chosen.returncode == 0, chosen.stderr
        assert files_under(tmp_path / target) == {"a.py": kept}


def _wait_for(path: Path, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.02)
    return False


def test_stream_writes_each_file_as_soon_as_it_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [SCRIPT, "unpack", "-", "--stream", "--dialect", "auto", "--lenient", "-C", str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    first_end = ANSWER.index("<<<END FILE>>>") + len("<<<END FILE>>>\n")
    second_end = ANSWER.index("<<<END FILE>>>", first_end) + len("<<<END FILE>>>\n")
    try:
        # Small writes with pauses, as a model's tokens come.
        for start in range(0, first_end, 9):
            process.stdin.write(ANSWER[start : min(start + 9, first_end)].encode())
            process.stdin.flush()
            time.sleep(0.005)
        assert _wait_for(out / "README.md"), "the first file is written while the stream is open"
        assert (out / "README.md").read_text() == COMPLETE["README.md"]
        assert not (out / "app").exists()
        process.stdin.write(ANSWER[first_end:second_end].encode())
        process.stdin.flush()
        assert _wait_for(out / "app" / "__main__.py")
        assert process.poll() is None, "the stream is still open"
    except BaseException:
        process.kill()
        process.communicate()
        raise
    stdout, stderr = process.communicate(ANSWER[second_end:].encode(), timeout=60)
    assert process.returncode == 3
    assert stdout == b""
    assert stderr.decode() == (
        "<stdin>:24:1: document 'app/config.py' is not closed: the text ends before its end "
        "marker; not written\ncorpusfmt: 3 files written, 1 not written\n"
    )
    assert files_under(out) == COMPLETE


def test_stream_shows_the_prose_only_when_asked(tmp_path: Path) -> None:
    text = "Sure:\n<<<FILE: a.txt>>>\nhi\n<<<END FILE>>>\nDone.\n"
    quiet = run(
        "unpack",
        "-",
        "--stream",
        "--dialect",
        "auto",
        "-C",
        "q",
        stdin=text.encode(),
        cwd=tmp_path,
    )
    assert (quiet.returncode, quiet.stderr) == (0, "corpusfmt: 1 file written, 0 not written\n")
    shown = run(
        "unpack",
        "-",
        "--stream",
        "--dialect",
        "auto",
        "--prose",
        "stderr",
        "-C",
        "s",
        stdin=text.encode(),
        cwd=tmp_path,
    )
    assert shown.stderr == "Sure:\nDone.\ncorpusfmt: 1 file written, 0 not written\n"
    assert files_under(tmp_path / "s") == {"a.txt": "hi\n"}


def test_a_strict_stream_keeps_the_files_it_wrote_and_reports_the_cut(answer: Path) -> None:
    result = run(
        "unpack",
        "-",
        "--stream",
        "--dialect",
        "auto",
        "-C",
        "out",
        stdin=answer.read_bytes(),
        cwd=answer.parent,
    )
    assert result.returncode == 1
    assert result.stderr == (
        CUT_REPORT.replace("answer.md", "<stdin>")
        + "; not written\ncorpusfmt: 3 files written, 1 not written\n"
    )
    assert files_under(answer.parent / "out") == COMPLETE


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.py", "'..'"),
        ("A.py", "names the same file as 'a.py' on a case-insensitive file system"),
        ("a.py/x", "it needs 'a.py' to be a directory"),
    ],
)
def test_a_streamed_file_is_checked_against_the_files_written_before_it(
    tmp_path: Path, name: str, problem: str
) -> None:
    text = f"<<<FILE: a.py>>>\nok\n<<<END FILE>>>\n<<<FILE: {name}>>>\nbad\n<<<END FILE>>>\n"
    result = run(
        "unpack",
        "-",
        "--stream",
        "--dialect",
        "auto",
        "-C",
        "out",
        stdin=text.encode(),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert problem in result.stderr
    assert files_under(tmp_path / "out") == {"a.py": "ok\n"}
    assert not (tmp_path / "evil.py").exists()


def test_a_cut_off_binary_file_is_written_as_partial_bytes(tmp_path: Path) -> None:
    text = (
        '<<<FILE path="a.txt">>>\nhi\n<<<END FILE>>>\n'
        '<<<FILE path="b.bin" encoding="base64">>>\nAAEC/w==\n'
    )
    (tmp_path / "cut.txt").write_text(text)
    result = run(
        "unpack",
        "cut.txt",
        "--dialect",
        "attrs",
        "--lenient",
        "--partial",
        "-C",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 3, result.stderr
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"hi\n"
    assert (tmp_path / "out" / "b.bin.partial").read_bytes() == b"\x00\x01\x02\xff"
