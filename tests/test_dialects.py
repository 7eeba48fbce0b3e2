"""Dialects: every family in the wild read with its preset and picked by "auto"."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import attrs
import pytest

import corpusfmt
from corpusfmt import DIALECTS, CorpusFormatError, CorpusWriteError, Dialect, Document
from tests.exact import raises_exactly


@attrs.frozen
class Example:
    dialect: str
    id: str
    text: str
    docs: list[Document]
    # Whether "auto" must pick this dialect for this text; the first example
    # of each family is its typical one.
    typical: bool = False


def _doc(name: str, text: str, **meta: str) -> Document:
    return Document(name, text, meta)


EXAMPLES = [
    # <<<FILE path>>> ... <<<END FILE>>>, nothing escaped, names not quoted.
    Example(
        "plain",
        "names with spaces, prose around",
        "Here are the files.\n\n<<<FILE notes/my notes.txt>>>\nbuy milk\n<<<END FILE>>>\n"
        "<<<FILE src/app.py>>>\nprint('hi')\n<<<END FILE>>>\nThat is all.\n",
        [_doc("notes/my notes.txt", "buy milk\n"), _doc("src/app.py", "print('hi')\n")],
        typical=True,
    ),
    Example(
        "plain",
        "CRLF markers, a line that begins with <<< inside a body",
        "<<<FILE a.txt>>>\r\nx\r\n<<<<<<< HEAD\r\n<<<END FILE>>>\r\n",
        [_doc("a.txt", "x\r\n<<<<<<< HEAD\r\n")],
    ),
    # The newline before the end marker is the writer's.
    Example(
        "plain-strip",
        "a writer that joins text and end marker with a line break",
        "<<<FILE a.txt>>>\nhello\n\n<<<END FILE>>>\n<<<FILE b.txt>>>\nno newline\n<<<END FILE>>>\n",
        [_doc("a.txt", "hello\n"), _doc("b.txt", "no newline")],
    ),
    Example(
        "plain-strip",
        "an empty text and CRLF",
        "<<<FILE e>>>\r\n\r\n<<<END FILE>>>\r\n<<<FILE f>>>\r\nx\r\n\r\n<<<END FILE>>>\r\n",
        [_doc("e", ""), _doc("f", "x\r\n")],
    ),
    Example(
        "colon",
        "a colon and a space",
        "<<<FILE: src/main.py>>>\nimport os\n<<<END FILE>>>\n",
        [_doc("src/main.py", "import os\n")],
        typical=True,
    ),
    Example(
        "colon",
        "a colon without a space, two files",
        "<<<FILE:a.md>>>\n# A\n<<<END FILE>>>\n\n<<<FILE:b.md>>>\n# B\n<<<END FILE>>>\n",
        [_doc("a.md", "# A\n"), _doc("b.md", "# B\n")],
    ),
    Example(
        "lowercase",
        "lower-case markers",
        "<<<file a.txt>>>\nhello\n<<<end file>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "lowercase",
        "lower-case with a colon and end_file",
        "<<<file: b.txt>>>\nworld\n<<<end_file>>>\n<<<file c>>>\n<<<end>>>\n",
        [_doc("b.txt", "world\n"), _doc("c", "")],
    ),
    Example(
        "attrs",
        "path and mode attributes",
        '<<<FILE path="src/a.py" mode="text">>>\nprint(1)\n<<<END FILE>>>\n',
        [_doc("src/a.py", "print(1)\n", mode="text")],
        typical=True,
    ),
    Example(
        "attrs",
        "name and a base64 encoding",
        '<<<FILE name="logo.bin" encoding="base64">>>\n/wAB\n<<<END FILE>>>\n',
        [Document.from_bytes("logo.bin", b"\xff\x00\x01")],
    ),
    Example(
        "attrs",
        "language and size, values bare and in single quotes",
        "<<<FILE path='a b.rs' language=rust size=12>>>\nfn main(){}\n<<<END FILE>>>\n",
        [_doc("a b.rs", "fn main(){}\n", language="rust", size="12")],
    ),
    Example(
        "json",
        "a JSON object with path and size",
        '<<<FILE {"path": "a.txt", "size": 6}>>>\nhello\n<<<END FILE>>>\n',
        [_doc("a.txt", "hello\n", size="6")],
        typical=True,
    ),
    Example(
        "json",
        "JSON with a non-ASCII path and a boolean",
        '<<<FILE {"path": "Übersicht.md", "generated": true}>>>\n# Ü\n<<<END FILE>>>\n',
        [_doc("Übersicht.md", "# Ü\n", generated="true")],
    ),
    Example(
        "begin-attrs",
        "name attribute and BEGIN",
        '<<<FILE name="a.txt" BEGIN>>>\nhello\n<<<FILE END>>>\n',
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "begin-attrs",
        "two files, path attribute",
        '<<<FILE path="x" BEGIN>>>\n1\n<<<FILE END>>>\n<<<FILE path="y" BEGIN>>>\n2\n<<<FILE END>>>\n',
        [_doc("x", "1\n"), _doc("y", "2\n")],
    ),
    Example(
        "begin-file",
        "BEGIN FILE and END FILE with the path",
        "<<<BEGIN FILE: a.txt>>>\nhello\n<<<END FILE: a.txt>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "begin-file",
        "the end of another file inside a body is text",
        "<<<BEGIN FILE: a.md>>>\nquote:\n<<<END FILE: b.md>>>\n<<<END FILE: a.md>>>\n",
        [_doc("a.md", "quote:\n<<<END FILE: b.md>>>\n")],
    ),
    Example(
        "multiline",
        "path, a description line, then >>>",
        "<<<FILE a.txt\nDESCRIPTION: a greeting\n>>>\nhello\n<<<END>>>\n",
        [_doc("a.txt", "hello\n", DESCRIPTION="a greeting")],
        typical=True,
    ),
    Example(
        "multiline",
        "two field lines, and an end with FILE",
        "<<<FILE src/x.py\nLanguage: python\nPurpose: demo\n>>>\nx = 1\n<<<END FILE>>>\n",
        [_doc("src/x.py", "x = 1\n", Language="python", Purpose="demo")],
    ),
    Example(
        "heredoc",
        "a bare <<<FILE, closed by FILE>>>",
        "<<<FILE\nhello\nFILE>>>\n",
        [_doc("untitled-1", "hello\n")],
        typical=True,
    ),
    Example(
        "heredoc",
        "two bare blocks are numbered",
        "<<<FILE\na\nFILE>>>\n<<<FILE\nb\nFILE>>>\n",
        [_doc("untitled-1", "a\n"), _doc("untitled-2", "b\n")],
    ),
    Example(
        "start-file",
        "the path in a Markdown heading",
        "### /path/to/app.py\n<<<START_FILE>>>\ndef f():\n    pass\n<<<END_FILE>>>\n",
        [_doc("/path/to/app.py", "def f():\n    pass\n")],
        typical=True,
    ),
    Example(
        "start-file",
        "a path in backquotes, a blank line before the marker, prose",
        "Plan: edit one file.\n\n## `src/x.py`\n\n<<<START_FILE>>>\nx = 2\n<<<END_FILE>>>\nDone.\n",
        [_doc("src/x.py", "x = 2\n")],
    ),
    Example(
        "end-name",
        "the end repeats the path",
        "<<<FILE a.txt>>>\nhello\n<<<END a.txt>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "end-name",
        "an end with another name is text",
        "<<<FILE a.txt>>>\n<<<END b.txt>>>\n<<<END a.txt>>>\n",
        [_doc("a.txt", "<<<END b.txt>>>\n")],
    ),
    Example(
        "end-underscore",
        "END_FILE",
        "<<<FILE a.txt>>>\nhello\n<<<END_FILE>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "end-underscore",
        "two files and an empty one",
        "<<<FILE a>>>\n1\n<<<END_FILE>>>\n<<<FILE b>>>\n<<<END_FILE>>>\n",
        [_doc("a", "1\n"), _doc("b", "")],
    ),
    Example(
        "endfile",
        "ENDFILE without >>>",
        "<<<FILE a.txt>>>\nhello\n<<<ENDFILE\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "endfile",
        "ENDFILE with >>>",
        "<<<FILE a.txt>>>\nhello\n<<<ENDFILE>>>\n<<<FILE b>>>\nx\n<<<ENDFILE>>>",
        [_doc("a.txt", "hello\n"), _doc("b", "x\n")],
    ),
    Example(
        "file-end",
        "FILE END",
        "<<<FILE a.txt>>>\nhello\n<<<FILE END>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "file-end",
        "two files",
        "<<<FILE a>>>\n1\n<<<FILE END>>>\n<<<FILE b>>>\n2\n<<<FILE END>>>\n",
        [_doc("a", "1\n"), _doc("b", "2\n")],
    ),
    Example(
        "end-short",
        "a bare END",
        "<<<FILE a.txt>>>\nhello\n<<<END>>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "end-short",
        "a v1 end line inside a body is text",
        "<<<FILE a.txt>>>\n<<<END FILE>>>\n<<<END>>>\n",
        [_doc("a.txt", "<<<END FILE>>>\n")],
    ),
    Example(
        "glued",
        "the end marker right after the text",
        "<<<FILE a.txt>>>\nhello<<<END FILE>>>\n<<<FILE b.txt>>>\nline\nlast<<<END FILE>>>\n",
        [_doc("a.txt", "hello"), _doc("b.txt", "line\nlast")],
        typical=True,
    ),
    Example(
        "glued",
        "the body glued to both markers",
        "<<<FILE a.txt>>>hello<<<END FILE>>>",
        [_doc("a.txt", "hello")],
    ),
    Example(
        "open",
        "no end markers",
        "<<<FILE a.txt>>>\nhello\n<<<FILE b.txt>>>\nworld\n",
        [_doc("a.txt", "hello\n"), _doc("b.txt", "world\n")],
        typical=True,
    ),
    Example(
        "open",
        "a block in a fence keeps the fences of its README",
        "```\n<<<FILE README.md>>>\n# Use\n```sh\nmake\n```\n```\nThanks!\n",
        [_doc("README.md", "# Use\n```sh\nmake\n```\n")],
    ),
    Example(
        "angles",
        "two angle brackets",
        "<<FILE a.txt>>\nhello\n<<END FILE>>\n",
        [_doc("a.txt", "hello\n")],
        typical=True,
    ),
    Example(
        "angles",
        "one angle bracket",
        "<FILE a.txt>\nhello\n<END>\n",
        [_doc("a.txt", "hello\n")],
    ),
]


def _ids(examples: list[Example]) -> list[str]:
    return [f"{example.dialect}: {example.id}" for example in examples]


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids(EXAMPLES))
def test_each_family_reads_with_its_preset(example: Example) -> None:
    assert corpusfmt.loads(example.text, example.dialect) == example.docs
    bundle = corpusfmt.parse(example.text, example.dialect)
    assert bundle.dumps() == example.text
    assert bundle.dialect is DIALECTS[example.dialect]


TYPICAL = [example for example in EXAMPLES if example.typical]


@pytest.mark.parametrize("example", TYPICAL, ids=_ids(TYPICAL))
def test_auto_picks_the_family_of_a_typical_example(example: Example) -> None:
    found = corpusfmt.sniff(example.text)
    assert found.dialect.name == example.dialect, found.reason
    assert found.diagnostics == ()
    assert corpusfmt.loads(example.text, "auto") == example.docs


def test_every_preset_has_examples_and_a_typical_one() -> None:
    for name in DIALECTS:
        if name == "v1":
            continue
        assert len([example for example in EXAMPLES if example.dialect == name]) >= 2, name
    assert {example.dialect for example in TYPICAL} == set(DIALECTS) - {"v1", "plain-strip"}


def test_auto_never_guesses_that_a_line_break_is_the_writers() -> None:
    # Written by a plain-strip writer: every text is followed by one more line break.
    text = "<<<FILE my a.txt>>>\nhello\n\n<<<END FILE>>>\n<<<FILE b.txt>>>\n\n<<<END FILE>>>\n"
    assert corpusfmt.loads(text, "plain-strip") == [
        Document("my a.txt", "hello\n"),
        Document("b.txt", ""),
    ]
    with pytest.warns(UserWarning, match="every document ends with an empty line"):
        docs = corpusfmt.loads(text, "auto")
    assert docs == [Document("my a.txt", "hello\n\n"), Document("b.txt", "\n")]
    found = corpusfmt.sniff(text)
    assert found.dialect.name == "plain"
    assert [(note.kind, note.severity, note.lineno) for note in found.diagnostics] == [
        ("ambiguous", "warning", 1)
    ]


def test_auto_reads_v1_as_v1() -> None:
    text = corpusfmt.dumps([Document("a b", "x"), Document("q", "<<<END FILE>>>\n")])
    found = corpusfmt.sniff(text)
    assert (found.dialect.name, found.reason) == (
        "v1",
        "2 blocks read as format v1 without a problem",
    )
    assert corpusfmt.loads(text, "auto") == [
        Document("a b", "x"),
        Document("q", "<<<END FILE>>>\n"),
    ]


def test_sniff_of_a_text_without_blocks() -> None:
    found = corpusfmt.sniff("just prose\n")
    assert (found.dialect.name, found.reason) == (
        "v1",
        "no header of any dialect; read as format v1",
    )


def test_sniff_looks_at_a_sample_only() -> None:
    block = "<<<FILE: a{}.txt>>>\nline\n<<<END FILE>>>\n"
    text = "".join(block.format(index) for index in range(3000))
    found = corpusfmt.sniff(text, sample=1000)
    assert found.dialect.name == "colon"
    assert found.reason == "25 blocks read as the dialect 'colon' without a problem"


def test_unknown_dialect_names_the_presets() -> None:
    with pytest.raises(
        ValueError, match=r"^unknown dialect 'yaml'; the presets are auto, v1, attrs, "
    ):
        corpusfmt.loads("", "yaml")
    with raises_exactly(TypeError, "dialect must be a name or a Dialect, not int"):
        corpusfmt.loads("", 3)  # type: ignore[arg-type]


def test_a_user_defined_dialect() -> None:
    mine = Dialect(
        "mine",
        header=r"=== (?P<name>\S+) ===",
        end="=== end ===",
        write_header="=== {name} ===",
        write_end="=== end ===",
    )
    docs = [Document("a.txt", "hello\n"), Document("b.txt", "")]
    text = corpusfmt.dumps(docs, mine)
    assert text == "=== a.txt ===\nhello\n=== end ===\n=== b.txt ===\n=== end ===\n"
    assert corpusfmt.loads(text, mine) == docs
    assert corpusfmt.parse(text, mine).dumps() == text


@pytest.mark.parametrize(
    ("field", "pattern", "message"),
    [
        (
            "header",
            "(",
            "the header pattern is not a valid regex: missing ), unterminated subpattern at position 0",
        ),
        (
            "end",
            "(?P<path>x)",
            "the end pattern has groups ['path']; only name, attrs, json and fields mean something",
        ),
    ],
)
def test_a_dialect_checks_its_patterns(field: str, pattern: str, message: str) -> None:
    arguments = {"header": "<<<(?P<name>x)>>>", "end": None, field: pattern}
    with raises_exactly(ValueError, message):
        Dialect("bad", **arguments)  # type: ignore[arg-type]


def test_a_dialect_without_a_writer_cannot_be_written() -> None:
    with raises_exactly(
        ValueError,
        "the dialect 'heredoc' can be read but not written: "
        "its headers have no place for a document's name",
    ):
        corpusfmt.dumps([Document("a", "x\n")], "heredoc")


def test_dialect_reading_is_strict_by_default() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads("<<<FILE a.txt>>>\nx\n<<<END FILE>>>\n<<<FILE b.txt>>>\npart", "plain")
    assert str(caught.value) == (
        "line 4, column 1: document 'b.txt' is not closed: the text ends before its end marker\n"
        "    <<<FILE b.txt>>>\n"
        "    ^"
    )
    assert (caught.value.lineno, caught.value.colno, caught.value.document) == (4, 1, "b.txt")


def _own_marker(dialect: Dialect, name: str) -> str:
    """The line that ends document *name* in the dialect, or a header when
    nothing ends a document."""
    if dialect.write_end is not None:
        return dialect.write_end.format(name=name) + "\n"
    block = corpusfmt.parse(dialect.example, dialect).blocks[0]
    return block.end or block.header


@pytest.mark.parametrize("dialect", DIALECTS.values(), ids=DIALECTS.keys())
def test_a_text_holding_the_dialects_own_marker(dialect: Dialect) -> None:
    marker = _own_marker(dialect, "q.txt")
    doc = Document("q.txt", "before\n" + marker + "after\n")
    if dialect.name == "v1":
        assert corpusfmt.loads(corpusfmt.dumps([doc], dialect), dialect) == [doc]
        return
    if not dialect.writable:
        with pytest.raises(ValueError, match="can be read but not written"):
            corpusfmt.dumps([doc], dialect)
        return
    with pytest.raises(CorpusWriteError) as caught:
        corpusfmt.dumps([doc], dialect)
    assert caught.value.document == "q.txt"
    assert (caught.value.lineno, caught.value.colno) == (2, 1)
    assert caught.value.msg.startswith("line 2 of document 'q.txt' reads as ")
    assert caught.value.msg.endswith(
        f"in the dialect {dialect.name!r}, which has no escaping; write it in format v1"
    )


@pytest.mark.parametrize(
    ("dialect", "doc", "message"),
    [
        (
            "plain",
            Document("a", "no newline"),
            "document 'a' does not end with a line break, and the dialect 'plain' cannot mark that",
        ),
        (
            "plain",
            Document("a", "x\n", {"k": "v"}),
            "document 'a' cannot be written in the dialect 'plain': "
            "the dialect's headers have no place for attributes",
        ),
        (
            "colon",
            Document.from_bytes("a", b"\xff"),
            "document 'a' cannot be written in the dialect 'colon': "
            "it holds bytes, and the dialect has no encoding attribute",
        ),
        (
            "attrs",
            Document("a", "x\n", {"title": 'say "hi"'}),
            "document 'a' cannot be written in the dialect 'attrs': "
            "the value of 'title' holds '\"', which it cannot quote",
        ),
        (
            "plain",
            Document(" padded ", "x\n"),
            "document ' padded ' cannot be written in the dialect 'plain': "
            "its name or attributes would read back differently",
        ),
        (
            "end-name",
            Document("a\u00a0", "x\n"),
            "document 'a\\xa0' cannot be written in the dialect 'end-name': "
            "its name or attributes would read back differently",
        ),
    ],
)
def test_a_dialect_refuses_what_it_cannot_hold(dialect: str, doc: Document, message: str) -> None:
    with pytest.raises(CorpusWriteError) as caught:
        corpusfmt.dumps([doc], dialect)
    assert caught.value.msg == message
    assert caught.value.document == doc.name


def test_strip_and_glued_dialects_hold_a_text_without_a_final_newline() -> None:
    docs = [Document("a", "no newline"), Document("b", "")]
    for dialect in ("plain-strip", "glued"):
        assert corpusfmt.loads(corpusfmt.dumps(docs, dialect), dialect) == docs


def test_attribute_dialects_carry_bytes_as_base64() -> None:
    doc = Document.from_bytes("img.png", bytes(range(256)), {"alt": "x"})
    for dialect in ("attrs", "json", "begin-attrs"):
        text = corpusfmt.dumps([doc], dialect)
        assert "base64" in text.partition("\n")[0]
        assert corpusfmt.loads(text, dialect) == [doc]


def test_convert_a_bundle_to_v1() -> None:
    answer = (
        "Sure, here you go:\n"
        "<<<FILE: src/app.py>>>\nprint('hi')\n<<<END FILE>>>\n"
        "<<<FILE: notes.txt>>>\n<<<END FILE>>>\n"
    )
    v1 = corpusfmt.dumps(corpusfmt.loads(answer, "auto"))
    assert v1 == (
        "<<<FILE src/app.py>>>\nprint('hi')\n<<<END FILE>>>\n<<<FILE notes.txt>>>\n<<<END FILE>>>\n"
    )


def test_the_dialects_page_shows_every_preset_with_its_example() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "dialects.rst").read_text("utf-8")
    for dialect in DIALECTS.values():
        assert f"   * - ``{dialect.name}``\n" in page, dialect.name
        shown = "".join(("   " + line).rstrip() + "\n" for line in dialect.example.splitlines())
        # Format v1's example is coloured by the bundle lexer; the others are shown as text.
        language = "corpusfmt" if dialect == corpusfmt.dialects.V1 else "text"
        heading = f"``{dialect.name}``\n{'~' * (len(dialect.name) + 4)}\n\n"
        assert f"{heading}.. code-block:: {language}\n\n{shown}" in page, dialect.name


def test_load_reads_a_dialect_from_bytes() -> None:
    data = "<<<FILE: ü.txt>>>\nä\n<<<END FILE>>>\n".encode()
    assert corpusfmt.load(io.BytesIO(data), dialect="colon") == [Document("ü.txt", "ä\n")]
    assert corpusfmt.load(io.BytesIO(gzip.compress(data)), dialect="auto") == [
        Document("ü.txt", "ä\n")
    ]
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(data.replace("ä".encode(), b"\xff")), dialect="colon")
    assert str(caught.value) == (
        "line 2, column 1: invalid UTF-8 at byte offset 19: invalid start byte\n    \\xff\n    ^"
    )


def test_a_dialect_writer_refuses_a_name_twice() -> None:
    with raises_exactly(
        ValueError, "documents 0 and 1 are both named 'a'; names in a bundle must be unique"
    ):
        corpusfmt.dumps([Document("a", ""), Document("a", "x\n")], "colon")


def test_dump_writes_a_dialect_to_a_path_or_a_file(tmp_path: Path) -> None:
    docs = [Document("a.txt", "hello\n")]
    expected = "<<<FILE: a.txt>>>\nhello\n<<<END FILE>>>\n"
    corpusfmt.dump(docs, tmp_path / "a.bundle", "colon")
    assert (tmp_path / "a.bundle").read_text() == expected
    binary, text = io.BytesIO(), io.StringIO()
    corpusfmt.dump(docs, binary, "colon")
    corpusfmt.dump(docs, text, "colon")
    assert binary.getvalue() == expected.encode()
    assert text.getvalue() == expected
    with pytest.raises(CorpusWriteError, match="reads as its end marker"):
        corpusfmt.dump([*docs, Document("b", "<<<END FILE>>>\n")], tmp_path / "b.bundle", "colon")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.bundle"]
