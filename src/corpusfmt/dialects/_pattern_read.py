"""Reading a dialect made of patterns: a header pattern, an end pattern, a newline rule.

One reader serves every such dialect, and serves it twice: given a whole text,
it returns the parts that join to it; given a text in pieces, as a push
parser, it returns events as soon as the text decides them. Both are the same
steps over a buffer, so that a stream and a whole text cannot be read
differently. Text outside blocks is kept as it is.

A stream decides a line once it is complete: a marker is a line (a header may
span lines: then the last :data:`MARKER_LINES` lines wait for the lines that
may complete a header), and the rest of the rules wait only where they must:
a body's last line break under ``newline="strip"``, a glued body that opens
with a Markdown fence, a base64 body, and what follows an end line that
names its document (its body may quote it) are held until the block ends.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Final

from corpusfmt._diagnostic import Diagnostic, Severity
from corpusfmt._errors import CorpusFormatError, Malformed
from corpusfmt._events import (
    BetweenText,
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
)
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect, HeaderError, HeaderInfo, header_info
from corpusfmt.dialects._parts import Block, Part, Reading, joined
from corpusfmt.v1 import STR, decode_base64, rules

__all__ = ["MARKER_LINES", "PatternReader", "find", "read_patterns"]

MARKER_LINES: Final = 64
"""The most lines a header or end marker that spans lines may take in a stream."""

# A line that opens a Markdown code fence, and the kind of line that closes it.
_FENCE_OPEN: Final = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[^\n`]*\r?\n\Z")
# The first line of a glued body that may be wrapped in a fence.
_FENCE_FIRST_LINE: Final = re.compile(r"(`{3,}|~{3,})[^\n`]*\r?\n")
# An instruction line that some producers put between blocks.
_DIRECTIVE: Final = re.compile(
    r"(?m)^<<<(?P<verb>DELETE|REMOVE|RENAME|MOVE)[: \t]+(?P<name>[^\n]*?)[ \t]*>>>[ \t]*\r?$"
)
# The name in an instruction written as attributes: <<<DELETE path="old.py">>>.
_DIRECTIVE_ATTRIBUTE: Final = re.compile(
    r"""\A(?:path|name|file|filename)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))\Z"""
)
# A body that is one Markdown fence, glued to the markers around it.
_GLUED_FENCE: Final = re.compile(
    r"(?P<fence>`{3,}|~{3,})[^\n`]*\r?\n(?P<code>.*\n)(?P=fence)[ \t]*", re.DOTALL
)
# What a truncated block lacks, said in the message that reports it.
_END_MARKER: Final = "end marker"
# A negated character class, and the escapes and flags that let a pattern
# match a line break.
_NEGATED_CLASS: Final = re.compile(r"\[\^((?:\\.|[^\]\\])*)\]")
_LINE_BREAKING: Final = re.compile(r"\\[nsWD]|\(\?[a-zA-Z]*s[a-zA-Z]*[:)]|\n")
_TRAILING_BREAK: Final = re.compile(r"(?:\\r\?)?\\n\??\Z")


def spans_lines(pattern: str | None) -> bool:
    """Whether *pattern* may match text on more than one line.

    A line break at its very end belongs to the marker's own line. The test
    reads the pattern's text and errs towards yes, which only makes a stream
    hold more.
    """
    if pattern is None:
        return False
    core = _TRAILING_BREAK.sub("", pattern)

    def excluding(found: re.Match[str]) -> str:
        inner = found.group(1)
        return "x" if "\\n" in inner or "\\s" in inner else "\n"

    return _LINE_BREAKING.search(_NEGATED_CLASS.sub(excluding, core)) is not None


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
    reader = PatternReader(dialect, strict, streaming=False)
    reader.buf = text
    reader.advance(final=True)
    return joined(reader.parts), tuple(reader.diagnostics)


class _OpenBlock:
    """A block whose header was read and whose end is not known yet."""

    __slots__ = (
        "body_start",
        "crlf",
        "digest",
        "emitted",
        "esearch",
        "fence",
        "fsearch",
        "header_line",
        "header_start",
        "header_text",
        "hold_all",
        "hsearch",
        "info",
        "last_closing",
        "length",
        "lineno",
        "name",
        "named",
    )

    def __init__(
        self,
        header: re.Match[str],
        name: str,
        info: HeaderInfo,
        lineno: int,
        header_line: tuple[str, int, int],
    ) -> None:
        self.header_start = header.start()
        self.header_text = header.group()
        self.body_start = self.emitted = self.hsearch = self.esearch = self.fsearch = header.end()
        self.name = name
        self.info = info
        self.lineno = lineno
        # The header's line, the header's column in it, and the line's offset
        # in the stream: what an error at the header needs after the buffer
        # has moved on.
        self.header_line = header_line
        self.crlf = self.header_text.endswith("\r\n")
        self.named: list[tuple[int, int]] = []
        # True: nothing of the body is given out before its end; None: not known yet.
        self.hold_all: bool | None = info.binary
        self.fence: re.Pattern[str] | None = None
        self.last_closing: int | None = None
        # What the header promises of the bytes is checked on what was given out.
        promised = info.sha256 is not None or info.length is not None
        self.digest = hashlib.sha256() if promised else None
        self.length = 0


_WAIT: Final = (-1, -1)


class PatternReader:
    """The reader of a pattern dialect, over a text given whole or in pieces.

    Whole (``streaming=False``): set :attr:`buf` and call :meth:`advance` with
    ``final=True``; the result is in :attr:`parts` and :attr:`diagnostics`.
    In pieces: :meth:`feed` and :meth:`close` return events.
    """

    def __init__(
        self,
        dialect: Dialect,
        strict: bool,
        *,
        streaming: bool,
        start_pos: int = 0,
        start_lineno: int = 1,
        first_lines: Mapping[str, int] | None = None,
    ) -> None:
        self.dialect = dialect
        self.strict = strict
        self.streaming = streaming
        self.buf = ""
        # The stream offset and line of the buffer's first character, which
        # always begins a line: a reader may take over a stream at a line.
        self.base_pos = start_pos
        self.base_lineno = start_lineno
        self._lines: rules.Lines | None = None
        # Line numbers of headers, counted front to back.
        self._counted_to = 0
        self._counted_lineno = start_lineno
        # The last line before the buffer, for the fence test of a header at its start.
        self._line_before = ""
        self.pos = 0
        self.parts: list[Part] = []
        self.events: list[Event] = []
        self.diagnostics: list[Diagnostic] = []
        # Where each name's first block began, by line: a reader that takes
        # over a stream knows the names read before it.
        self._first_lines: dict[str, int] = dict(first_lines or {})
        self._unnamed = 0
        self.open: _OpenBlock | None = None
        self._body_at = 0
        self._window = (
            MARKER_LINES if spans_lines(dialect.header) or spans_lines(dialect.end) else 1
        )
        self._closed = False
        self._failure: CorpusFormatError | None = None
        self.events_before_error: list[Event] = []

    # --- The push parser's face. ---------------------------------------------

    def feed(self, chunk: str) -> list[Event]:
        """Take the next piece of the stream; return the events it completed."""
        if not isinstance(chunk, str):
            raise TypeError(f"expected a str chunk, not {type(chunk).__name__}")
        if self._closed:
            raise ValueError("feed() after close()")
        if self._failure is not None:
            raise self._failure
        self.buf += chunk
        self._lines = None
        return self._run(final=False)

    def close(self) -> list[Event]:
        """End the stream; return the last events."""
        if self._closed:
            return []
        if self._failure is not None:
            raise self._failure
        self._closed = True
        return self._run(final=True)

    def _run(self, *, final: bool) -> list[Event]:
        try:
            self.advance(final=final)
        except CorpusFormatError as failure:
            self._failure = failure
            self.events_before_error, self.events = self.events, []
            raise
        events, self.events = self.events, []
        self._trim()
        return events

    def _trim(self) -> None:
        """Drop what was given out, from a line start, keeping every offset right."""
        block = self.open
        keep = self.pos if block is None else block.emitted
        buf = self.buf
        cut = buf.rfind("\n", 0, keep) + 1
        if cut == 0:
            return
        if self.dialect.end_re is None:
            self._line_before = buf[buf.rfind("\n", 0, cut - 1) + 1 : cut]
        # The new first line's number, counting each line break once.
        if self._counted_to <= cut:
            self._counted_lineno += buf.count("\n", self._counted_to, cut)
            self.base_lineno = self._counted_lineno
            self._counted_to = 0
        else:
            self.base_lineno = self._counted_lineno - buf.count("\n", cut, self._counted_to)
            self._counted_to -= cut
        self.base_pos += cut
        self.buf = buf[cut:]
        self._lines = None
        self.pos -= cut
        if block is not None:
            block.header_start -= cut
            block.body_start -= cut
            block.emitted -= cut
            block.hsearch -= cut
            block.esearch -= cut
            block.fsearch -= cut
            if block.named:
                block.named = [(start - cut, end - cut) for start, end in block.named]
            if block.last_closing is not None:
                block.last_closing -= cut

    # --- Reporting. ----------------------------------------------------------

    def _error(self, msg: str, pos: int, document: str | None) -> CorpusFormatError:
        if self._lines is None:
            self._lines = rules.Lines(self.buf, self.base_lineno, self.base_pos)
        return self._lines.error(msg, pos, document)

    def _header_error(self, block: _OpenBlock, msg: str) -> CorpusFormatError:
        line, column, line_pos = block.header_line
        return CorpusFormatError.at(
            msg,
            line,
            column,
            document=block.name,
            first_lineno=block.lineno,
            first_pos=line_pos,
        )

    def _report(self, kind: str, error: CorpusFormatError, severity: Severity = "error") -> None:
        if severity == "error" and self.strict:
            raise error
        diagnostic = Diagnostic.from_error(error, kind, severity)
        self.diagnostics.append(diagnostic)
        if self.streaming:
            self.events.append(Noticed(diagnostic))

    def _at_line_start(self, pos: int) -> bool:
        if pos > 0:
            return self.buf[pos - 1] == "\n" or (
                pos == 1 and self.base_pos == 0 and self.buf[0] == rules.BOM
            )
        return True

    def _find(
        self, pattern: re.Pattern[str], pos: int, endpos: int, line_start: bool = True
    ) -> re.Match[str] | None:
        buf = self.buf
        while True:
            found = pattern.search(buf, pos, endpos)
            if found is None or not line_start or self._at_line_start(found.start()):
                return found
            pos = found.start() + 1

    # --- The steps. ----------------------------------------------------------

    def advance(self, *, final: bool) -> None:
        """Read what the buffer decides: all of it when *final*."""
        buf = self.buf
        # Complete lines are decided; of those, the last lines wait when a
        # marker may span lines.
        decided = len(buf) if final else buf.rfind("\n") + 1
        settled = decided
        if not final and self._window > 1:
            for _ in range(self._window - 1):
                if settled <= 0:
                    break
                settled = buf.rfind("\n", 0, settled - 1) + 1
        while True:
            if self.open is None:
                if not self._outside(decided, settled, final):
                    return
            elif not self._in_block(self.open, decided, settled, final):
                return

    def _outside(self, decided: int, settled: int, final: bool) -> bool:
        header = self._find(self.dialect.header_re, self.pos, decided)
        if header is not None and not final and header.start() >= settled:
            header = None
        if header is None:
            self._between(self.pos, len(self.buf) if final else settled)
            return False
        self._between(self.pos, header.start())
        self._open_block(header)
        return True

    def _open_block(self, header: re.Match[str]) -> None:
        buf = self.buf
        start = header.start()
        self._counted_lineno += buf.count("\n", self._counted_to, start)
        self._counted_to = start
        line_start = buf.rfind("\n", 0, start) + 1
        line_end = buf.find("\n", start)
        header_line = (
            buf[line_start : len(buf) if line_end < 0 else line_end],
            start - line_start,
            self.base_pos + line_start,
        )
        try:
            info = header_info(header)
        except HeaderError as problem:
            self._report("malformed", self._error(str(problem), start, None))
            self._between(start, header.end(), directives=False)
            return
        name = info.name
        for note in info.notes:
            self._report("header", self._error(note, start, name), "info")
        if name is None:
            self._unnamed += 1
            name = f"untitled-{self._unnamed}"
            self._report(
                "unnamed",
                self._error(f"the header names no document; it is called {name!r}", start, name),
                "info",
            )
        block = _OpenBlock(header, name, info, self._counted_lineno, header_line)
        if self.dialect.newline == "glued" and not info.binary:
            block.hold_all = None
        if self.dialect.end_re is None:
            block.fence = self._outer_fence(start)
        if self.streaming:
            self.events.append(DocumentStarted(name, info.meta))
        self.open = block
        self.pos = start

    def _outer_fence(self, header_start: int) -> re.Pattern[str] | None:
        """The closing line of the Markdown fence that opens on the line right before
        the header, if one does."""
        if self.base_pos + header_start == 0:
            return None
        buf = self.buf
        line_before = buf.rfind("\n", 0, max(header_start - 1, 0)) + 1
        before = buf[line_before:header_start]
        if header_start == 0:
            before = self._line_before
        opener = _FENCE_OPEN.match(before)
        if opener is None:
            return None
        fence = opener.group(1)
        return re.compile(rf"(?m)^[ \t]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?$")

    def _in_block(self, block: _OpenBlock, decided: int, settled: int, final: bool) -> bool:
        dialect = self.dialect
        following = self._find(dialect.header_re, block.hsearch, decided)
        if following is not None and not final and following.start() >= settled:
            following = None
        if following is None and not final:
            block.hsearch = max(block.hsearch, settled)
        decisive = final or following is not None
        limit = None if following is None else following.start()
        stop = following.end() if following is not None else decided
        # The rest of the body goes before what the end of the block brings to notice.
        self._body_at = len(self.events)
        end = self._find_end(block, stop, limit, settled, decisive)
        if end is _WAIT:
            self._give_what_is_decided(block, settled)
            return False
        if end is not None:
            self._finish(block, end[0], end[1], truncated=False, before_header=False)
            self.pos = end[1]
            return True
        stop = len(self.buf) if limit is None else limit
        body_stop = stop if block.fence is None else self._fence_end(block, stop)
        self._finish(
            block,
            body_stop,
            stop,
            truncated=dialect.end_re is not None,
            before_header=following is not None,
        )
        self.pos = stop
        return True

    def _find_end(
        self, block: _OpenBlock, stop: int, limit: int | None, settled: int, decisive: bool
    ) -> tuple[int, int] | None:
        """Where the end marker of *block* stands, ``None`` if it has none, or
        :data:`_WAIT` while the stream has not decided.

        Rule: the first end marker ends a block, unless end markers carry
        the name: then the body may quote its own end line, and, as the
        producers do, the last end line with the name before the next header
        ends it.
        """
        end_re = self.dialect.end_re
        if end_re is None:
            return None if decisive else _WAIT
        line_start = self.dialect.newline != "glued"
        named = block.named
        while True:
            end = self._find(end_re, block.esearch, stop, line_start)
            if end is not None and not decisive and end.start() >= settled:
                end = None
            if end is None:
                if not decisive:
                    block.esearch = max(block.esearch, settled)
                    return _WAIT
                break
            if named and limit is not None and end.start() >= limit:
                break
            ended = end.groupdict().get("name")
            if ended is None:
                if not named:
                    return (
                        (end.start(), end.end()) if limit is None or end.start() <= limit else None
                    )
                break
            if ended.strip() == block.name:
                named.append((end.start(), end.end()))
            block.esearch = end.end()
        if len(named) > 1:
            self._report(
                "quoted-end",
                self._error(
                    f"the text of {block.name!r} holds its own end line; the last one before "
                    "the next header ends it, as its writer meant",
                    named[0][0],
                    block.name,
                ),
                "info",
            )
        if not named or (limit is not None and named[-1][0] > limit):
            return None
        return named[-1]

    def _fence_end(self, block: _OpenBlock, limit: int) -> int:
        """Where a body without an end marker ends when a Markdown fence wraps its block:
        at the last closing fence line before *limit*, so that the fences the body
        holds itself are kept."""
        assert block.fence is not None
        last = block.last_closing
        for last_found in block.fence.finditer(self.buf, block.fsearch, limit):
            last = last_found.start()
        return limit if last is None else last

    def _give_what_is_decided(self, block: _OpenBlock, settled: int) -> None:
        """Give out the body text that no later text can take back."""
        buf = self.buf
        if block.hold_all is None:
            block.hold_all = self._glued_fence_opens(block)
        if block.hold_all is not False:
            return
        hold = settled
        if block.named:
            hold = min(hold, block.named[0][0])
        if block.fence is not None:
            for closing in block.fence.finditer(buf, block.fsearch, settled):
                block.last_closing = closing.start()
            block.fsearch = max(block.fsearch, settled)
            if block.last_closing is not None:
                hold = min(hold, block.last_closing)
        if self.dialect.newline == "strip" and hold > block.emitted and buf[hold - 1] == "\n":
            # The body's last line break may be the writer's.
            hold -= 1
            if block.crlf and hold > block.emitted and buf[hold - 1] == "\r":
                hold -= 1
        if hold > block.emitted:
            self._give(block, buf[block.emitted : hold])
            block.emitted = hold

    def _glued_fence_opens(self, block: _OpenBlock) -> bool | None:
        """Whether a glued body opens with a fence line, or ``None`` while not known."""
        buf = self.buf
        start = block.body_start
        if start >= len(buf):
            return None
        if buf[start] not in "`~":
            return False
        line_end = buf.find("\n", start)
        if line_end < 0:
            return None
        return _FENCE_FIRST_LINE.fullmatch(buf, start, line_end + 1) is not None

    def _give(self, block: _OpenBlock, text: str, at: int | None = None) -> None:
        self.events.insert(len(self.events) if at is None else at, BodyText(text))
        if block.digest is not None:
            data = text.encode()
            block.digest.update(data)
            block.length += len(data)

    def _finish(
        self, block: _OpenBlock, body_stop: int, stop: int, *, truncated: bool, before_header: bool
    ) -> None:
        """The block ends: its body runs to *body_stop*, its end marker to *stop*."""
        buf = self.buf
        dialect = self.dialect
        name = block.name
        info = block.info
        self.open = None
        rest = buf[block.emitted : body_stop]
        content = rest
        whole_body = block.emitted == block.body_start
        if not truncated and dialect.newline == "strip":
            content = rest[: len(rest) - rules.final_line_break(rest, 0, len(rest), block.crlf)]
        if dialect.newline == "glued" and not truncated and whole_body:
            unfenced = _GLUED_FENCE.fullmatch(content)
            if unfenced is not None:
                content = unfenced.group("code")
                self._report(
                    "fence",
                    self._error(
                        f"the Markdown fence glued to the markers of {name!r} is not part of it",
                        block.body_start,
                        name,
                    ),
                    "info",
                )
        data: bytes | None = None
        if info.binary:
            try:
                data = decode_base64(STR, content, 0, len(content), name)
            except Malformed as problem:
                self._report(
                    "malformed", self._error(problem.msg, block.body_start + problem.offset, name)
                )
                if self.streaming:
                    self.events.append(DocumentIncomplete(name))
                else:
                    self.parts.append(block.header_text + buf[block.body_start : stop])
                if truncated:
                    self._report_truncated(block, before_header)
                return
        if self.streaming:
            if data is not None:
                self.events.insert(self._body_at, BodyData(data))
                if block.digest is not None:
                    block.digest.update(data)
                    block.length += len(data)
            elif content:
                self._give(block, content, self._body_at)
        elif block.digest is not None:
            piece = data if data is not None else content.encode()
            block.digest.update(piece)
            block.length += len(piece)
        if not truncated:
            self._check_promises(block)
            first = self._first_lines.setdefault(name, block.lineno)
            if first != block.lineno:
                self._report(
                    "duplicate", self._header_error(block, rules.duplicate_message(name, first))
                )
        if not self.streaming:
            document = (
                Document._unchecked(name, "", info.meta, data)
                if data is not None
                else Document._unchecked(name, content, info.meta)
            )
            self.parts.append(
                Block(
                    document,
                    block.header_text,
                    buf[block.body_start : body_stop],
                    buf[body_stop:stop],
                    truncated,
                )
            )
        if truncated:
            self._report_truncated(block, before_header)
            if self.streaming:
                self.events.append(DocumentIncomplete(name))
        elif self.streaming:
            self.events.append(DocumentEnded(name))

    def _check_promises(self, block: _OpenBlock) -> None:
        """Report a file whose bytes are not what its header says they are."""
        info = block.info
        if block.digest is None:
            return
        if info.length is not None and info.length != block.length:
            self._report(
                "damaged",
                self._header_error(
                    block,
                    f"the header of {block.name!r} says {info.length} bytes, but the file "
                    f"holds {block.length}",
                ),
                "warning",
            )
        if info.sha256 is not None and block.digest.hexdigest() != info.sha256:
            self._report(
                "damaged",
                self._header_error(
                    block,
                    f"the header of {block.name!r} gives a sha256 that its bytes do not have",
                ),
                "warning",
            )

    def _report_truncated(self, block: _OpenBlock, before_header: bool) -> None:
        cut_by = "the next header begins" if before_header else "the text ends"
        msg = rules.unclosed_message(block.name, None, _END_MARKER, cut_by)
        self._report("truncated", self._header_error(block, msg))

    def _between(self, start: int, stop: int, *, directives: bool = True) -> None:
        if stop <= start:
            return
        buf = self.buf
        if directives:
            for directive in _DIRECTIVE.finditer(buf, start, stop):
                # The note follows the line it is about, so that it comes at
                # the same place in the events however the stream was cut.
                line_end = buf.find("\n", directive.end(), stop)
                through = stop if line_end < 0 else line_end + 1
                self._give_between(start, through)
                start = through
                name = _directive_name(directive.group("name"))
                self._report(
                    "directive",
                    self._error(
                        f"a {directive.group('verb')} instruction for {name!r}",
                        directive.start(),
                        name,
                    ),
                    "info",
                )
        self._give_between(start, stop)
        self.pos = stop

    def _give_between(self, start: int, stop: int) -> None:
        if stop <= start:
            return
        piece = self.buf[start:stop]
        if self.streaming:
            self.events.append(BetweenText(piece))
        else:
            self.parts.append(piece)


def _directive_name(written: str) -> str:
    """The name an instruction line gives, as written or as a ``path="…"`` attribute."""
    attribute = _DIRECTIVE_ATTRIBUTE.match(written)
    if attribute is None:
        return written
    return next(value for value in attribute.group("dq", "sq", "bare") if value is not None)
