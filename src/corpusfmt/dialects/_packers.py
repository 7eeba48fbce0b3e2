"""The outputs of the tools that pack a repository into one prompt file, read as dialects.

Each tool writes its files between markers of its own (XML-like tags, Markdown
headings and fences, rulers), with a summary, a directory tree or a banner
around them. A :class:`Layout` describes one such output: how a file's header
looks, what closes its content, what the tool adds or escapes, and what it is
known to lose. One reader serves every layout, and keeps every character: the
summaries and trees are text between blocks. JSON outputs have a reader of
their own that finds each file's string in the JSON text.

Every layout was written from the tool's real output; the fixtures in
``tests/data/packers`` were made by the tools themselves.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import attrs

from corpusfmt import _lexicon
from corpusfmt._errors import CorpusWriteError, Malformed
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Block, Diagnostic, Part, Reading, documents_of, joined
from corpusfmt.v1 import STR, decode_base64, rules

__all__ = [
    "JSON_LAYOUTS",
    "LAYOUTS",
    "PACKER_DIALECTS",
    "PACKER_SYNTAXES",
    "JsonLayout",
    "JsonPackerSyntax",
    "Layout",
    "PackerSyntax",
]


def _xml_unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


@attrs.frozen
class Layout:
    """How one tool writes each file.

    ``header`` is matched where a file begins and names it (group ``name``;
    optional groups ``type`` (``binary`` marks a base64 body), ``size`` (the
    file's size in bytes, as the tool says) and ``fence``). ``close`` gives
    the pattern that follows a file's content, from the header's match; the
    content ends at the first such match after which the next header or the
    end of the files comes (``next_file``). ``added`` is how many line breaks
    the tool puts after a content before ``close``. ``signature`` tells the
    tool's output from any other text; ``losses`` say what the tool is known
    to change in the files it packs.
    """

    name: str
    tool: str
    header: re.Pattern[str]
    close: Callable[[re.Match[str]], str]
    next_file: str
    signature: re.Pattern[str]
    losses: tuple[str, ...] = ()
    xml_escaped: bool = False
    # Markers that begin a line only (most), or stand anywhere (parsable XML).
    line_start: bool = True
    # What the tool writes instead of the content of an empty or unreadable file.
    placeholders: tuple[str, ...] = ()
    # Decoration the tool adds to a name: a leading "./", a " [binary]" suffix.
    name_prefix: str = ""
    binary_suffix: str = ""
    # files-to-prompt -n: every line numbered, right-aligned, two spaces after.
    numbered_lines: bool = False
    description: str = ""
    example: str = ""


def _fixed(close: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: close


def _fence_close(match: re.Match[str]) -> str:
    return r"\n" + re.escape(match.group("fence")) + r"\n"


def _code2prompt_close(match: re.Match[str]) -> str:
    return r"\n```\n\n" if match.group("fence") else r"\n\n"


_NAME: Final = r"(?P<name>[^\n]+?)"
_RULER_16: Final = "=" * 16
_RULER_48: Final = "=" * 48
_RULER_64: Final = "=" * 64
_TRIMS: Final = (
    "repomix trims the whitespace at the end of every file, its final line break "
    "included, so a file may have lost trailing spaces and line breaks"
)
_TEXT_MODE: Final = (
    "{tool} reads files in text mode: CR LF line ends come out as LF, "
    "so a file with CR LF line ends differs from its original"
)
_SKIPS_BINARY: Final = "{tool} leaves out files that are not text"

LAYOUTS: Final = (
    Layout(
        "repomix-xml-parsable",
        "repomix",
        re.compile(r'<file path="(?P<name>[^"]*)">'),
        _fixed("</file>"),
        r'<file path="|</files>',
        re.compile(r"\A<repomix><file_summary>"),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        xml_escaped=True,
        line_start=False,
        description="repomix --style xml --parsable-style: escaped XML on few lines.",
    ),
    Layout(
        "repomix-xml",
        "repomix",
        re.compile(r'<file path="(?P<name>[^"\n]*)">\n'),
        _fixed(r"\n</file>\n"),
        r'\n<file path="|\n</files>',
        re.compile(r"by Repomix\.\n(?:.*\n)*?<file_summary>\n", re.MULTILINE),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        description="repomix's default output: <file path=...> tags, not escaped.",
    ),
    Layout(
        "repomix-markdown",
        "repomix",
        re.compile(r"## File: " + _NAME + r"\n(?P<fence>`{3,})[^\n`]*\n"),
        _fence_close,
        r"\n## File: |\Z",
        re.compile(r"by Repomix\.\n(?:.*\n)*?# File Summary\n", re.MULTILINE),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        description="repomix --style markdown: a heading and a fence per file.",
    ),
    Layout(
        "repomix-plain",
        "repomix",
        re.compile(f"{_RULER_16}\nFile: {_NAME}\n{_RULER_16}\n"),
        _fixed(r"\n\n"),
        f"{_RULER_16}\nFile: |\n*{_RULER_64}\nEnd of Codebase\n",
        re.compile(r"by Repomix\.\n(?:.*\n)*?={64}\nFile Summary\n", re.MULTILINE),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        description="repomix --style plain: rulers around each path.",
    ),
    Layout(
        "files-to-prompt-cxml",
        "files-to-prompt",
        re.compile(
            r'<document index="\d+">\n<source>' + _NAME + r"</source>\n<document_content>\n"
        ),
        _fixed(r"\n</document_content>\n</document>\n"),
        r'<document index="|</documents>',
        re.compile(r'\A<documents>\n<document index="1">\n<source>'),
        (_TEXT_MODE.format(tool="files-to-prompt"), _SKIPS_BINARY.format(tool="files-to-prompt")),
        name_prefix="./",
        description="files-to-prompt --cxml: Claude's XML documents.",
    ),
    Layout(
        "files-to-prompt-markdown",
        "files-to-prompt",
        re.compile(_NAME + r"\n(?P<fence>`{3,})[^\n`]*\n"),
        _fence_close,
        r"[^\n]+\n`{3,}[^\n`]*\n|\Z",
        re.compile(r"\A\.?/?[^\n`]+\n`{3,}[^\n`]*\n"),
        (_TEXT_MODE.format(tool="files-to-prompt"), _SKIPS_BINARY.format(tool="files-to-prompt")),
        name_prefix="./",
        description="files-to-prompt --markdown: a path, then a fenced block.",
    ),
    Layout(
        "files-to-prompt",
        "files-to-prompt",
        re.compile(_NAME + r"\n---\n"),
        _fixed(r"\n\n---\n"),
        r"[^\n]+\n---\n|\Z",
        re.compile(r"\A\.?/?[^\n]+\n---\n"),
        (_TEXT_MODE.format(tool="files-to-prompt"), _SKIPS_BINARY.format(tool="files-to-prompt")),
        name_prefix="./",
        numbered_lines=True,
        description="files-to-prompt's default output: a path, ---, the text, ---.",
    ),
    Layout(
        "gitingest",
        "gitingest",
        re.compile(f"{_RULER_48}\nFILE: {_NAME}\n{_RULER_48}\n"),
        _fixed(r"\n\n"),
        f"\n{_RULER_48}\nFILE: |\\Z",
        re.compile(r"\ADirectory structure:\n"),
        (
            _TEXT_MODE.format(tool="gitingest"),
            "gitingest writes '[Empty file]' in place of an empty file",
            _SKIPS_BINARY.format(tool="gitingest"),
        ),
        placeholders=("[Empty file]",),
        description="gitingest: a directory tree, then rulers around each path.",
    ),
    Layout(
        "code2prompt",
        "code2prompt",
        re.compile(
            r"## File: " + _NAME + r"\n\n(?:- [^\n]*\n)*?- Size: (?P<size>\d+) bytes\n"
            r"(?:- [^\n]*\n)*\n### Code\n\n(?P<fence>```[^\n`]*\n)?"
        ),
        _code2prompt_close,
        r"## File: |\Z",
        re.compile(r"\A# Table of Contents\n(?:- [^\n]*\n)*\n## File: "),
        (_TEXT_MODE.format(tool="code2prompt"),),
        description="code2prompt: a heading, the file's details, then its code.",
    ),
    Layout(
        "dir2text-xml",
        "dir2text",
        re.compile(r'<file path="(?P<name>[^"\n]*)" content_type="(?P<type>text|binary)">\n'),
        _fixed(r"</file>\n"),
        r'\n<file path="|\n*\Z',
        re.compile(r'^<file path="[^"\n]*" content_type="(?:text|binary)">$', re.MULTILINE),
        (
            _TEXT_MODE.format(tool="dir2text"),
            "dir2text leaves out binary files unless it runs with -B encode",
        ),
        xml_escaped=True,
        binary_suffix=" [binary]",
        description="dir2text's XML output; binary files as base64 with -B encode.",
    ),
    Layout(
        "repo-to-text",
        "repo-to-text",
        re.compile(r'<content full_path="(?P<name>[^"\n]*)">\n'),
        _fixed(r"\n</content>\n"),
        r'\n<content full_path="|\n</repo-to-text>|\Z',
        re.compile(r"\A(?:.*\n)*?<repo-to-text>\n", re.MULTILINE),
        (
            _TEXT_MODE.format(tool="repo-to-text"),
            "repo-to-text writes binary files as text, so their bytes are lost",
        ),
        description="repo-to-text: <content full_path=...> tags after the tree.",
    ),
)
"""Every packer output read as a :class:`Layout`, the most specific first."""


class PackerSyntax:
    """The reader of one packer's output; such a dialect cannot be written."""

    exact: Final = False

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def recognises(self, text: str) -> bool:
        """Whether *text* carries the tool's signature."""
        return self.layout.signature.search(text) is not None

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        return _LayoutReader(text, self.layout, strict).run()

    def loads(self, text: str, dialect: Dialect) -> list[Document]:
        parts, _ = self.read(text, dialect, True)
        return documents_of(parts)

    def loads_bytes(self, data: bytes, dialect: Dialect) -> list[Document]:
        return self.loads(rules.decode_utf8(data), dialect)

    def render(
        self, docs: Iterable[Document], dialect: Dialect
    ) -> Iterator[tuple[Document, tuple[str, ...]]]:
        raise _read_only(dialect)

    def render_block(self, dialect: Dialect, document: Document, old: Block | None) -> Block:
        raise _read_only(dialect)


def _read_only(dialect: Dialect) -> CorpusWriteError:
    return CorpusWriteError(
        f"the dialect {dialect.name!r} is another tool's output; corpusfmt reads it but "
        "does not write it (write format v1 instead)"
    )


class _Reporter:
    """Diagnostics with positions, for one text; a strict read raises errors at once."""

    def __init__(self, text: str, strict: bool) -> None:
        self.lines = rules.Lines(text)
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []
        self.first_seen = rules.FirstSeen()

    def report(
        self, kind: str, msg: str, pos: int, document: str | None, severity: str = "error"
    ) -> None:
        error = self.lines.error(msg, pos, document)
        if severity == "error" and self.strict:
            raise error
        self.diagnostics.append(Diagnostic.from_error(error, kind, severity))  # type: ignore[arg-type]

    def check_duplicate(self, name: str, pos: int) -> None:
        first = self.first_seen.first(name, pos)
        if first != pos:
            msg = rules.duplicate_message(name, self.lines.lineno(first))
            self.report("duplicate", msg, pos, name)


class _LayoutReader:
    def __init__(self, text: str, layout: Layout, strict: bool) -> None:
        self.text = text
        self.layout = layout
        self.reporter = _Reporter(text, strict)
        self.parts: list[Part] = []
        self.next_file = re.compile(layout.next_file)

    def _find_header(self, pos: int) -> re.Match[str] | None:
        header = self.layout.header
        while True:
            found = header.search(self.text, pos)
            if found is None or not self.layout.line_start:
                return found
            if rules.at_line_start(self.text, found.start()):
                return found
            pos = found.start() + 1

    def run(self) -> Reading:
        text, layout = self.text, self.layout
        pos = 0
        header = self._find_header(0)
        if header is not None:
            self._losses(header.start())
        while header is not None:
            self.parts.append(text[pos : header.start()])
            body_start = header.end()
            close = re.compile(layout.close(header))
            end = self._find_close(close, body_start)
            if end is None:
                self.reporter.report(
                    "truncated",
                    rules.unclosed_message(self._name(header), None, f"{layout.tool} end marker"),
                    header.start(),
                    self._name(header),
                )
                self.parts.append(text[header.start() :])
                pos = len(text)
                break
            self._block(header, body_start, end)
            pos = end.end()
            header = self._find_header(pos)
        self.parts.append(text[pos:])
        return joined(self.parts), tuple(self.reporter.diagnostics)

    def _find_close(self, close: re.Pattern[str], body_start: int) -> re.Match[str] | None:
        """The close after which the next file or the end of the files comes.

        A content may hold the close itself (a README that quotes the tool's
        markup); only a close that the tool's next file follows ends it.
        """
        search = body_start
        while True:
            found = close.search(self.text, search)
            if found is None:
                return None
            if self.next_file.match(self.text, found.end()) is not None:
                return found
            search = found.start() + 1

    def _name(self, header: re.Match[str]) -> str:
        name = header.group("name")
        if self.layout.xml_escaped:
            name = _xml_unescape(name)
        layout = self.layout
        if layout.name_prefix and name.startswith(layout.name_prefix):
            name = name[len(layout.name_prefix) :]
        if (
            layout.binary_suffix
            and name.endswith(layout.binary_suffix)
            and _group(header, "type") == "binary"
        ):
            name = name[: -len(layout.binary_suffix)]
        return name

    def _block(self, header: re.Match[str], body_start: int, end: re.Match[str]) -> None:
        text, layout = self.text, self.layout
        body = text[body_start : end.start()]
        name = self._name(header)
        content = _xml_unescape(body) if layout.xml_escaped else body
        reporter = self.reporter
        if not name:
            reporter.report("malformed", "the header names no file", header.start(), None)
            self.parts.append(text[header.start() : end.end()])
            return
        bad = _forbidden(name)
        if bad:
            reporter.report("malformed", f"the file name holds {bad}", header.start(), None)
            self.parts.append(text[header.start() : end.end()])
            return
        if _group(header, "type") == "binary":
            try:
                data = decode_base64(STR, content, 0, len(content), name)
            except Malformed as problem:
                reporter.report("malformed", problem.msg, body_start + problem.offset, name)
                self.parts.append(text[header.start() : end.end()])
                return
            document = Document._unchecked(name, "", (), data)
        else:
            content = self._content(content, header, name)
            document = Document._unchecked(name, content, ())
        reporter.check_duplicate(name, header.start())
        self.parts.append(Block(document, header.group(), body, end.group()))

    def _content(self, content: str, header: re.Match[str], name: str) -> str:
        layout, reporter = self.layout, self.reporter
        if content in layout.placeholders:
            reporter.report(
                "placeholder",
                f"{layout.tool} wrote {content!r} in place of the content of {name!r}; "
                "it is read as an empty file",
                header.end(),
                name,
                "warning",
            )
            return ""
        if layout.numbered_lines:
            content = self._without_line_numbers(content, header, name)
        size = _group(header, "size")
        if size is not None and int(size) != len(content.encode("utf-8", "surrogatepass")):
            reporter.report(
                "damaged",
                f"{layout.tool} says {name!r} holds {size} bytes, but its text here holds "
                f"{len(content.encode('utf-8', 'surrogatepass'))}; the file differs from "
                "its original",
                header.start(),
                name,
                "warning",
            )
        if _looks_binary(content):
            reporter.report(
                "damaged",
                f"{name!r} holds control characters: it was probably a binary file that "
                f"{layout.tool} wrote as text, and its bytes are lost",
                header.end(),
                name,
                "warning",
            )
        return content

    def _without_line_numbers(self, content: str, header: re.Match[str], name: str) -> str:
        lines = content.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
            tail = "\n"
        else:
            tail = ""
        width = len(str(len(lines)))
        expected = [f"{number:>{width}}  " for number in range(1, len(lines) + 1)]
        if not lines or not all(
            line.startswith(prefix) for line, prefix in zip(lines, expected, strict=True)
        ):
            return content
        self.reporter.report(
            "line-numbers",
            f"the lines of {name!r} are numbered (files-to-prompt -n); the numbers are "
            "removed, but the file's final line break, which -n drops, is not restored",
            header.end(),
            name,
            "info",
        )
        return (
            "\n".join(line[len(prefix) :] for line, prefix in zip(lines, expected, strict=True))
            + tail
        )

    def _losses(self, pos: int) -> None:
        for loss in self.layout.losses:
            self.reporter.report("lossy", loss, pos, None, "warning")


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _forbidden(name: str) -> str | None:
    found = _lexicon.forbidden_char(name)
    return None if found is None else _lexicon.describe_char(found)


_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _looks_binary(content: str) -> bool:
    return _CONTROL.search(content, 0, 4096) is not None


# --- JSON outputs. ----------------------------------------------------------------

_SCAN_STRING = json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")


@attrs.frozen
class JsonLayout:
    """A tool's JSON output: where the files are, and how each names its content."""

    name: str
    tool: str
    signature: re.Pattern[str]
    losses: tuple[str, ...]
    # "object": a JSON object of path -> content under the key "files" of the
    # top object; "lines": one JSON object a line, with path and content keys.
    shape: str
    description: str = ""


JSON_LAYOUTS: Final = (
    JsonLayout(
        "repomix-json",
        "repomix",
        re.compile(r'\A\{\s*"fileSummary": \{\s*"generationHeader": "[^"\n]*Repomix'),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        "object",
        description='repomix --style json: "files" maps each path to its text.',
    ),
    JsonLayout(
        "dir2text-json",
        "dir2text",
        re.compile(r'^\{"type": "file", "path": ', re.MULTILINE),
        (_TEXT_MODE.format(tool="dir2text"),),
        "lines",
        description="dir2text -f json: one JSON object per file, after the tree.",
    ),
)


class JsonPackerSyntax(PackerSyntax):
    """The reader of a packer's JSON output: each file's string, found where it stands."""

    def __init__(self, layout: JsonLayout) -> None:
        self.json_layout = layout

    def recognises(self, text: str) -> bool:
        return self.json_layout.signature.search(text) is not None

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        reporter = _Reporter(text, strict)
        layout = self.json_layout
        parts: list[Part] = []
        try:
            spans = list(
                _json_object_files(text) if layout.shape == "object" else _json_line_files(text)
            )
        except (ValueError, KeyError) as problem:
            position = getattr(problem, "pos", 0) or 0
            reporter.report("malformed", f"not {layout.tool}'s JSON: {problem}", position, None)
            return (text,) if text else (), tuple(reporter.diagnostics)
        if spans:
            for loss in layout.losses:
                reporter.report("lossy", loss, spans[0][0], None, "warning")
        done = 0
        for start, body_start, body_end, end, name, content, binary in spans:
            parts.append(text[done:start])
            if binary:
                try:
                    document = Document._unchecked(
                        name, "", (), decode_base64(STR, content, 0, len(content), name)
                    )
                except Malformed as problem:
                    reporter.report("malformed", problem.msg, body_start, name)
                    parts.append(text[start:end])
                    done = end
                    continue
            else:
                document = Document._unchecked(name, content, ())
            reporter.check_duplicate(name, start)
            parts.append(
                Block(
                    document, text[start:body_start], text[body_start:body_end], text[body_end:end]
                )
            )
            done = end
        parts.append(text[done:])
        return joined(parts), tuple(reporter.diagnostics)


def _json_object_files(text: str) -> Iterator[tuple[int, int, int, int, str, str, bool]]:
    """Each member of the object under "files": its span, and where its string stands."""
    top = text.find('"files"')
    if top < 0:
        return
    colon = _skip(text, top + len('"files"'))
    if not text.startswith(":", colon):
        raise ValueError("expected ':' after \"files\"")
    pos = _skip(text, colon + 1)
    if not text.startswith("{", pos):
        raise ValueError('"files" is not an object')
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        start = pos
        if not text.startswith('"', pos):
            raise ValueError("expected a file's path")
        name, pos = _SCAN_STRING(text, pos + 1)
        pos = _skip(text, pos)
        pos = _skip(text, pos + 1)  # the colon
        body_start = pos + 1
        content, after = _SCAN_STRING(text, body_start)
        body_end = after - 1
        pos = _skip(text, after)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        yield start, body_start, body_end, pos, name, content, False


def _json_line_files(text: str) -> Iterator[tuple[int, int, int, int, str, str, bool]]:
    """Each line that is a file object: its span, and where its "content" string stands."""
    for line in re.finditer(r'^\{"type": "file", [^\n]*\n?', text, re.MULTILINE):
        obj = json.loads(line.group())
        key = line.group().find('"content": "')
        if key < 0:
            raise ValueError('a file line has no "content"')
        body_start = line.start() + key + len('"content": "')
        content, after = _SCAN_STRING(text, body_start)
        name = obj["path"]
        binary = obj.get("content_type") == "binary"
        if binary and name.endswith(" [binary]"):
            name = name[: -len(" [binary]")]
        yield line.start(), body_start, after - 1, line.end(), name, content, binary


def _skip(text: str, pos: int) -> int:
    found = _WHITESPACE.match(text, pos)
    assert found is not None
    return found.end()


def _packer_dialect(name: str, description: str) -> Dialect:
    # A packer's markers are found by its syntax; the patterns only name it.
    return Dialect(name, header="(?!)", description=description, syntax=name)


PACKER_DIALECTS: Final = tuple(
    _packer_dialect(layout.name, layout.description) for layout in (*LAYOUTS, *JSON_LAYOUTS)
)
"""A dialect for each packer's output, in the order sniffing tries them."""

PACKER_SYNTAXES: Final = {
    **{layout.name: PackerSyntax(layout) for layout in LAYOUTS},
    **{layout.name: JsonPackerSyntax(layout) for layout in JSON_LAYOUTS},
}
