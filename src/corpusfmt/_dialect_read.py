"""Reading a bundle in any dialect into a :class:`~corpusfmt.Bundle` that keeps every character.

Format v1 is read by the core in :mod:`corpusfmt._parse`; a lenient read
restarts it after each problem. Every other dialect is read by one scanner
driven by the dialect's patterns.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

import attrs

from corpusfmt import _frame, _syntax
from corpusfmt._bundle import Block, Bundle, Diagnostic, Part, Severity
from corpusfmt._dialect import V1, Dialect, HeaderError, header_info, resolve
from corpusfmt._errors import CorpusFormatError, Malformed
from corpusfmt._frame import STR
from corpusfmt._header import read_header_fields
from corpusfmt._model import Document
from corpusfmt._parse import DocumentCutter

__all__ = ["find", "parse", "read_dialect", "read_v1"]

# A line that opens a Markdown code fence, and the kind of line that closes it.
_FENCE_OPEN: Final = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[^\n`]*\r?\n\Z")
# An instruction line that some producers put between blocks.
_DIRECTIVE: Final = re.compile(
    r"(?m)^<<<(?P<verb>DELETE|REMOVE|RENAME|MOVE)[: \t]+(?P<name>[^\n]*?)[ \t]*>>>[ \t]*\r?$"
)
_V1_HEADER_LINE: Final = re.compile(r"(?m)^<<<FILE")
_MARKER_LINE: Final = re.compile(r"(?m)^<<<")
_ESCAPED_LINE: Final = re.compile(r"(?m)^\\(?=\\*<<<)")
_LINE_BREAK: Final = re.compile("\n")


def parse(text: str, dialect: str | Dialect = "v1", *, strict: bool = True) -> Bundle:
    """Read *text* into a :class:`Bundle` that keeps every character of it.

    *dialect* is a preset name (see :data:`DIALECTS`), a :class:`Dialect`, or
    ``"auto"`` to let :func:`sniff` choose. A strict read raises
    :class:`CorpusFormatError` at the first problem a diagnostic of severity
    ``"error"`` would report; a lenient read (``strict=False``) returns every
    intact document and reports each problem in :attr:`Bundle.diagnostics`.
    Either way, ``bundle.dumps() == text``.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected the bundle as str, not {type(text).__name__}")
    notes: tuple[Diagnostic, ...] = ()
    if isinstance(dialect, str) and dialect == "auto":
        from corpusfmt._sniff import sniff

        sniffed = sniff(text)
        chosen, notes = sniffed.dialect, sniffed.diagnostics
    else:
        chosen = resolve(dialect)
    bundle = read_v1(text, strict) if chosen == V1 else read_dialect(text, chosen, strict)
    if notes:
        bundle = Bundle(bundle.parts, bundle.dialect, notes + bundle.diagnostics)
    return bundle


# --- Format v1. ---------------------------------------------------------------


def read_v1(text: str, strict: bool) -> Bundle:
    """Read format v1, keeping blank lines, the byte order mark and marker lines as written.

    A lenient read starts the core again after each problem, at the next
    header line that lies after it; what lies in between is kept as text.
    """
    parts: list[Part] = []
    diagnostics: list[Diagnostic] = []
    lines = _Lines(text)
    start = 0
    while True:
        cutter = DocumentCutter(STR, first_lineno=lines.lineno(start), unique_names=strict)
        done = start
        try:
            for frame in cutter.frames(text, final=True, start=start):
                header, body_end, after, _ = frame
                document = cutter.document(text, frame)
                parts.append(text[done : header.start])
                parts.append(
                    Block(
                        document,
                        text[header.start : header.body_start],
                        text[header.body_start : body_end],
                        text[body_end:after],
                    )
                )
                done = after
        except CorpusFormatError as error:
            if strict:
                raise
            start = _recover(text, done, error, parts, diagnostics)
            continue
        parts.append(text[done:])
        break
    if not strict:
        diagnostics += _duplicates(lines, parts)
    return Bundle(_joined(parts), V1, tuple(diagnostics))


def _recover(
    text: str,
    good_end: int,
    error: CorpusFormatError,
    parts: list[Part],
    diagnostics: list[Diagnostic],
) -> int:
    """Account for the text from *good_end* on after *error*; return where to go on.

    A document whose end line is missing becomes a truncated block that runs
    to the next header (or the end of the text); anything else that is
    damaged is kept as text, up to the next header line after the problem.
    """
    found = Diagnostic.from_error(error)
    opened = _first_header_line(text, good_end)
    line_start = text.rfind("\n", 0, error.pos) + 1
    restart = _next_header_line(text, max(line_start, opened + 1))
    stop = len(text) if restart < 0 else restart
    truncated = _truncated_block(text, opened, stop, error) if opened >= 0 else None
    if truncated is not None:
        parts.append(text[good_end:opened])
        parts.append(truncated)
        diagnostics.append(attrs.evolve(found, kind="truncated"))
    else:
        parts.append(text[good_end:stop])
        diagnostics.append(found)
    return stop


