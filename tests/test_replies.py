"""A model's answer, a damaged bundle: documents, the text around them, and what went wrong."""

from __future__ import annotations

import pytest

import corpusfmt
from corpusfmt import Block, CorpusFormatError, CorpusWriteError, Document

ANSWER = """\
I changed two files.

```
<<<FILE README.md>>>
# Tool

Run it:

```sh
make
```
<<<END FILE>>>
```

<<<FILE src/app.py>>>
print("hi")
<<<END FILE>>>
<<<DELETE: old.py>>>
Let me know if you need more.
"""


def test_an_answer_gives_documents_prose_and_notes() -> None:
    bundle = corpusfmt.parse(ANSWER, "auto")
    assert bundle.dialect.name == "plain"
    assert bundle.documents == [
        Document("README.md", "# Tool\n\nRun it:\n\n```sh\nmake\n```\n"),
        Document("src/app.py", 'print("hi")\n'),
    ]
    assert bundle.between == [
        "I changed two files.\n\n```\n",
        "```\n\n",
        "<<<DELETE: old.py>>>\nLet me know if you need more.\n",
    ]
    assert [
        (note.kind, note.severity, note.lineno, note.document) for note in bundle.diagnostics
    ] == [("directive", "info", 18, "old.py")]
    assert bundle.dumps() == ANSWER


def test_a_truncated_last_block_is_flagged_never_a_document() -> None:
    answer = "Here:\n<<<FILE a.txt>>>\ndone\n<<<END FILE>>>\n<<<FILE b.txt>>>\nhalf a fi"
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads(answer, "plain")
    assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
        "document 'b.txt' is not closed: the text ends before its end marker",
        5,
        1,
    )
    bundle = corpusfmt.parse(answer, "plain", strict=False)
    assert bundle.documents == [Document("a.txt", "done\n")]
    assert bundle.truncated == [
        Block(
            Document("b.txt", "half a fi"), "<<<FILE b.txt>>>\n", "half a fi", "", truncated=True
        )
    ]
    assert [(error.kind, error.lineno, error.colno) for error in bundle.errors] == [
        ("truncated", 5, 1)
    ]
    assert bundle.dumps() == answer


def test_a_block_cut_short_by_the_next_header() -> None:
    answer = "<<<FILE a.txt>>>\npartial\n<<<FILE b.txt>>>\nwhole\n<<<END FILE>>>\n"
    bundle = corpusfmt.parse(answer, "plain", strict=False)
    assert bundle.documents == [Document("b.txt", "whole\n")]
    assert [block.document for block in bundle.truncated] == [Document("a.txt", "partial\n")]
    assert [str(error) for error in bundle.errors] == [
        "line 1, column 1: error: document 'a.txt' is not closed: "
        "the next header begins before its end marker"
    ]


def test_a_duplicate_path_is_reported() -> None:
    answer = "<<<FILE a>>>\n1\n<<<END FILE>>>\n<<<FILE a>>>\n2\n<<<END FILE>>>\n"
    bundle = corpusfmt.parse(answer, "plain", strict=False)
    assert bundle.documents == [Document("a", "1\n"), Document("a", "2\n")]
    assert [(e.kind, e.msg, e.lineno) for e in bundle.errors] == [
        (
            "duplicate",
            "duplicate document name 'a'; the first document of that name starts on line 1",
            4,
        )
    ]
    with pytest.raises(CorpusFormatError, match="duplicate document name 'a'"):
        corpusfmt.loads(answer, "plain")
    with pytest.raises(ValueError, match=r"^the bundle holds 2 documents named 'a'$"):
        bundle.replace(Document("a", "3\n"))


def test_a_bad_header_is_kept_as_text() -> None:
    answer = (
        '<<<FILE {"path": }>>>\nx\n<<<END FILE>>>\n<<<FILE {"path": "b"}>>>\ny\n<<<END FILE>>>\n'
    )
    bundle = corpusfmt.parse(answer, "json", strict=False)
    assert bundle.documents == [Document("b", "y\n")]
    assert [(e.kind, e.lineno, e.colno) for e in bundle.errors] == [("malformed", 1, 1)]
    assert bundle.errors[0].msg.startswith("the header's JSON is not valid: ")
    assert bundle.dumps() == answer


def test_a_whole_answer_in_one_fence() -> None:
    answer = "```text\n<<<FILE: a.txt>>>\nhello\n<<<END FILE>>>\n```\n"
    bundle = corpusfmt.parse(answer, "auto")
    assert bundle.dialect.name == "colon"
    assert bundle.documents == [Document("a.txt", "hello\n")]
    assert bundle.between == ["```text\n", "```\n"]


