"""Hypothesis strategies that aim at the hard cases of the format on purpose.

Bundle texts are built here by a small writer of the tests' own, line by line,
so that properties compare the library against an independent reading of the
spec rather than against itself.
"""

from __future__ import annotations

import base64
import itertools
import unicodedata

import attrs
from hypothesis import strategies as st

from corpusfmt import Dialect, Document, Parts
from corpusfmt.dialects import END_WORDS

RESERVED_KEYS = frozenset({"final-newline", "encoding", "sha256", "length"})

# Lines a body may hold that a careless reader or writer gets wrong.
MARKER_LIKE_LINES = (
    "<<<END FILE>>>",
    "<<<FILE a.txt>>>",
    "<<<FILE a.txt final-newline=no>>>",
    "<<<END FILE>>> ",
    "<<<END FILE>>>\r",
    "<<<",
    "<<<<<<< HEAD",
    "\\<<<END FILE>>>",
    "\\\\<<<END FILE>>>",
    "\\<<<FILE b>>>",
    "\\\\\\<<<",
    "\\",
    "\\\\",
    " <<<END FILE>>>",
    "x<<<END FILE>>>",
    "END FILE>>>",
    ">>>",
    "",
    " ",
    "\t",
)
PLAIN_LINES = (
    "Putins Poker: Moskau provoziert Raketen-Duell",
    " date 2024-03 USA bereiten sich vor",
    "„Anführungszeichen“ – Gedankenstrich … Ellipse",  # noqa: RUF001
    "\U0001d518\U0001d52b\U0001d526 astral \U0001f600",
    "\u200b\u202e bidi and zero width \ufeff",
    "tab\tseparated",
    "line with a lone\rcarriage return",
    "\x00\x1b[31m control characters",
    "ends with a backslash \\",
)
LINE_BREAKS = ("\n", "\n", "\n", "\r\n", "\r")

# Characters a name may hold only in quotes, and characters it may never hold.
QUOTE_ONLY_CHARS = ' "\\=>\u00a0\u2028\u200b\u202e\ufeff\U000e0001'

body_lines = st.one_of(
    st.sampled_from(MARKER_LIKE_LINES),
    st.sampled_from(PLAIN_LINES),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12).map(
        lambda line: line.replace("\n", "").replace("\r", "")
    ),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A document text: any mix of marker-like and plain lines, with any line
    breaks, with or without a final line break, or empty."""
    lines = draw(st.lists(body_lines, max_size=8))
    breaks = [draw(st.sampled_from(LINE_BREAKS)) for _ in lines]
    final = draw(st.sampled_from(("", "\n", "\r\n", "\r", "\n\n")))
    joined = "".join(line + brk for line, brk in zip(lines, breaks, strict=True))
    if lines:
        joined = joined[: -len(breaks[-1])] + final
    return joined


any_texts = st.one_of(texts(), st.text(st.characters(exclude_categories=["Cs"])))

name_chars = st.characters(exclude_categories=["Cc", "Cs"])

names = st.one_of(
    st.sampled_from(
        (
            "a.txt",
            "000_8243e901774f6848.txt",
            "src/corpusfmt/__init__.py",
            "Übersicht.md",
            "名前.txt",
            "\U0001f600.txt",
            "name with spaces.txt",
            'quote".txt',
            "back\\slash",
            "a>>>b",
            ">>>",
            "<<<END FILE>>>",
            "=",
            "k=v",
            '"',
            "\\",
            "\u202etxt.exe",
            "\u00a0",
        )
    ),
    st.text(name_chars, min_size=1, max_size=10),
    st.lists(st.sampled_from(QUOTE_ONLY_CHARS + "ab<"), min_size=1, max_size=6).map("".join),
)

keys = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.:-]{0,8}\Z").filter(
    lambda key: key not in RESERVED_KEYS
)
values = st.one_of(st.just(""), names)
metas = st.lists(st.tuples(keys, values), max_size=3, unique_by=lambda pair: pair[0])

# Bytes that are not UTF-8 text, and short runs whose base64 ends in each of
# the three ways (no padding, "=", "==").
binary_data = st.one_of(
    st.binary(max_size=120),
    st.sampled_from((b"", b"\x89PNG\r\n\x1a\n", b"\xff", b"\x00\x00", b"<<<END FILE>>>\n")),
)

documents = st.one_of(
    st.builds(Document, name=names, text=any_texts, meta=metas),
    st.builds(Document.from_bytes, name=names, data=binary_data, meta=metas),
)
document_lists = st.lists(documents, max_size=5, unique_by=lambda doc: doc.name)


# --- An independent writer, following docs/spec.rst line by line. -------------


def needs_quotes(value: str) -> bool:
    return value == "" or any(
        char in ' "\\=>' or unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cf")
        for char in value
    )


def spec_quote(value: str, force: bool = False) -> str:
    if not force and not needs_quotes(value):
        return value
    escaped = "".join("\\" + char if char in '"\\' else char for char in value)
    return f'"{escaped}"'


def spec_escape(text: str) -> str:
    """One more backslash before each line that starts with backslashes and <<<."""
    lines = text.split("\n")
    return "\n".join(
        "\\" + line if line.lstrip("\\").startswith("<<<") else line for line in lines
    )


def spec_base64(data: bytes, width: int = 76, newline: str = "\n") -> str:
    """Base64 in lines of *width* characters, each followed by *newline*."""
    encoded = base64.b64encode(data).decode("ascii")
    return "".join(
        encoded[start : start + width] + newline for start in range(0, len(encoded), width)
    )


def spec_document(doc: Document) -> str:
    attributes = "".join(f" {key}={spec_quote(value)}" for key, value in doc.meta.items())
    if doc.is_binary:
        return (
            f"<<<FILE {spec_quote(doc.name)} encoding=base64{attributes}>>>\n"
            f"{spec_base64(doc.data)}<<<END FILE>>>\n"
        )
    body = spec_escape(doc.text)
    flag = ""
    if body and not body.endswith("\n"):
        flag = " final-newline=no"
        body += "\n"
    return f"<<<FILE {spec_quote(doc.name)}{flag}{attributes}>>>\n{body}<<<END FILE>>>\n"


def spec_bundle(docs: list[Document]) -> str:
    return "".join(spec_document(doc) for doc in docs)


@st.composite
def canonical_bundles(draw: st.DrawFn) -> tuple[str, list[Document]]:
    """A bundle in canonical form, written by the tests' own writer, with its documents."""
    docs = draw(document_lists)
    return spec_bundle(docs), docs