def _first_header_line(text: str, pos: int) -> int:
    """The header line that begins after only blank lines from *pos*, or -1."""
    blank = STR.blank_lines_to_end.match(text, pos)
    assert blank is not None
    at = blank.end()
    if pos == 0 and text.startswith(STR.bom):
        blank = STR.blank_lines_to_end.match(text, len(STR.bom))
        assert blank is not None
        at = blank.end()
    return at if text.startswith(_syntax.HEADER_START, at) else -1


def _next_header_line(text: str, pos: int) -> int:
    found = _V1_HEADER_LINE.search(text, pos)
    return -1 if found is None else found.start()


def _truncated_block(text: str, opened: int, stop: int, error: CorpusFormatError) -> Block | None:
    """The block of a document opened at *opened* that runs unclosed to *stop*, if it is one.

    It is one when its header is valid and its body holds no line that
    begins with ``<<<``: the only thing wrong with it is the missing end line.
    """
    if error.document is None:
        return None
    line_end = text.find("\n", opened, stop)
    body_start = stop if line_end < 0 else line_end + 1
    header_line = text[opened:body_start].rstrip("\r\n")
    try:
        name, meta, _, binary = read_header_fields(header_line, 0, len(header_line))
    except Malformed:
        return None
    body = text[body_start:stop]
    if binary or _MARKER_LINE.search(body) is not None or name != error.document:
        return None
    document = Document._unchecked(name, _ESCAPED_LINE.sub("", body), meta)
    return Block(document, text[opened:body_start], body, "", truncated=True)


def _duplicates(lines: _Lines, parts: list[Part]) -> list[Diagnostic]:
    first: dict[str, int] = {}
    found: list[Diagnostic] = []
    pos = 0
    for part in parts:
        if isinstance(part, Block):
            name = part.document.name
            if name in first:
                msg = (
                    f"duplicate document name {name!r}; "
                    f"the first document of that name starts on line {lines.lineno(first[name])}"
                )
                found.append(Diagnostic.from_error(lines.error(msg, pos, name), "duplicate"))
            else:
                first[name] = pos
            pos += len(part.text)
        else:
            pos += len(part)
    return found


