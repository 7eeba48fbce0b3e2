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
from typing import Any, Final

import attrs

from corpusfmt import _lexicon
from corpusfmt._errors import CorpusWriteError, Malformed
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Block, Diagnostic, Part, Reading, joined
from corpusfmt.dialects._whole import WholeTextSyntax
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
    tool's output from any other text, from its first lines; ``losses`` say
    what the tool is known to change in the files it packs. ``listing`` finds
    the tree or table of contents in which the tool lists the files it packed:
    where there is one, only a header that names a listed file begins a file,
    so that a packed file that quotes the tool's own markup stays one file.
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
    # Where the tool lists the files it packed (group "tree"), and how.
    listing: re.Pattern[str] | None = None
    listing_style: str = ""
    description: str = ""


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
_REPOMIX_BANNER: Final = (
    r"\AThis file is a merged representation of [^\n]*, combined into a single document "
    r"by Repomix\.\n(?:[^\n]+\n){0,3}"
)
_TRIMS: Final = (
    "repomix trims the whitespace at the end of every file, its final line break "
    "included, so a file may have lost trailing spaces and line breaks"
)
_TEXT_MODE: Final = (
    "{tool} reads files in text mode: CR LF and CR line ends come out as LF, "
    "so a file with such line ends differs from its original"
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
        listing=re.compile(r"<directory_structure>(?P<tree>.*?)</directory_structure>", re.DOTALL),
        listing_style="indented",
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
        re.compile(_REPOMIX_BANNER + r"\n<file_summary>\n"),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        listing=re.compile(
            r"<directory_structure>\n(?P<tree>.*?)</directory_structure>", re.DOTALL
        ),
        listing_style="indented",
        description="repomix's default output: <file path=...> tags, not escaped.",
    ),
    Layout(
        "repomix-markdown",
        "repomix",
        re.compile(r"## File: " + _NAME + r"\n(?P<fence>`{3,})[^\n`]*\n"),
        _fence_close,
        r"\n## File: |\Z",
        re.compile(_REPOMIX_BANNER + r"\n# File Summary\n"),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        listing=re.compile(r"^# Directory Structure\n```\n(?P<tree>.*?)```\n", re.DOTALL | re.M),
        listing_style="indented",
        description="repomix --style markdown: a heading and a fence per file.",
    ),
    Layout(
        "repomix-plain",
        "repomix",
        re.compile(f"{_RULER_16}\nFile: {_NAME}\n{_RULER_16}\n"),
        _fixed(r"\n\n"),
        f"{_RULER_16}\nFile: |\n*{_RULER_64}\nEnd of Codebase\n",
        re.compile(_REPOMIX_BANNER + r"\n={64}\nFile Summary\n"),
        (_TRIMS, _SKIPS_BINARY.format(tool="repomix")),
        listing=re.compile(
            r"^Directory Structure\n={64}\n(?P<tree>.*?)\n\n={64}\n", re.DOTALL | re.M
        ),
        listing_style="indented",
        description="repomix --style plain: rulers around each path.",
    ),
    Layout(
        "files-to-prompt-cxml",
        "files-to-prompt",
        re.compile(
            r'<document index="(?P<index>\d+)">\n<source>'
            + _NAME
            + r"</source>\n<document_content>\n"
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
        listing=re.compile(r"\ADirectory structure:\n(?P<tree>.*?)\n\n", re.DOTALL),
        listing_style="box",
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
        listing=re.compile(r"\A# Table of Contents\n(?P<tree>(?:- [^\n]*\n)*)"),
        listing_style="dashes",
        description="code2prompt: a heading, the file's details, then its code.",
    ),
    Layout(
        "dir2text-xml",
        "dir2text",
        re.compile(r'<file path="(?P<name>[^"\n]*)" content_type="(?P<type>text|binary)">\n'),
        _fixed(r"</file>\n"),
        r'\n<file path="|\n*\Z',
        re.compile(
            r'\A[^\n]*/\n(?:[^\n]*\n)*?\n<file path="[^"\n]*" content_type="(?:text|binary)">\n'
        ),
        (
            _TEXT_MODE.format(tool="dir2text"),
            "dir2text leaves out binary files unless it runs with -B encode",
        ),
        xml_escaped=True,
        binary_suffix=" [binary]",
        listing=re.compile(r"\A(?P<tree>[^\n]*/\n(?:[^\n]+\n)*)\n"),
        listing_style="box",
        description="dir2text's XML output; binary files as base64 with -B encode.",
    ),
    Layout(
        "repo-to-text",
        "repo-to-text",
        re.compile(r'<content full_path="(?P<name>[^"\n]*)">\n'),
        _fixed(r"\n</content>\n"),
        r'\n<content full_path="|\n</repo-to-text>|\Z',
        # The tool prints its own warnings first when it lacks "tree".
        re.compile(r"\A(?:[^\n]*\n){0,8}?<repo-to-text>\nDirectory: "),
        (
            _TEXT_MODE.format(tool="repo-to-text"),
            "repo-to-text writes binary files as text, so their bytes are lost",
        ),
        listing=re.compile(
            r"<directory_structure>\n(?P<tree>.*?)</directory_structure>", re.DOTALL
        ),
        listing_style="dotted",
        description="repo-to-text: <content full_path=...> tags after the tree.",
    ),
)
"""Every packer output read as a :class:`Layout`, the most specific first."""


