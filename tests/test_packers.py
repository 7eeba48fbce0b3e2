"""The outputs of repository packers, made by the tools themselves, read file by file.

The fixtures in tests/data/packers were made by tests/make_packer_fixtures.py
from one tree of hard cases (tree.json); each test compares what corpusfmt
reads with that tree, less what the tool is known to lose.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import PACKERS, CorpusWriteError, Document
from tests.command import run

DATA = Path(__file__).parent / "data" / "packers"
TREE: dict[str, bytes] = {
    name: base64.b64decode(data)
    for name, data in json.loads((DATA / "tree.json").read_text(encoding="utf-8")).items()
}
BINARY = "image.png"


def _text_mode(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def _trimmed(data: bytes) -> bytes:
    return data.rstrip()


def _numbered(data: bytes) -> bytes:
    # files-to-prompt -n joins the numbered lines without the final line break.
    return _text_mode(data).removesuffix(b"\n")


# (fixture, dialect auto must choose, what the tool does to a text file,
#  whether it carries the binary file, warnings it must give)
FIXTURES: list[tuple[str, str, Callable[[bytes], bytes], bool, set[str]]] = [
    ("repomix.xml", "repomix-xml", _trimmed, False, {"lossy", "left-out"}),
    ("repomix-parsable.xml", "repomix-xml-parsable", _trimmed, False, {"lossy", "left-out"}),
    ("repomix.md", "repomix-markdown", _trimmed, False, {"lossy", "left-out"}),
    ("repomix.txt", "repomix-plain", _trimmed, False, {"lossy", "left-out"}),
    ("repomix.json", "repomix-json", _trimmed, False, {"lossy"}),
    ("files-to-prompt.txt", "files-to-prompt", _text_mode, False, {"lossy"}),
    ("files-to-prompt-cxml.txt", "files-to-prompt-cxml", _text_mode, False, {"lossy"}),
    ("files-to-prompt-markdown.md", "files-to-prompt-markdown", _text_mode, False, {"lossy"}),
    ("files-to-prompt-n.txt", "files-to-prompt", _numbered, False, {"lossy"}),
    ("gitingest.txt", "gitingest", _text_mode, False, {"lossy", "placeholder"}),
    ("code2prompt.md", "code2prompt", _text_mode, False, {"lossy", "damaged"}),
    ("code2prompt-no-codeblock.md", "code2prompt", _text_mode, False, {"lossy", "damaged"}),
    ("dir2text.xml", "dir2text-xml", _text_mode, False, {"lossy", "left-out"}),
    ("dir2text-base64.xml", "dir2text-xml", _text_mode, True, {"lossy"}),
    ("dir2text.json", "dir2text-json", _text_mode, True, {"lossy"}),
    ("repo-to-text.txt", "repo-to-text", _text_mode, False, {"lossy", "damaged"}),
]
IDS = [fixture[0] for fixture in FIXTURES]


def _read(fixture: str) -> str:
    return (DATA / fixture).read_bytes().decode("utf-8")


@pytest.mark.parametrize(("fixture", "dialect", "change", "binary", "kinds"), FIXTURES, ids=IDS)
def test_auto_reads_each_packers_output_file_by_file(
    fixture: str,
    dialect: str,
    change: Callable[[bytes], bytes],
    binary: bool,
    kinds: set[str],
) -> None:
    text = _read(fixture)
    bundle = corpusfmt.parse(text, "auto", strict=False)
    assert bundle.dialect.name == dialect
    assert bundle.errors == []
    # Every character is kept: summaries, trees and banners are text between blocks.
    assert bundle.dumps() == text
    got = {doc.name: doc for doc in bundle.documents}
    expected_names = set(TREE) - ({BINARY} if not binary else set())
    if fixture == "repo-to-text.txt":
        # repo-to-text writes the binary file as text: there, but damaged.
        expected_names.add(BINARY)
    assert set(got) == expected_names
    for name in expected_names - {BINARY}:
        assert got[name].data == change(TREE[name]), name
    if binary:
        assert got[BINARY].is_binary
        assert got[BINARY].data == TREE[BINARY]
    assert {note.kind for note in bundle.diagnostics if note.severity == "warning"} == kinds


@pytest.mark.parametrize("fixture", IDS)
def test_a_packed_bundle_is_one_file_never_its_blocks(fixture: str) -> None:
    """The tree holds a bundle and a README that quotes one; neither is read as blocks."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = [doc.name for doc in corpusfmt.loads(_read(fixture), "auto")]
    assert "nested.bundle" in names
    assert not {"x.txt", "inner/a.txt", "inner/b.txt"} & set(names)