@st.composite
def equivalent_variants(draw: st.DrawFn) -> tuple[str, list[Document]]:
    """A bundle that is not canonical but reads as the same documents: blank
    lines around documents, CRLF marker lines, extra spaces and needless quotes
    in headers, a byte order mark, no line break after the last end line."""
    docs = draw(document_lists)
    parts = []
    if draw(st.booleans()):
        parts.append("\ufeff")
    for doc in docs:
        parts.append(draw(st.sampled_from(("", "\n", "\r\n", " \t\n", "\n\n"))))
        crlf = draw(st.booleans())
        newline = "\r\n" if crlf else "\n"
        space = draw(st.sampled_from((" ", "  ", "\t", " \t ")))
        flag = ""
        if doc.is_binary:
            width = draw(st.sampled_from((4, 8, 64, 76, 1000)))
            body = spec_base64(doc.data, width, newline)
            flag = f"{space}encoding={spec_quote('base64', force=draw(st.booleans()))}"
        else:
            body = spec_escape(doc.text)
        if not doc.is_binary and body and not body.endswith("\n"):
            flag = f"{space}final-newline={spec_quote('no', force=draw(st.booleans()))}"
            body += newline
        pairs = [
            f"{space}{key}={spec_quote(value, force=draw(st.booleans()))}"
            for key, value in doc.meta.items()
        ]
        if flag:
            pairs.insert(draw(st.integers(0, len(pairs))), flag)
        name = spec_quote(doc.name, force=draw(st.booleans()))
        trailing = draw(st.sampled_from(("", " ", "\t")))
        parts.append(f"<<<FILE{space}{name}{''.join(pairs)}{trailing}>>>{newline}")
        parts.append(body)
        parts.append(f"<<<END FILE>>>{newline}")
    text = "".join(parts)
    cut_last_line_break: bool = draw(st.booleans())
    if docs and cut_last_line_break:
        return text.rstrip("\r\n"), docs
    return text + draw(st.sampled_from(("", "\n", " \n", "\r\n\r\n", " "))), docs