def _listed(layout: Layout, text: str) -> frozenset[str] | None:
    """The paths the tool lists before its files, or ``None`` where it lists none."""
    if layout.listing is None:
        return None
    found = layout.listing.search(text)
    if found is None:
        return None
    tree = found.group("tree")
    if layout.xml_escaped:
        tree = _xml_unescape(tree)
    lines = [line for line in tree.split("\n") if line.strip()]
    paths = _LISTINGS[layout.listing_style](lines)
    return frozenset(paths) if paths else None


def _indented(lines: list[str]) -> list[str]:
    """repomix: two spaces a level; a directory ends with '/'."""
    paths: list[str] = []
    folders: list[str] = []
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        name = line.strip()
        del folders[depth:]
        if name.endswith("/"):
            folders.append(name[:-1])
        else:
            paths.append("/".join([*folders, name]))
    return paths


_BRANCH: Final = re.compile(r"(?:├── |└── )")


def _boxed(lines: list[str]) -> list[str]:
    """gitingest, dir2text: box-drawing branches, four columns a level, under a root."""
    entries = []
    for line in lines:
        branch = _BRANCH.search(line)
        if branch is None:
            # The root, named by itself.
            continue
        entries.append((branch.start() // 4, line[branch.end() :]))
    if not entries:
        return []
    # gitingest draws its root as a branch too.
    if (
        _BRANCH.search(lines[0]) is not None
        and entries[0][1].endswith("/")
        and all(depth > entries[0][0] for depth, _ in entries[1:])
    ):
        entries = entries[1:]
    base = min(depth for depth, _ in entries) if entries else 0
    paths: list[str] = []
    folders: list[str] = []
    for depth, name in entries:
        level = depth - base
        del folders[level:]
        if name.endswith("/"):
            folders.append(name[:-1])
        else:
            paths.append("/".join([*folders, name]))
    return paths


def _dotted(lines: list[str]) -> list[str]:
    """repo-to-text: each line names its whole path after './'; directories too."""
    paths = [line.split("./", 1)[1] for line in lines if "./" in line]
    folders = {path.rsplit("/", 1)[0] for path in paths if "/" in path}
    return [path for path in paths if path not in folders]


def _dashed(lines: list[str]) -> list[str]:
    """code2prompt: a table of contents, one '- path' a line."""
    return [line[2:] for line in lines if line.startswith("- ")]


_LISTINGS: Final[dict[str, Callable[[list[str]], list[str]]]] = {
    "indented": _indented,
    "box": _boxed,
    "dotted": _dotted,
    "dashes": _dashed,
}


class PackerSyntax(WholeTextSyntax):
    """The reader of one packer's output; such a dialect cannot be written."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def recognises(self, text: str) -> bool:
        """Whether *text* carries the tool's signature."""
        return self.layout.signature.search(text) is not None

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        return _LayoutReader(text, self.layout, strict).run()

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
        self.listed = _listed(layout, text)
        self.read_names: set[str] = set()

    def _is_header(self, found: re.Match[str]) -> bool:
        if self.layout.line_start and not rules.at_line_start(self.text, found.start()):
            return False
        return self.listed is None or self._name(found) in self.listed

    def _find_header(self, pos: int) -> re.Match[str] | None:
        header = self.layout.header
        while True:
            found = header.search(self.text, pos)
            if found is None or self._is_header(found):
                return found
            pos = found.start() + 1

    def run(self) -> Reading:
        text = self.text
        first = self._find_header(0)
        if first is not None:
            self._losses(first.start())
        else:
            self.reporter.report(
                "empty",
                f"this {self.layout.tool} output holds no file; it may be cut short",
                len(text),
                None,
                "warning",
            )
        plan = self._plan(first)
        pos = 0
        if plan is not None:
            for header, end in plan:
                self.parts.append(text[pos : header.start()])
                self._block(header, header.end(), end)
                pos = end.end()
        else:
            pos = self._read_greedily(first)
        self.parts.append(text[pos:])
        self._unlisted()
        self._quoted_headers()
        return joined(self.parts), tuple(self.reporter.diagnostics)

    def _quoted_headers(self) -> None:
        """Warn when a file's header stands in the output more than once.

        The tool escapes nothing, so a packed file that quotes the tool's own
        markup (another output of the same tool) can be split in more than
        one way; the reading chosen is consistent, but the user should look.
        """
        if self.layout.xml_escaped:
            return
        seen: dict[str, int] = {}
        found = self._find_header(0)
        while found is not None:
            name = self._name(found)
            seen[name] = seen.get(name, 0) + 1
            found = self._find_header(found.start() + 1)
        twice = sorted(
            name for name, count in seen.items() if count > 1 and name in self.read_names
        )
        if twice:
            shown = ", ".join(repr(name) for name in twice[:5])
            self.reporter.report(
                "ambiguous",
                f"the header of {shown} stands in the output more than once: a packed "
                f"file quotes {self.layout.tool}'s own markup, which {self.layout.tool} "
                "does not escape, so the files may be split in another way than they were",
                0,
                None,
                "warning",
            )

    def _plan(
        self, first: re.Match[str] | None
    ) -> list[tuple[re.Match[str], re.Match[str]]] | None:
        """Where each file ends, chosen so that the whole output reads consistently.

        A tool that escapes nothing leaves a file that quotes its markup
        ambiguous: each close that the next file's header follows may be the
        real one. The files are then read depth first, taking the first
        close at which the rest reads too: every header names a listed file
        not read before (and, where headers are numbered, the next number),
        until the end of the files. ``None`` when no such reading exists
        (a cut output) or the search grows too long.
        """
        if first is None:
            return []
        stack: list[list[Any]] = [[first, self._closes(first), None]]
        used = {self._name(first)}
        steps = 0
        while stack:
            steps += 1
            if steps > _PLAN_STEPS:
                return None
            top = stack[-1]
            header, closes = top[0], top[1]
            end = next(closes, None)
            if end is None:
                stack.pop()
                used.discard(self._name(header))
                continue
            top[2] = end
            following = self._header_next_to(end.end())
            if following is None:
                # The end of the files, unless a file not read yet comes after it:
                # then the end was one that a file quotes.
                later = self._find_header(end.end())
                while later is not None and self._name(later) in used:
                    later = self._find_header(later.start() + 1)
                if later is None:
                    return [(entry[0], entry[2]) for entry in stack]
                continue
            name = self._name(following)
            if name in used or not _in_sequence(header, following):
                continue
            used.add(name)
            stack.append([following, self._closes(following), None])
        return None

    def _closes(self, header: re.Match[str]) -> Iterator[re.Match[str]]:
        """Every close of the file *header* opens after which a file or the end comes,
        the one that fits the size the tool gives first."""
        close = re.compile(self.layout.close(header))
        size = _group(header, "size")
        body_start = header.end()
        candidates = []
        search = body_start
        while True:
            found = close.search(self.text, search)
            if found is None:
                break
            if self._next_file_at(found.end()):
                candidates.append(found)
            search = found.start() + 1
        if size is not None:
            fits = [
                found
                for found in candidates
                if len(
                    self._content_of(self.text[body_start : found.start()]).encode(
                        "utf-8", "surrogatepass"
                    )
                )
                == int(size)
            ]
            candidates = fits + [found for found in candidates if found not in fits]
        return iter(candidates)

    def _read_greedily(self, header: re.Match[str] | None) -> int:
        """Read file after file, each to its first close; report the one that does not close."""
        text, layout = self.text, self.layout
        pos = 0
        while header is not None:
            self.parts.append(text[pos : header.start()])
            end = next(self._closes(header), None)
            if end is None:
                self.reporter.report(
                    "truncated",
                    rules.unclosed_message(self._name(header), None, f"{layout.tool} end marker"),
                    header.start(),
                    self._name(header),
                )
                self.parts.append(text[header.start() :])
                return len(text)
            self._block(header, header.end(), end)
            pos = end.end()
            header = self._find_header(pos)
        return pos

    def _unlisted(self) -> None:
        """Name the files the tool lists but left out (binary files, mostly)."""
        if self.listed is None:
            return
        left_out = sorted(self.listed - self.read_names)
        if left_out:
            shown = ", ".join(repr(name) for name in left_out[:10])
            more = f" and {len(left_out) - 10} more" if len(left_out) > 10 else ""
            self.reporter.report(
                "left-out",
                f"{self.layout.tool} lists {len(left_out)} file{'s' * (len(left_out) != 1)} "
                f"that its output does not hold: {shown}{more}",
                0,
                None,
                "warning",
            )

    def _header_next_to(self, pos: int) -> re.Match[str] | None:
        """The header that the tool's separator at *pos* leads to, if it leads to one."""
        separator = self.next_file.match(self.text, pos)
        if separator is None:
            return None
        header = self.layout.header
        for start in range(pos, separator.end() + 1):
            found = header.match(self.text, start)
            if found is not None:
                return found
        return None

    def _next_file_at(self, pos: int) -> bool:
        if self.next_file.match(self.text, pos) is None:
            return False
        header = self._header_next_to(pos)
        # No header: the end of the files, which the separator also matches.
        return header is None or self._is_header(header)

    def _content_of(self, body: str) -> str:
        return _xml_unescape(body) if self.layout.xml_escaped else body

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
        self.read_names.add(name)
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


# How many files, tried and taken back, the consistent reading may visit.
_PLAN_STEPS: Final = 100_000


def _in_sequence(header: re.Match[str], following: re.Match[str]) -> bool:
    """Where headers are numbered (files-to-prompt --cxml), each is the next number."""
    index, after = _group(header, "index"), _group(following, "index")
    return index is None or after is None or int(after) == int(index) + 1


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
        re.compile(r'\A[^\n]*/\n(?:[^\n]+\n)*\n\{"type": "file", "path": '),
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
        spans: list[tuple[int, int, int, int, str, str, bool]] = []
        found = _json_object_files(text) if layout.shape == "object" else _json_line_files(text)
        try:
            # One by one: a cut output still gives the files before the cut.
            for span in found:
                spans.append(span)
        except (ValueError, KeyError) as problem:
            position = spans[-1][3] if spans else 0
            kind = "truncated" if spans else "malformed"
            reporter.report(kind, f"not {layout.tool}'s JSON from here: {problem}", position, None)
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
    """Each member of the object under the top-level key "files": its span, and where
    its string stands."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        raise ValueError("the output is not a JSON object")
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        # Walk the top object key by key: "files" may occur in any string before it.
        if not text.startswith('"', pos):
            raise ValueError("expected a key of the top object")
        key, pos = _SCAN_STRING(text, pos + 1)
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise ValueError(f"expected ':' after {key!r}")
        pos = _skip(text, pos + 1)
        if key == "files":
            yield from _json_members(text, pos)
            return
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)


def _json_members(text: str, pos: int) -> Iterator[tuple[int, int, int, int, str, str, bool]]:
    if not text.startswith("{", pos):
        raise ValueError('"files" is not an object')
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        start = pos
        if not text.startswith('"', pos):
            raise ValueError("expected a file's path")
        name, pos = _SCAN_STRING(text, pos + 1)
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise ValueError(f"expected ':' after the path {name!r}")
        pos = _skip(text, pos + 1)
        if not text.startswith('"', pos):
            raise ValueError(f"the content of {name!r} is not a string")
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