def test_each_packer_is_named_by_its_dialect_and_warns_of_its_losses() -> None:
    text = _read("gitingest.txt")
    with pytest.warns(UserWarning, match="gitingest") as caught:
        docs = corpusfmt.loads(text, "gitingest")
    with pytest.warns(UserWarning, match="gitingest"):
        assert corpusfmt.loads(text, PACKERS["gitingest"]) == docs
    messages = [str(warning.message) for warning in caught]
    assert (
        "line 42, column 1: gitingest wrote '[Empty file]' in place of the content of "
        "'empty.txt'; it is read as an empty file"
    ) in messages
    assert any("CR LF and CR line ends come out as LF" in message for message in messages)


def test_code2prompt_names_the_file_whose_size_it_got_wrong() -> None:
    bundle = corpusfmt.parse(_read("code2prompt.md"), "code2prompt")
    damaged = [note for note in bundle.diagnostics if note.kind == "damaged"]
    assert [(note.document, note.msg) for note in damaged] == [
        (
            "crlf.txt",
            "code2prompt says 'crlf.txt' holds 20 bytes, but its text here holds 18; "
            "the file differs from its original",
        )
    ]


def test_repo_to_text_names_the_binary_file_it_wrote_as_text() -> None:
    bundle = corpusfmt.parse(_read("repo-to-text.txt"), "repo-to-text")
    assert [note.document for note in bundle.diagnostics if note.kind == "damaged"] == [BINARY]


def test_files_to_prompt_line_numbers_are_removed_and_said() -> None:
    bundle = corpusfmt.parse(_read("files-to-prompt-n.txt"), "files-to-prompt")
    assert bundle.documents[0] == Document("README.md", _numbered(TREE["README.md"]).decode())
    numbered = [note.document for note in bundle.diagnostics if note.kind == "line-numbers"]
    assert "README.md" in numbered


def test_a_packer_cannot_be_written() -> None:
    with pytest.raises(CorpusWriteError, match="is another tool's output"):
        corpusfmt.dumps([Document("a.txt", "x\n")], "repomix-xml")


def test_a_cut_packer_output_is_truncated_not_complete() -> None:
    text = _read("repomix.xml")
    cut = text[: text.index("no final newline") + 5]
    bundle = corpusfmt.parse(cut, "repomix-xml", strict=False)
    assert "nofinal.txt" not in [doc.name for doc in bundle.documents]
    assert [note.kind for note in bundle.errors] == ["truncated"]
    assert bundle.dumps() == cut


def test_unpack_restores_a_repomix_output_from_the_command_line(tmp_path: Path) -> None:
    restored = tmp_path / "restored"
    result = run("unpack", str(DATA / "repomix.xml"), "--dialect", "auto", "-C", str(restored))
    assert result.returncode == 0, result.stderr
    assert "repomix trims the whitespace at the end of every file" in result.stderr
    assert (restored / "src" / "app.py").read_bytes() == TREE["src/app.py"].rstrip()
    assert (restored / "nested.bundle").read_bytes() == TREE["nested.bundle"].rstrip()
    assert not (restored / "x.txt").exists()