# Texts a reader must survive: fragments of the format in any order.
FRAGMENTS = (
    "<<<FILE a>>>",
    "<<<FILE b final-newline=no>>>",
    '<<<FILE "c d" k="v">>>',
    "<<<FILE a k=1 k=2>>>",
    "<<<FILE>>>",
    "<<<FILE sha256=x>>>",
    "<<<FILE e encoding=base64>>>",
    "QUJD",
    "QQ==",
    "<<<END FILE>>>",
    "\\<<<END FILE>>>",
    "<<<",
    '<<<FILE "',
    ">>>",
    "\\",
    "text",
    " ",
    "\ufeff",
    "\n",
    "\n",
    "\r\n",
    "\r",
)
fragment_soups = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.text(max_size=40),
)


@st.composite
def chunkings(draw: st.DrawFn, text: str) -> list[str]:
    """*text* cut into chunks: one character at a time, at random places, or
    right inside and around the places a streaming reader can get wrong (in
    ``<<<`` and ``>>>``, between ``\\r`` and ``\\n``, around backslashes)."""
    how = draw(st.sampled_from(("characters", "random", "delicate")))
    if how == "characters" or not text:
        return list(text)
    if how == "random":
        cuts = draw(st.lists(st.integers(0, len(text)), max_size=8))
    else:
        delicate = [
            index + offset
            for index, char in enumerate(text)
            if char in "<>\r\n\\"
            for offset in (0, 1)
        ]
        cuts = draw(st.lists(st.sampled_from(delicate), max_size=12)) if delicate else []
    bounds = sorted({0, len(text), *cuts})
    return [text[start:end] for start, end in itertools.pairwise(bounds)]


# --- Dialects. ------------------------------------------------------------------

# What a model writes around the blocks of its answer.
PROSE_LINES = (
    "Here are the files you asked for:",
    "```python",
    "```",
    "~~~",
    "",
    "   ",
    "Thanks! Let me know if anything is unclear.",
    "**Note:** the tests are in `tests/`.",
    "<<<DELETE: old.txt>>>",
)


def dialect_fragments(example: str) -> tuple[str, ...]:
    """Pieces of a dialect's own syntax, cut from its example at line breaks
    and at the markers, and mixed with prose and line breaks."""
    pieces = set(example.splitlines(keepends=True))
    for line in example.splitlines():
        pieces.update(part for part in line.replace(">>>", ">>>\0").split("\0") if part)
    return (*sorted(pieces), *FRAGMENTS, *PROSE_LINES, "```\n", "\n\n")


def texts_in(example: str) -> st.SearchStrategy[str]:
    """Any text made of a dialect's fragments: well formed, damaged or cut short."""
    return st.lists(st.sampled_from(dialect_fragments(example)), max_size=16).map("".join)


prose = st.lists(st.sampled_from(PROSE_LINES), max_size=3).map(
    lambda lines: "".join(line + "\n" for line in lines)
)


def dialect_document_lists(
    dialect: Dialect, min_size: int = 1
) -> st.SearchStrategy[list[Document]]:
    """Documents that a dialect can mostly hold: texts that end in a line break
    where it needs one, attributes and bytes only where its headers carry them.
    Some still collide with its markers, as they should."""
    template = dialect.write_header or ""
    carries_attributes = "{attrs}" in template or "{json}" in template
    needs_final_newline = dialect.newline == "keep"
    text = texts().map(
        lambda t: t + "\n" if needs_final_newline and t and not t.endswith("\n") else t
    )
    docs = st.builds(
        Document, name=names, text=text, meta=metas if carries_attributes else st.just([])
    )
    if carries_attributes:
        docs = st.one_of(
            docs, st.builds(Document.from_bytes, name=names, data=binary_data, meta=metas)
        )
    return st.lists(docs, min_size=min_size, max_size=5, unique_by=lambda doc: doc.name)


# Dialects made of parts: every header style with every kind of end.
parts = st.builds(
    Parts,
    header=st.sampled_from(
        ["bare", "colon", "bare-or-colon", "attrs", "json", "begin", "heading"]
    ),
    end=st.lists(st.sampled_from(END_WORDS), min_size=1, max_size=3, unique=True),
    end_name=st.sampled_from(["never", "optional", "required"]),
    angles=st.sampled_from([(3, 3), (2, 3), (1, 3), (2, 2)]),
    any_case=st.booleans(),
    glue=st.booleans(),
    newline=st.sampled_from(["keep", "strip"]),
)