class _Lines:
    """Line numbers of a text, found by bisection once the line starts are known.

    Counting line breaks up to each position would make a read with many
    diagnostics quadratic in the length of the text.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def lineno(self, pos: int) -> int:
        return self._line(pos)[0]

    def _line(self, pos: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(found.end() for found in _LINE_BREAK.finditer(self._text))]
        index = bisect.bisect_right(self._starts, pos) - 1
        return index + 1, self._starts[index]

    def error(self, msg: str, pos: int, document: str | None) -> CorpusFormatError:
        """The error at *pos*, with its line and column."""
        lineno, start = self._line(pos)
        end = self._text.find("\n", pos)
        return CorpusFormatError.at(
            msg,
            self._text[start : len(self._text) if end < 0 else end],
            pos - start,
            document=document,
            first_lineno=lineno,
            first_pos=start,
        )


def _joined(parts: list[Part]) -> tuple[Part, ...]:
    """*parts* with neighbouring texts joined and empty texts left out."""
    joined: list[Part] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run and "".join(run):
            joined.append("".join(run))
        run = []
        joined.append(part)
    if run and "".join(run):
        joined.append("".join(run))
    return tuple(joined)


# --- Every other dialect. -------------------------------------------------------


def find(
    pattern: re.Pattern[str], text: str, pos: int, endpos: int, line_start: bool = True
) -> re.Match[str] | None:
    """The first match of a marker *pattern* in ``text[pos:endpos]`` that begins a line.

    With *line_start* false, the first match wherever it stands.
    """
    while True:
        found = pattern.search(text, pos, endpos)
        if found is None or not line_start:
            return found
        start = found.start()
        if start == 0 or text[start - 1] == "\n":
            return found
        pos = start + 1


def read_dialect(text: str, dialect: Dialect, strict: bool) -> Bundle:
    """Read *text* in *dialect*.

    Rule: a block is a header match at a line start, a body, and an end match
    (at a line start, or anywhere for a glued body) that carries the block's
    name if the end pattern names one; without an end pattern, or when the
    next header comes first, the next header ends the body. Text outside
    blocks is kept as it is.
    """
    reader = _DialectReader(text, dialect, strict)
    reader.run()
    return Bundle(_joined(reader.parts), dialect, tuple(reader.diagnostics))


class _DialectReader:
    def __init__(self, text: str, dialect: Dialect, strict: bool) -> None:
        self.text = text
        self.dialect = dialect
        self.strict = strict
        self.parts: list[Part] = []
        self.diagnostics: list[Diagnostic] = []
        self.lines = _Lines(text)
        # Where each name's first block begins; its line is counted only to
        # report a duplicate, since counting for every block is quadratic.
        self.first_seen: dict[str, int] = {}
        self.unnamed = 0

    def report(
        self, kind: str, msg: str, pos: int, document: str | None, severity: Severity = "error"
    ) -> None:
        error = self.lines.error(msg, pos, document)
        if severity == "error" and self.strict:
            raise error
        self.diagnostics.append(Diagnostic.from_error(error, kind, severity))

    def run(self) -> None:
        text, dialect = self.text, self.dialect
        pos = 0
        header = find(dialect.header_re, text, 0, len(text))
        while header is not None:
            self.between(pos, header.start())
            try:
                info = header_info(header)
            except HeaderError as problem:
                self.report("malformed", str(problem), header.start(), None)
                pos = header.end()
                self.parts.append(text[header.start() : pos])
                header = find(dialect.header_re, text, pos, len(text))
                continue
            name = info.name
            if name is None:
                self.unnamed += 1
                name = f"untitled-{self.unnamed}"
                self.report(
                    "unnamed",
                    f"the header names no document; it is called {name!r}",
                    header.start(),
                    name,
                    "info",
                )
            body_start = header.end()
            following = find(dialect.header_re, text, body_start, len(text))
            limit = len(text) if following is None else following.start()
            # An end marker beyond the next header is another block's; one that
            # the next header's pattern matches too (FILE END) is this block's.
            stop = len(text) if following is None else following.end()
            end = self._find_end(body_start, stop, name)
            if end is not None and end.start() > limit:
                end = None
            if end is not None:
                # An end marker that the header pattern matches too ends the block.
                if following is not None and following.start() < end.end():
                    following = find(dialect.header_re, text, end.end(), len(text))
                body_stop, pos = end.start(), end.end()
                truncated = False
            else:
                body_stop = pos = limit
                truncated = dialect.end_re is not None
                if dialect.end_re is None:
                    body_stop = self._outer_fence_end(header.start(), body_start, limit)
            body = text[body_start:body_stop]
            self._block(header, name, info.meta, info.binary, body, text[body_stop:pos], truncated)
            if truncated:
                self._report_truncated(header.start(), name, following is not None)
            header = following
        self.between(pos, len(text))

    def _find_end(self, body_start: int, stop: int, name: str) -> re.Match[str] | None:
        end_re = self.dialect.end_re
        if end_re is None:
            return None
        search = body_start
        while True:
            end = find(end_re, self.text, search, stop, self.dialect.newline != "glued")
            if end is None:
                return None
            ended = end.groupdict().get("name")
            if ended is None or ended.strip() == name:
                return end
            search = end.end()

    def _outer_fence_end(self, header_start: int, body_start: int, limit: int) -> int:
        """Where a body without an end marker ends when a Markdown fence wraps its block.

        Only the fence that opens on the line right before the header is
        outer; its closing line is the last fence line before *limit*, so the
        fences that a body holds itself are kept.
        """
        text = self.text
        line_before = text.rfind("\n", 0, max(header_start - 1, 0)) + 1
        opener = _FENCE_OPEN.match(text[line_before:header_start])
        if header_start == 0 or opener is None:
            return limit
        fence = opener.group(1)
        closing = re.compile(rf"(?m)^[ \t]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?$")
        last = None
        for last in closing.finditer(text, body_start, limit):  # noqa: B007
            pass
        return limit if last is None else last.start()

    def _block(
        self,
        header: re.Match[str],
        name: str,
        meta: tuple[tuple[str, str], ...],
        binary: bool,
        body: str,
        end: str,
        truncated: bool,
    ) -> None:
        header_text = header.group()
        content = body if truncated else _text_of(self.dialect, header_text, body)
        if binary:
            try:
                data = _frame.decode_base64(STR, content, 0, len(content), name)
            except Malformed as problem:
                self.report("malformed", problem.msg, header.end() + problem.offset, name)
                self.parts.append(header_text + body + end)
                return
            document = Document._unchecked(name, "", meta, data)
        else:
            document = Document._unchecked(name, content, meta)
        if not truncated:
            first = self.first_seen.setdefault(name, header.start())
            if first != header.start():
                line = self.lines.lineno(first)
                self.report(
                    "duplicate",
                    f"duplicate document name {name!r}; "
                    f"the first document of that name starts on line {line}",
                    header.start(),
                    name,
                )
        self.parts.append(Block(document, header_text, body, end, truncated))

    def _report_truncated(self, header_start: int, name: str, before_header: bool) -> None:
        where = "the next header begins" if before_header else "the text ends"
        self.report(
            "truncated",
            f"document {name!r} is not closed: {where} before its end marker",
            header_start,
            name,
        )

    def between(self, start: int, stop: int) -> None:
        if stop <= start:
            return
        piece = self.text[start:stop]
        for directive in _DIRECTIVE.finditer(self.text, start, stop):
            self.report(
                "directive",
                f"a {directive.group('verb')} instruction for {directive.group('name')!r}",
                directive.start(),
                directive.group("name"),
                "info",
            )
        self.parts.append(piece)


def _text_of(dialect: Dialect, header: str, body: str) -> str:
    """The text a body stands for under the dialect's newline rule."""
    if dialect.newline != "strip" or not body.endswith("\n"):
        return body
    if header.endswith("\r\n") and body.endswith("\r\n"):
        return body[:-2]
    return body[:-1]
