"""Dialects made of parts: composing them, inferring them from a text, and what they read."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import CorpusFormatError, CorpusWriteError, Dialect, Document, Parts
from tests.exact import raises_exactly
from tests.lossless import assert_lossless
from tests.strategies import composed, dialect_document_lists, parts, texts_in


def _doc(name: str, text: str, **meta: str) -> Document:
    return Document(name, text, meta)


# Real forms that no single preset pairs; auto must read every one by name and body.
# (id, text, expected documents)
IN_THE_WILD = [
    (
        "colon header, <<<END>>>",
        "Here:\n<<<FILE: a.py>>>\nx = 1\n<<<END>>>\n<<<FILE:b.py>>>\ny = 2\n<<<END>>>\n",
        [_doc("a.py", "x = 1\n"), _doc("b.py", "y = 2\n")],
    ),
    (
        "colon header, <<<ENDFILE>>> and <<<END_FILE>>>",
        "<<<FILE: a.py>>>\nx\n<<<ENDFILE>>>\n\n<<<FILE: b.py>>>\ny\n<<<END_FILE>>>\n",
        [_doc("a.py", "x\n"), _doc("b.py", "y\n")],
    ),
    (
        "path attribute closed by <<<END>>>",
        '<<<FILE path="prompts/system.md">>>\nYou are terse.\n<<<END>>>\n',
        [_doc("prompts/system.md", "You are terse.\n")],
    ),
    (
        "name, filename and single quotes closed by other ends",
        "<<<FILE name='a.txt'>>>\nhi\n<<<ENDFILE>>>\n<<<FILE filename=\"b.txt\">>>\nyo\n"
        "<<<END_FILE>>>\n",
        [_doc("a.txt", "hi\n"), _doc("b.txt", "yo\n")],
    ),
    (
        "JSON header closed by <<<END_FILE path>>> with blank lines between",
        '<<<FILE {"path": "a.txt", "size": 3}>>>\nhi\n<<<END_FILE a.txt>>>\n\n'
        '<<<FILE {"path": "b.txt", "size": 3}>>>\nyo\n<<<END_FILE b.txt>>>\n',
        [_doc("a.txt", "hi\n", size="3"), _doc("b.txt", "yo\n", size="3")],
    ),
    (
        "mixed angle counts and letter case",
        "Files:\n<<FILE: a>>\nA\n<</FILE>>\n<<<file:b>>>\nB\n<<<ENDFILE>>>\n",
        [_doc("a", "A\n"), _doc("b", "B\n")],
    ),
    (
        "markers glued to the text",
        '<<<FILE path="X.java">>>class X {}<<<END FILE>>>\n'
        '<<<FILE path="Y.java">>>class Y {}<<<END FILE>>>\n',
        [_doc("X.java", "class X {}"), _doc("Y.java", "class Y {}")],
    ),
    (
        "a heading above a start marker, a fence glued to the markers",
        "### app.py\n<<<START_FILE>>>```python\nprint(1)\n```<<<END_FILE>>>\n",
        [_doc("app.py", "print(1)\n")],
    ),
    (
        "decorated names",
        "<<<FILE: `a.py`>>>\nx\n<<<END FILE>>>\n<<<FILE: **b.py**>>>\ny\n<<<END FILE>>>\n"
        "<<<FILE: c.py:>>>\nz\n<<<END FILE>>>\n",
        [_doc("a.py", "x\n"), _doc("b.py", "y\n"), _doc("c.py", "z\n")],
    ),
    (
        "an end line that names the file, quoted in the file",
        "<<<FILE notes.md>>>\nThe marker is\n<<<END notes.md>>>\nas you see.\n<<<END notes.md>>>\n"
        "<<<FILE b.md>>>\nb\n<<<END b.md>>>\n",
        [
            _doc("notes.md", "The marker is\n<<<END notes.md>>>\nas you see.\n"),
            _doc("b.md", "b\n"),
        ],
    ),
    (
        "a file marked as new",
        "The build fails.\n\n<<<NEW FILE src/notes.txt>>>\nfixed\n<<<END FILE>>>\n",
        [_doc("src/notes.txt", "fixed\n")],
    ),
    (
        "a summary, attribute headers and a delete instruction",
        'SUMMARY:\nChanged two files.\n<<<FILE path="src/a.py">>>\nprint(1)\n<<<END FILE>>>\n'
        '<<<FILE path="src/b.py">>>\nprint(2)\n<<<END FILE>>>\n<<<DELETE path="old.py">>>\n',
        [_doc("src/a.py", "print(1)\n"), _doc("src/b.py", "print(2)\n")],
    ),
    (
        "a text without a final line break, its end marker glued to it",
        "<<<FILE: a.txt>>>\nno newline<<<END FILE>>>\n<<<FILE: b.txt>>>\nwith\n<<<END FILE>>>\n",
        [_doc("a.txt", "no newline"), _doc("b.txt", "with\n")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in IN_THE_WILD], ids=[case[0] for case in IN_THE_WILD]
)
def test_auto_reads_the_forms_in_the_wild(text: str, expected: list[Document]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert corpusfmt.loads(text, "auto") == expected
    bundle = corpusfmt.parse(text, "auto", strict=False)
    assert bundle.documents == expected
    assert bundle.errors == []
    assert bundle.dumps() == text


def test_mode_base64_is_bytes_and_mode_text_is_text() -> None:
    text = (
        '<<<FILE path="icon.bin" mode="base64">>>\nAAEC/w==\n<<<END FILE>>>\n'
        '<<<FILE path="a.txt" mode="text">>>\nhi\n<<<END FILE>>>\n'
    )
    assert corpusfmt.loads(text, "auto") == [
        Document.from_bytes("icon.bin", b"\x00\x01\x02\xff"),
        _doc("a.txt", "hi\n", mode="text"),
    ]


def test_the_quoted_end_line_is_reported() -> None:
    bundle = corpusfmt.parse(IN_THE_WILD[9][1], "auto")
    assert [(note.kind, note.document, note.lineno) for note in bundle.diagnostics] == [
        ("quoted-end", "notes.md", 3)
    ]


def test_a_decorated_name_is_noted() -> None:
    bundle = corpusfmt.parse("<<<FILE: `a.py`>>>\nx\n<<<END FILE>>>\n", "colon")
    assert [str(note) for note in bundle.diagnostics] == [
        "line 1, column 1: info: the name '`a.py`' is read as 'a.py', without its decoration"
    ]


def test_a_file_written_twice_is_kept_twice_and_the_caller_chooses() -> None:
    text = "<<<FILE: a.py>>>\n1\n<<<END FILE>>>\n<<<FILE: b.py>>>\nb\n<<<END FILE>>>\n" + (
        "<<<FILE: a.py>>>\n2\n<<<END FILE>>>\n"
    )
    with pytest.raises(CorpusFormatError, match=r"duplicate document name 'a\.py'"):
        corpusfmt.loads(text, "auto")
    bundle = corpusfmt.parse(text, "auto", strict=False)
    assert [doc.text for doc in bundle.documents] == ["1\n", "b\n", "2\n"]
    assert [note.kind for note in bundle.errors] == ["duplicate"]
    assert bundle.latest() == [_doc("a.py", "2\n"), _doc("b.py", "b\n")]
    assert bundle.earliest() == [_doc("a.py", "1\n"), _doc("b.py", "b\n")]


def test_promises_in_a_header_are_checked() -> None:
    good = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc")
    text = (
        f'<<<FILE {{"path": "a", "sha256": "{good}"}}>>>\nabc<<<END FILE>>>\n'
        f'<<<FILE {{"path": "b", "sha256": "{good}", "length": 9}}>>>\nabd<<<END FILE>>>\n'
    )
    dialect = Dialect.from_parts("json-glued", Parts(header="json", glue=True))
    bundle = corpusfmt.parse(text, dialect)
    assert [doc.data for doc in bundle.documents] == [b"abc", b"abd"]
    assert [(note.kind, note.document, note.msg) for note in bundle.diagnostics] == [
        ("damaged", "b", "the header of 'b' says 9 bytes, but the file holds 3"),
        ("damaged", "b", "the header of 'b' gives a sha256 that its bytes do not have"),
    ]


def test_sniff_says_which_parts_it_chose_and_why() -> None:
    found = corpusfmt.sniff(IN_THE_WILD[5][1])
    assert found.dialect.name == "inferred"
    assert found.dialect.parts == Parts(
        header="colon", end=("/FILE", "ENDFILE"), angles=(2, 3), any_case=True
    )
    assert found.evidence == "headers seen: colon 2; end markers seen: /FILE 1, ENDFILE 1"
    assert found.confidence == 0.9


def test_a_text_cut_before_any_end_marker_is_not_read_as_complete() -> None:
    """Bug guarded: with no end marker seen, an inferred dialect without ends took
    the cut file for a whole one."""
    bundle = corpusfmt.parse("<<<FILE: b.py>>>\nhalf", "auto", strict=False)
    assert bundle.documents == []
    assert [block.document.name for block in bundle.truncated] == ["b.py"]


def test_a_json_document_and_an_email_are_no_bundles() -> None:
    json_text = '{"answer": "<<<FILE a.txt>>>\\nx\\n<<<END FILE>>>\\n"}\n'
    email = (
        "From: a@example.org\nTo: b@example.org\nSubject: files\n\n"
        "<<<FILE: a.txt>>>\nx\n<<<END FILE>>>\n"
    )
    for text, kind in ((json_text, "a JSON document"), (email, "an email message")):
        found = corpusfmt.sniff(text)
        assert found.confidence == 0.0
        assert found.reason.startswith(f"the text is {kind}, not a bundle")
        with (
            pytest.warns(UserWarning, match=f"the text is {kind}"),
            pytest.raises(CorpusFormatError),
        ):
            corpusfmt.loads(text, "auto")
    # Named, the dialect reads what the email holds.
    assert corpusfmt.parse(email, "colon").documents == [_doc("a.txt", "x\n")]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"end": ("STOP",)}, "unknown end words ['STOP']; the end words are "),
        ({"angles": (0, 3)}, "angles must be (least, most) within 1 to 3, not (0, 3)"),
        ({"angles": (3, 2)}, "angles must be (least, most) within 1 to 3, not (3, 2)"),
    ],
)
def test_parts_refuse_what_no_dialect_has(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        Parts(**arguments)  # type: ignore[arg-type]


def test_a_composition_without_end_markers_cannot_close_and_says_so() -> None:
    dialect = Dialect.from_parts("open-colon", Parts(header="colon", end=()))
    text = "<<<FILE: a>>>\nx\n<<<FILE: b>>>\ny\n"
    assert corpusfmt.loads(text, dialect) == [_doc("a", "x\n"), _doc("b", "y\n")]
    assert corpusfmt.dumps([_doc("a", "x\n")], dialect) == "<<<FILE: a>>>\nx\n"


def test_writing_a_composition_refuses_a_text_that_holds_its_end_marker() -> None:
    dialect = Dialect.from_parts("mine", Parts(header="colon", end=("END", "ENDFILE")))
    with raises_exactly(
        CorpusWriteError,
        "line 2 of document 'a' reads as its end marker in the dialect 'mine', which has no "
        "escaping; write it in format v1",
    ):
        corpusfmt.dumps([_doc("a", "x\n<<<ENDFILE>>>\n")], dialect)


@given(chosen=parts, data=st.data())
def test_any_text_in_a_composition_reads_back_byte_for_byte(
    chosen: Parts, data: st.DataObject
) -> None:
    dialect = composed(chosen)
    assert_lossless(data.draw(texts_in(dialect.example)), dialect)


@given(chosen=parts, data=st.data())
def test_what_a_composition_writes_it_reads_back(chosen: Parts, data: st.DataObject) -> None:
    dialect = composed(chosen)
    # Every composition can write a plain text: otherwise the rest of this
    # property would hold of nothing.
    plain = Document("a.txt", "hello\n")
    assert corpusfmt.parse(corpusfmt.dumps([plain], dialect), dialect).documents == [plain]
    docs = []
    for doc in data.draw(dialect_document_lists(dialect)):
        try:
            corpusfmt.dumps([doc], dialect)
        except CorpusWriteError:
            continue
        docs.append(doc)
    assume(docs)
    text = corpusfmt.dumps(docs, dialect)
    assert corpusfmt.parse(text, dialect).documents == docs


@given(chosen=parts, data=st.data())
def test_a_composition_refuses_a_text_that_holds_its_own_end_marker(
    chosen: Parts, data: st.DataObject
) -> None:
    dialect = composed(chosen)
    assume(dialect.write_end is not None)
    assert dialect.write_end is not None
    marker = dialect.write_end.format(name="q.txt")
    before = data.draw(st.sampled_from(["", "before\n", "x = 1\n\n"]))
    doc = Document("q.txt", before + marker + "\nafter\n")
    with pytest.raises(CorpusWriteError, match=r"reads as (its end marker|a header)"):
        corpusfmt.dumps([doc], dialect)
