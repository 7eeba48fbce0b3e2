"""One table of hand-written bundles and the documents they hold, read and written both ways."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

import corpusfmt
from corpusfmt import Document
from tests.readers import READERS


@attrs.frozen
class Case:
    id: str
    bundle: str
    docs: list[Document]
    # What dumps writes for these documents, when the bundle is not canonical.
    canonical: str | None = None


# A one-pixel PNG image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606068000004000130b2d8e80000000049454e44ae426082"
)
NESTED = "<<<FILE inner.txt>>>\nhi\n<<<END FILE>>>\n"

CASES = [
    Case("empty bundle", "", []),
    Case(
        "text ending in a newline",
        "<<<FILE a.txt>>>\nhello\n<<<END FILE>>>\n",
        [Document("a.txt", "hello\n")],
    ),
    Case(
        "text without a final newline is flagged in the header",
        "<<<FILE a.txt final-newline=no>>>\nhello\n<<<END FILE>>>\n",
        [Document("a.txt", "hello")],
    ),
    Case(
        "empty text",
        "<<<FILE empty>>>\n<<<END FILE>>>\n",
        [Document("empty", "")],
    ),
    Case(
        "text of one newline",
        "<<<FILE nl>>>\n\n<<<END FILE>>>\n",
        [Document("nl", "\n")],
    ),
    Case(
        "text of only newlines",
        "<<<FILE nl>>>\n\n\n\n<<<END FILE>>>\n",
        [Document("nl", "\n\n\n")],
    ),
    Case(
        "text ending in two newlines",
        "<<<FILE two>>>\nend\n\n<<<END FILE>>>\n",
        [Document("two", "end\n\n")],
    ),
    Case(
        "CRLF inside a body is kept",
        "<<<FILE w.txt>>>\na\r\nb\r\n<<<END FILE>>>\n",
        [Document("w.txt", "a\r\nb\r\n")],
    ),
    Case(
        "CRLF text without a final newline",
        "<<<FILE w.txt final-newline=no>>>\na\r\nb\n<<<END FILE>>>\n",
        [Document("w.txt", "a\r\nb")],
    ),
    Case(
        "lone CR inside and at the end of a text",
        "<<<FILE r.txt final-newline=no>>>\na\rb\r\n<<<END FILE>>>\n",
        [Document("r.txt", "a\rb\r")],
    ),
    Case(
        "text of one CR",
        "<<<FILE r final-newline=no>>>\n\r\n<<<END FILE>>>\n",
        [Document("r", "\r")],
    ),
    Case(
        "a body line equal to the end line is escaped",
        "<<<FILE q.txt>>>\n\\<<<END FILE>>>\n<<<END FILE>>>\n",
        [Document("q.txt", "<<<END FILE>>>\n")],
    ),
    Case(
        "an already escaped-looking line gets one more backslash",
        "<<<FILE q.txt>>>\n\\\\<<<END FILE>>>\n\\\\\\<<<FILE x>>>\n<<<END FILE>>>\n",
        [Document("q.txt", "\\<<<END FILE>>>\n\\\\<<<FILE x>>>\n")],
    ),
    Case(
        "a marker line as the last line without a final newline",
        "<<<FILE q final-newline=no>>>\n\\<<<END FILE>>>\n<<<END FILE>>>\n",
        [Document("q", "<<<END FILE>>>")],
    ),
    Case(
        "a whole bundle nested as one document",
        "<<<FILE outer.bundle>>>\n\\<<<FILE inner.txt>>>\nhi\n\\<<<END FILE>>>\n<<<END FILE>>>\n",
        [Document("outer.bundle", NESTED)],
    ),
    Case(
        "any line starting with <<< is escaped, such as a merge conflict marker",
        "<<<FILE m.py>>>\n\\<<<<<<< HEAD\nx = 1\n<<<END FILE>>>\n",
        [Document("m.py", "<<<<<<< HEAD\nx = 1\n")],
    ),
    Case(
        "<<< after other characters, or after a lone CR, is ordinary text",
        "<<<FILE t>>>\n <<<END FILE>>>\nx<<<FILE a>>>\ny\r<<<END FILE>>>\n\\ <<<\n<<<END FILE>>>\n",
        [Document("t", " <<<END FILE>>>\nx<<<FILE a>>>\ny\r<<<END FILE>>>\n\\ <<<\n")],
    ),
    Case(
        "only LF ends a line: <<< after VT, FF, NEL, LS or PS is ordinary text",
        "<<<FILE u>>>\na\x0b<<<x\x0c<<<y\x85<<<z\u2028<<<END FILE>>>\u2029<<<\n<<<END FILE>>>\n",
        [Document("u", "a\x0b<<<x\x0c<<<y\x85<<<z\u2028<<<END FILE>>>\u2029<<<\n")],
    ),
    Case(
        "backslashes not followed by <<< are ordinary text",
        "<<<FILE tex>>>\n\\begin{document}\n\\\\\n<<<END FILE>>>\n",
        [Document("tex", "\\begin{document}\n\\\\\n")],
    ),
    Case(
        "two documents, the second empty",
        "<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE b>>>\n<<<END FILE>>>\n",
        [Document("a", "x\n"), Document("b", "")],
    ),
    Case(
        "names that need quotes",
        '<<<FILE "name with spaces.txt">>>\n<<<END FILE>>>\n'
        '<<<FILE "quote\\".txt">>>\n<<<END FILE>>>\n'
        '<<<FILE "back\\\\slash">>>\n<<<END FILE>>>\n'
        '<<<FILE "a>>>b">>>\n<<<END FILE>>>\n'
        '<<<FILE "k=v">>>\n<<<END FILE>>>\n'
        '<<<FILE "zero\u200bwidth">>>\n<<<END FILE>>>\n'
        '<<<FILE "no\u00a0break">>>\n<<<END FILE>>>\n',
        [
            Document("name with spaces.txt", ""),
            Document('quote".txt', ""),
            Document("back\\slash", ""),
            Document("a>>>b", ""),
            Document("k=v", ""),
            Document("zero\u200bwidth", ""),
            Document("no\u00a0break", ""),
        ],
    ),
    Case(
        "names are otherwise free; what they mean on a file system is not the format's business",
        "<<<FILE ../x>>>\n<<<END FILE>>>\n<<<FILE /etc/passwd>>>\n<<<END FILE>>>\n"
        '<<<FILE "C:\\\\x">>>\n<<<END FILE>>>\n<<<FILE CON>>>\n<<<END FILE>>>\n',
        [
            Document("../x", ""),
            Document("/etc/passwd", ""),
            Document("C:\\x", ""),
            Document("CON", ""),
        ],
    ),
    Case(
        "the spec's example of the seed documents' shape",
        "<<<FILE 003.txt>>>\n date 2024-03\n\nLast line.\n\n<<<END FILE>>>\n"
        "<<<FILE 000.txt final-newline=no>>>\nHeadline\n\nNo final newline.\n<<<END FILE>>>\n",
        [
            Document("003.txt", " date 2024-03\n\nLast line.\n\n"),
            Document("000.txt", "Headline\n\nNo final newline."),
        ],
    ),
    Case(
        "the spec's metadata example",
        '<<<FILE a.txt lang=de title="Putins Poker" note="">>>\nx\n<<<END FILE>>>\n',
        [Document("a.txt", "x\n", {"lang": "de", "title": "Putins Poker", "note": ""})],
    ),
    Case(
        "non-ASCII and astral names stay bare",
        "<<<FILE Übersicht.md>>>\n<<<END FILE>>>\n<<<FILE 名前/\U0001f600.txt>>>\n<<<END FILE>>>\n",
        [Document("Übersicht.md", ""), Document("名前/\U0001f600.txt", "")],
    ),
    Case(
        "attributes keep their order; empty and spaced values are quoted",
        '<<<FILE a.txt lang=de title="Putins Poker" empty="" path=a/b.txt>>>\nx\n<<<END FILE>>>\n',
        [
            Document(
                "a.txt",
                "x\n",
                [("lang", "de"), ("title", "Putins Poker"), ("empty", ""), ("path", "a/b.txt")],
            )
        ],
    ),
    Case(
        "the no-final-newline flag comes before the attributes",
        "<<<FILE a.txt final-newline=no lang=de>>>\nx\n<<<END FILE>>>\n",
        [Document("a.txt", "x", {"lang": "de"})],
    ),
    Case(
        "astral characters in a body",
        "<<<FILE e>>>\n\U0001d518\U0001d52b\U0001d526\U0001f600\n<<<END FILE>>>\n",
        [Document("e", "\U0001d518\U0001d52b\U0001d526\U0001f600\n")],
    ),
    # Bundles that are read the same, but are not what dumps writes.
    Case(
        "a byte order mark is skipped",
        "\ufeff<<<FILE a>>>\nx\n<<<END FILE>>>\n",
        [Document("a", "x\n")],
        canonical="<<<FILE a>>>\nx\n<<<END FILE>>>\n",
    ),
    Case(
        "blank lines around documents are skipped",
        "\n<<<FILE a>>>\nx\n<<<END FILE>>>\n\n \t\r\n<<<FILE b>>>\n<<<END FILE>>>\n\n  ",
        [Document("a", "x\n"), Document("b", "")],
        canonical="<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE b>>>\n<<<END FILE>>>\n",
    ),
    Case(
        "a bundle with CRLF everywhere, as after a Windows checkout",
        "<<<FILE a final-newline=no>>>\r\nline 1\r\nline 2\r\n<<<END FILE>>>\r\n"
        "<<<FILE b>>>\r\nline 1\r\n<<<END FILE>>>\r\n",
        [Document("a", "line 1\r\nline 2"), Document("b", "line 1\r\n")],
        canonical="<<<FILE a final-newline=no>>>\nline 1\r\nline 2\n<<<END FILE>>>\n"
        "<<<FILE b>>>\nline 1\r\n<<<END FILE>>>\n",
    ),
    Case(
        "a CRLF header removes only LF when the body ends in LF alone",
        "<<<FILE a final-newline=no>>>\r\nx\n<<<END FILE>>>\r\n",
        [Document("a", "x")],
        canonical="<<<FILE a final-newline=no>>>\nx\n<<<END FILE>>>\n",
    ),
    Case(
        "the last end line may lack its line break",
        "<<<FILE a>>>\nx\n<<<END FILE>>>",
        [Document("a", "x\n")],
        canonical="<<<FILE a>>>\nx\n<<<END FILE>>>\n",
    ),
    Case(
        "extra spaces and needless quotes in a header",
        '<<<FILE  "a.txt"\tlang="de"  final-newline="no" >>>\nx\n<<<END FILE>>>\n',
        [Document("a.txt", "x", {"lang": "de"})],
        canonical="<<<FILE a.txt final-newline=no lang=de>>>\nx\n<<<END FILE>>>\n",
    ),
    Case(
        "a binary document is base64 in lines of 76",
        "<<<FILE logo.png encoding=base64 alt=Logo>>>\n"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBoAAAEAAEwstjo\n"
        "AAAAAElFTkSuQmCC\n"
        "<<<END FILE>>>\n",
        [Document.from_bytes("logo.png", PNG, {"alt": "Logo"})],
    ),
    Case(
        "empty bytes have an empty base64 body",
        "<<<FILE e.bin encoding=base64>>>\n<<<END FILE>>>\n",
        [Document.from_bytes("e.bin", b"")],
    ),
    Case(
        "base64 lines of any length, with CRLF, join into one text",
        "<<<FILE b.bin encoding=base64>>>\r\nAAEC\r\nAw\n==\n<<<END FILE>>>\r\n",
        [Document.from_bytes("b.bin", b"\x00\x01\x02\x03")],
        canonical="<<<FILE b.bin encoding=base64>>>\nAAECAw==\n<<<END FILE>>>\n",
    ),
    Case(
        "a binary document next to a text holding the same bytes",
        "<<<FILE t.txt>>>\n\\<<<END FILE>>>\n<<<END FILE>>>\n"
        "<<<FILE t.bin encoding=base64>>>\nPDw8RU5EIEZJTEU+Pj4K\n<<<END FILE>>>\n",
        [
            Document("t.txt", "<<<END FILE>>>\n"),
            Document.from_bytes("t.bin", b"<<<END FILE>>>\n"),
        ],
    ),
    Case(
        "a bundle of only blank lines holds no document",
        "\n\r\n \n",
        [],
        canonical="",
    ),
]


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_reader_reads_the_documents(
    case: Case, reader: Callable[[str], list[Document]]
) -> None:
    assert reader(case.bundle) == case.docs


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_dumps_writes_the_canonical_bundle(case: Case) -> None:
    expected = case.bundle if case.canonical is None else case.canonical
    assert corpusfmt.dumps(case.docs) == expected


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_texts_are_kept_exactly(case: Case) -> None:
    read = corpusfmt.loads(case.bundle)
    assert [doc.data for doc in read] == [doc.data for doc in case.docs]
    assert [doc.is_binary for doc in read] == [doc.is_binary for doc in case.docs]
    assert [list(doc.meta.items()) for doc in read] == [
        list(doc.meta.items()) for doc in case.docs
    ]