def test_sniff_on_the_command_line(tmp_path: Path) -> None:
    result = run("sniff", str(DATA / "repomix.xml"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["dialect:    repomix-xml", "confidence: 0.95"]
    answer = tmp_path / "answer.md"
    answer.write_text("Files:\n<<FILE: a>>\nA\n<</FILE>>\n<<<file:b>>>\nB\n<<<ENDFILE>>>\n")
    found = json.loads(run("sniff", "--json", str(answer)).stdout)
    assert found["dialect"] == "inferred"
    assert found["parts"] == (
        "header colon, end /FILE or ENDFILE, end names never, angles 2 to 3, "
        "any letter case, newline keep"
    )
    assert found["evidence"] == "headers seen: colon 2; end markers seen: /FILE 1, ENDFILE 1"
    json_file = tmp_path / "data.json"
    json_file.write_text('{"a": "<<<FILE x>>>"}\n')
    refused = run("sniff", str(json_file))
    assert refused.returncode == 1
    assert "the text is a JSON document, not a bundle" in refused.stdout


def _repomix(files: dict[str, str], listed: list[str]) -> str:
    """A repomix output as repomix writes it, for the cases no fixture holds."""
    tree = "".join(f"{name}\n" for name in listed)
    blocks = "".join(f'<file path="{name}">\n{text}\n</file>\n\n' for name, text in files.items())
    return (
        "This file is a merged representation of the entire codebase, combined into a single "
        "document by Repomix.\n\n<file_summary>\n</file_summary>\n\n"
        f"<directory_structure>\n{tree}</directory_structure>\n\n<files>\n{blocks}</files>\n"
    )


def test_a_packed_file_that_quotes_the_tools_markup_stays_one_file() -> None:
    """Bug guarded: the first close followed by something like a header ended the file."""
    inner = _repomix({"x.py": "x = 1", "y.py": "y = 2"}, ["x.py", "y.py"])
    outer = _repomix({"old/out.xml": inner, "a.py": "a = 1"}, ["old/out.xml", "a.py"])
    bundle = corpusfmt.parse(outer, "auto", strict=False)
    assert [doc.name for doc in bundle.documents] == ["old/out.xml", "a.py"]
    assert bundle.documents[0].text == inner
    assert bundle.dumps() == outer
    assert "ambiguous" not in {note.kind for note in bundle.diagnostics}


def test_a_quoted_header_of_a_listed_name_is_flagged() -> None:
    inner = _repomix({"a.py": "quoted"}, ["a.py"])
    outer = _repomix({"old/out.xml": inner, "a.py": "a = 1"}, ["old/out.xml", "a.py"])
    bundle = corpusfmt.parse(outer, "auto", strict=False)
    assert [doc.name for doc in bundle.documents] == ["old/out.xml", "a.py"]
    assert bundle.documents[1].text == "a = 1"
    ambiguous = [note.msg for note in bundle.diagnostics if note.kind == "ambiguous"]
    assert ambiguous == [
        "the header of 'a.py' stands in the output more than once: a packed file quotes "
        "repomix's own markup, which repomix does not escape, so the files may be split in "
        "another way than they were"
    ]


def test_files_the_tool_lists_but_left_out_are_named() -> None:
    text = _repomix({"a.py": "a"}, ["a.py", "logo.png"])
    bundle = corpusfmt.parse(text, "repomix-xml")
    assert [note.msg for note in bundle.diagnostics if note.kind == "left-out"] == [
        "repomix lists 1 file that its output does not hold: 'logo.png'"
    ]


def test_code2prompt_sizes_pick_the_close_that_fits() -> None:
    def section(name: str, text: str) -> str:
        return (
            f"## File: {name}\n\n- Extension: .md\n- Size: {len(text.encode())} bytes\n\n"
            f"### Code\n\n```markdown\n{text}\n```\n\n"
        )

    quoted = "See:\n```\n\n## File: fake.md\n"
    text = (
        "# Table of Contents\n- a.md\n- b.md\n\n" + section("a.md", quoted) + section("b.md", "b")
    )
    assert corpusfmt.parse(text, "code2prompt").documents == [
        Document("a.md", quoted),
        Document("b.md", "b"),
    ]


def test_an_output_cut_before_its_first_file_says_so(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml"
    text = _read("repomix.xml")
    cut.write_text(text[: text.index("<files>")])
    result = run("unpack", str(cut), "--dialect", "auto", "-C", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "this repomix output holds no file; it may be cut short" in result.stderr
    assert corpusfmt.sniff(cut.read_text()).dialect.name == "repomix-xml"


PROJECT: dict[str, bytes] = {
    name: base64.b64decode(data)
    for name, data in json.loads((DATA / "project.json").read_text(encoding="utf-8")).items()
}


@pytest.mark.parametrize(("fixture", "dialect", "change", "_binary", "_kinds"), FIXTURES, ids=IDS)
def test_auto_reads_an_ordinary_project_packed_by_each_tool(
    fixture: str,
    dialect: str,
    change: Callable[[bytes], bytes],
    _binary: bool,
    _kinds: set[str],
) -> None:
    """A second real output of every tool and style: a small project, no hard case."""
    stem, dot, extension = fixture.partition(".")
    text = _read(f"{stem}-project{dot}{extension}")
    bundle = corpusfmt.parse(text, "auto", strict=False)
    assert bundle.dialect.name == dialect
    assert bundle.errors == []
    assert bundle.dumps() == text
    assert {doc.name: doc.data for doc in bundle.documents} == {
        name: change(data) for name, data in PROJECT.items()
    }
    assert "ambiguous" not in {note.kind for note in bundle.diagnostics}
