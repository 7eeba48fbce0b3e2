"""Reading a dialect made of patterns: a header pattern, an end pattern, a newline rule.

One scanner serves every such dialect. Text outside blocks is kept as it is,
so that the parts it returns join to the text that was read.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

from corpusfmt._errors import Malformed
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect, HeaderError, HeaderInfo, header_info
from corpusfmt.dialects._parts import Block, Diagnostic, Part, Reading, Severity, joined
from corpusfmt.v1 import STR, decode_base64, rules

__all__ = ["find", "read_patterns"]

# A line that opens a Markdown code fence, and the kind of line that closes it.
_FENCE_OPEN: Final = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[^\n`]*\r?\n\Z")
# An instruction line that some producers put between blocks.
_DIRECTIVE: Final = re.compile(
    r"(?m)^<<<(?P<verb>DELETE|REMOVE|RENAME|MOVE)[: \t]+(?P<name>[^\n]*?)[ \t]*>>>[ \t]*\r?$"
)
# A body that is one Markdown fence, glued to the markers around it.
_GLUED_FENCE: Final = re.compile(
    r"(?P<fence>`{3,}|~{3,})[^\n`]*\r?\n(?P<code>.*\n)(?P=fence)[ \t]*", re.DOTALL
)
# What a truncated block lacks, said in the message that reports it.
_END_MARKER: Final = "end marker"


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
        if rules.at_line_start(text, start):
            return found
        pos = start + 1


def read_patterns(text: str, dialect: Dialect, strict: bool) -> Reading:
    """Read *text* in *dialect*.

    Rule: a block is a header match at a line start, a body, and an end match
    (at a line start, or anywhere for a glued body) that carries the block's
    name if the end pattern names one; without an end pattern, or when the
    next header comes first, the next header ends the body. Text outside
    blocks is kept as it is.
    """
    reader = _DialectReader(text, dialect, strict)
    reader.run()
    return joined(reader.parts), tuple(reader.diagnostics)


class _DialectReader:
    def __init__(self, text: str, dialect: Dialect, strict: bool) -> None:
        self.text = text
        self.dialect = dialect
        self.strict = strict
        self.parts: list[Part] = []
        self.diagnostics: list[Diagnostic] = []
        self.lines = rules.Lines(text)
        # Where each name's first block begins; its line is counted only to
        # report a duplicate, since counting for every block is quadratic.
        self.first_seen = rules.FirstSeen()
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
            for note in info.notes:
                self.report("header", note, header.start(), name, "info")
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
            end = self._find_end(body_start, stop, limit, name)
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
            self._block(header, name, info, body, text[body_stop:pos], truncated)
            if truncated:
                self._report_truncated(header.start(), name, following is not None)
            header = following
        self.between(pos, len(text))

    def _find_end(self, body_start: int, stop: int, limit: int, name: str) -> re.Match[str] | None:
        """The end marker of the block *name*, whose body begins at *body_start*.

        Rule: the first end marker ends a block, unless end markers carry
        the name: then the body may quote its own end line, and, as the
        producers do, the last end line with the name before the next header
        ends it.
        """
        end_re = self.dialect.end_re
        if end_re is None:
            return None
        search = body_start
        named: list[re.Match[str]] = []
        while True:
            end = find(end_re, self.text, search, stop, self.dialect.newline != "glued")
            if end is None or (named and end.start() >= limit):
                break
            ended = end.groupdict().get("name")
            if ended is None:
                if not named:
                    return end
                break
            if ended.strip() == name:
                named.append(end)
            search = end.end()
        if len(named) > 1:
            self.report(
                "quoted-end",
                f"the text of {name!r} holds its own end line; the last one before the next "
                "header ends it, as its writer meant",
                named[0].start(),
                name,
                "info",
            )
        return named[-1] if named else None

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
        info: HeaderInfo,
        body: str,
        end: str,
        truncated: bool,
    ) -> None:
        header_text = header.group()
        meta = info.meta
        content = body if truncated else _text_of(self.dialect, header_text, body)
        if self.dialect.newline == "glued" and not truncated:
            unfenced = _GLUED_FENCE.fullmatch(content)
            if unfenced is not None:
                content = unfenced.group("code")
                self.report(
                    "fence",
                    f"the Markdown fence glued to the markers of {name!r} is not part of it",
                    header.end(),
                    name,
                    "info",
                )
        if info.binary:
            try:
                data = decode_base64(STR, content, 0, len(content), name)
            except Malformed as problem:
                self.report("malformed", problem.msg, header.end() + problem.offset, name)
                self.parts.append(header_text + body + end)
                return
            document = Document._unchecked(name, "", meta, data)
        else:
            document = Document._unchecked(name, content, meta)
        if not truncated:
            self._check_promises(info, document, header.start())
            first = self.first_seen.first(name, header.start())
            if first != header.start():
                self.report(
                    "duplicate",
                    rules.duplicate_message(name, self.lines.lineno(first)),
                    header.start(),
                    name,
                )
        self.parts.append(Block(document, header_text, body, end, truncated))

    def _check_promises(self, info: HeaderInfo, document: Document, pos: int) -> None:
        """Report a file whose bytes are not what its header says they are."""
        data = document.data
        if info.length is not None and info.length != len(data):
            self.report(
                "damaged",
                f"the header of {document.name!r} says {info.length} bytes, but the file "
                f"holds {len(data)}",
                pos,
                document.name,
                "warning",
            )
        if info.sha256 is not None and hashlib.sha256(data).hexdigest() != info.sha256:
            self.report(
                "damaged",
                f"the header of {document.name!r} gives a sha256 that its bytes do not have",
                pos,
                document.name,
                "warning",
            )

    def _report_truncated(self, header_start: int, name: str, before_header: bool) -> None:
        cut_by = "the next header begins" if before_header else "the text ends"
        msg = rules.unclosed_message(name, None, _END_MARKER, cut_by)
        self.report("truncated", msg, header_start, name)

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
    if dialect.newline != "strip":
        return body
    return body[: len(body) - rules.final_line_break(body, 0, len(body), header.endswith("\r\n"))]