# A damaged v1 bundle: a bad header, text outside documents, a missing end
# line, and a document cut off by the end of the text.
DAMAGED = (
    "<<<FILE good1>>>\nok\n<<<END FILE>>>\n"
    "<<<FILE bad name=>>>\nlost\n<<<END FILE>>>\n"
    "<<<FILE good2>>>\nok\n<<<END FILE>>>\n"
    "stray text\n"
    "<<<FILE open>>>\nno end line\n"
    "<<<FILE good3>>>\n\\<<<END FILE>>>\n<<<END FILE>>>\n"
    "<<<FILE cut>>>\nthe end is missing\n"
)


def test_recover_mode_returns_every_intact_document() -> None:
    with pytest.raises(CorpusFormatError):
        corpusfmt.parse(DAMAGED)
    bundle = corpusfmt.parse(DAMAGED, strict=False)
    assert bundle.documents == [
        Document("good1", "ok\n"),
        Document("good2", "ok\n"),
        Document("good3", "<<<END FILE>>>\n"),
    ]
    assert [block.document.name for block in bundle.truncated] == ["open", "cut"]
    assert [(e.kind, e.lineno, e.colno, e.document) for e in bundle.errors] == [
        ("malformed", 4, 18, "bad"),
        ("malformed", 10, 1, None),
        ("truncated", 13, 1, "open"),
        ("truncated", 16, 1, "cut"),
    ]
    assert bundle.errors[1].msg == (
        "text outside any document; a document begins with '<<<FILE name>>>'"
    )
    assert bundle.between == ["<<<FILE bad name=>>>\nlost\n<<<END FILE>>>\n", "stray text\n"]
    assert bundle.dumps() == DAMAGED


def test_editing_a_bundle_keeps_the_rest() -> None:
    text = "Intro\n<<<FILE: a.txt>>>\nA\n<<<END FILE>>>\r\nOutro"
    bundle = corpusfmt.parse(text, "colon")
    replaced = bundle.replace(Document("a.txt", "B\n"))
    assert replaced.dumps() == "Intro\n<<<FILE: a.txt>>>\nB\n<<<END FILE>>>\r\nOutro"
    added = replaced.add(Document("c.txt", "C\n"))
    assert added.dumps() == (
        "Intro\n<<<FILE: a.txt>>>\nB\n<<<END FILE>>>\r\nOutro\n<<<FILE: c.txt>>>\nC\n<<<END FILE>>>\n"
    )
    assert added.remove("a.txt").dumps() == "Intro\nOutro\n<<<FILE: c.txt>>>\nC\n<<<END FILE>>>\n"
    with pytest.raises(KeyError):
        bundle.remove("nope")
    with pytest.raises(ValueError, match=r"^the bundle already holds a document named 'a\.txt'$"):
        bundle.add(Document("a.txt", ""))
    with pytest.raises(CorpusWriteError, match="does not end with a line break"):
        bundle.replace(Document("a.txt", "no newline"))


def test_editing_v1_keeps_headers_that_still_fit() -> None:
    text = "\ufeff<<<FILE  a.txt  lang=de>>>\r\nalt\r\n<<<END FILE>>>\r\n\n<<<FILE b>>>\n<<<END FILE>>>"
    bundle = corpusfmt.parse(text)
    edited = bundle.replace(Document("a.txt", "neu\r\n", {"lang": "de"}))
    assert edited.dumps() == text.replace("alt", "neu")
    flagged = bundle.replace(Document("a.txt", "kein Zeilenende", {"lang": "de"}))
    assert flagged.dumps() == (
        "\ufeff<<<FILE a.txt final-newline=no lang=de>>>\nkein Zeilenende\n<<<END FILE>>>\r\n"
        "\n<<<FILE b>>>\n<<<END FILE>>>"
    )
    assert corpusfmt.loads(flagged.dumps()) == flagged.documents
    added = bundle.add(Document("c", "x"))
    assert added.dumps().endswith(
        "<<<END FILE>>>\n<<<FILE c final-newline=no>>>\nx\n<<<END FILE>>>\n"
    )
    assert corpusfmt.loads(added.dumps())[-1] == Document("c", "x")


def test_lenient_errors_come_in_reading_order() -> None:
    """Bug guarded: duplicates were reported after every other problem, so the
    first lenient error was not the one a strict read raises."""
    text = "<<<FILE a.txt>>>\n<<<END FILE>>>\n<<<FILE a.txt>>>\n<<<END FILE>>>\n<<<END FILE>>>"
    bundle = corpusfmt.parse(text, strict=False)
    assert [(note.kind, note.lineno) for note in bundle.errors] == [
        ("duplicate", 3),
        ("malformed", 5),
    ]
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.parse(text)
    assert (caught.value.msg, caught.value.lineno) == (bundle.errors[0].msg, 3)