def composed(chosen: Parts) -> Dialect:
    """The dialect of *chosen*, with an example of its own to cut fragments from."""
    dialect = Dialect.from_parts("composed", chosen)
    assert dialect.write_header is not None
    header = dialect.write_header.format(
        name="a.txt", attrs=' path="a.txt"', json='{"path": "a.txt"}'
    )
    end = "" if dialect.write_end is None else dialect.write_end.format(name="a.txt")
    separator = "" if dialect.newline == "glued" else "\n"
    example = f"{header}{separator}hello\n{end}\n"
    return attrs.evolve(dialect, example=example)


# --- Runs of plain documents. ----------------------------------------------------

# What may stand between plain documents, or take a plain document's place: the
# cases where the readers' fast way over plain documents must hand over to the
# general way at exactly the right document.
RUN_BREAKERS = (
    "\n",
    " \n",
    "<<<FILE >>>\nx\n<<<END FILE>>>\n",
    "<<<FILE a final-newline=no>>>\n<<<END FILE>>>\n",
    "<<<FILE crlf>>>\r\nx\r\n<<<END FILE>>>\r\n",
    "<<<FILE quoted\\name>>>\nx\n<<<END FILE>>>\n",
    '<<<FILE "q r">>>\nx\n<<<END FILE>>>\n',
    "<<<FILE Kategorie:Physik_ä.txt>>>\nx\n<<<END FILE>>>\n",
    "<<<FILE k key=v>>>\nx\n<<<END FILE>>>\n",
    "<<<FILE e encoding=base64>>>\nQUJD\n<<<END FILE>>>\n",
    "<<<FILE bad>>>\n<<<FILE inner>>>\n<<<END FILE>>>\n",
    "<<<FILE open>>>\nnever closed\n",
    "<<<END FILE>>>\n",
    "text outside\n",
    "<<<FILE cut>>>\nx\n<<<END FILE>>>",
    "<<<FILE cut>>>\nx\n<<<END FILE>>> \n",
)
# Bodies that are plain though they hold "<", and bodies that are not plain.
RUN_BODY_LINES = (
    "a < b and c << d",
    "x <<<END FILE>>> inline",
    "<< almost",
    "<<<END FILE>>>",
    "\\<<<END FILE>>>",
    "<<<FILE a>>>",
    "Grüße „so“ – gut",  # noqa: RUF001
    "",
)
run_names = st.sampled_from(("a", "b", "c", "d.txt", "sub/e.md", "f<g", "a.txt"))


@st.composite
def plain_run_texts(draw: st.DrawFn) -> str:
    """Runs of plain documents, some of one name, with what breaks a run between them."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(RUN_BREAKERS)))
            continue
        lines = draw(st.lists(st.sampled_from(RUN_BODY_LINES), max_size=3))
        text = "\n".join(lines) + draw(st.sampled_from(("", "\n")))
        parts.append(spec_document(Document(draw(run_names), text)))
    return "".join(parts)


# Pieces of .gitignore patterns and file names chosen to meet each other: the
# names hold the letters the patterns do, and the patterns every kind of glob.
_PATTERN_ATOMS = ("a", "b", "x", ".log", "*", "?", "**", "[ab]", "[!a]", "[a-b]", "\\*", " ")
_NAME_ATOMS = ("a", "b", "x", ".log", "ab", "*")


@st.composite
def ignore_lines(draw: st.DrawFn) -> str:
    """One line of a ``.gitignore``: segments of globs, perhaps anchored, negated,
    for directories only, or a comment."""
    segments = draw(
        st.lists(
            st.lists(st.sampled_from(_PATTERN_ATOMS), min_size=1, max_size=3).map("".join),
            min_size=1,
            max_size=3,
        )
    )
    line = "/".join(segments)
    if draw(st.booleans()):
        line = "/" + line
    if draw(st.booleans()):
        line += "/"
    if draw(st.integers(0, 3)) == 0:
        line = "!" + line
    elif draw(st.integers(0, 9)) == 0:
        line = "#" + line
    return line


@st.composite
def file_trees(draw: st.DrawFn) -> list[str]:
    """Relative paths of files, none of them a directory of another."""
    paths = draw(
        st.lists(
            st.lists(
                st.lists(st.sampled_from(_NAME_ATOMS), min_size=1, max_size=2).map("".join),
                min_size=1,
                max_size=3,
            ).map("/".join),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    kept: list[str] = []
    for path in paths:
        # A file cannot also be a directory: the first of the two is kept.
        if not any(path.startswith(other + "/") or other.startswith(path + "/") for other in kept):
            kept.append(path)
    return kept
