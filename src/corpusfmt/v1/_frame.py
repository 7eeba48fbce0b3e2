"""Finding the documents of a bundle: where headers, bodies and end lines are.

This is the one parsing core. It works on a buffer that is either ``str`` or
``bytes`` (UTF-8): ``<<<``, line breaks and backslashes are ASCII, so they are
found in bytes exactly as in text, and a reader of bytes decodes each body
once instead of decoding the whole file and copying the bodies out again.
The buffer may be the whole bundle (``final``) or only its beginning, as a
stream delivers it; then a function that cannot decide yet returns ``None`` or
:data:`MORE` and is called again with a longer buffer.

The core never looks at body lines one by one. It finds each ``<<<`` with
``find``, decides from the characters before it whether it begins a line (a
marker line), begins an escaped line, or stands inside a line, and jumps on.

Every function that implements a grammar rule quotes the rule from
``docs/spec.rst`` in its docstring. Problems are raised as
:class:`~corpusfmt._errors.Malformed` with an offset into the buffer.
"""

from __future__ import annotations

import binascii
import operator
import re
from collections.abc import Callable
from typing import AnyStr, Final, Generic, NamedTuple

import attrs

from corpusfmt._errors import BYTE_OFFSET, OPENED_LINE, Malformed
from corpusfmt.v1 import _rules, _syntax
from corpusfmt.v1._header import read_header_fields

__all__ = [
    "BYTES",
    "END",
    "ESCAPED",
    "MORE",
    "OUTSIDE_MESSAGES",
    "STR",
    "UNCLOSED",
    "Header",
    "PlainRun",
    "Tokens",
    "bad_utf8",
    "body_end_without_final_newline",
    "check_base64_chars",
    "decode",
    "decode_base64",
    "find_marker",
    "outside_error",
    "plain_names",
    "read_header",
    "scan_body",
    "scan_plain_run",
    "skip_blank_lines",
]

ESCAPE_HINT: Final = "; a body line that begins with '<<<' must be escaped as '\\<<<'"


@attrs.frozen
class Tokens(Generic[AnyStr]):
    """The format's fixed strings, as ``str`` or as ``bytes``."""

    marker: AnyStr
    # The marker's first character, found with memchr, an order of magnitude
    # faster than a search for the whole marker.
    marker_char: AnyStr
    newline: AnyStr
    crlf: AnyStr
    carriage_return: AnyStr
    escape: AnyStr
    end_line: AnyStr
    header_start: AnyStr
    bom: AnyStr
    # Rule: blank-line = *WSP newline / 1*WSP end-of-text
    complete_blank_lines: re.Pattern[AnyStr]
    blank_lines_to_end: re.Pattern[AnyStr]
    # A header line that is a bare name, perhaps with final-newline=no, and
    # no character that is wider in UTF-8 than in text: most headers are.
    simple_header: re.Pattern[AnyStr]
    # A base64 body: its characters, and its text without line breaks.
    not_base64: re.Pattern[AnyStr]
    line_break: re.Pattern[AnyStr]
    base64_text: re.Pattern[AnyStr]
    # The pieces of a plain document (see scan_plain_run): "<<<FILE ", the
    # header line's two possible ends, and the end line with its line break.
    plain_header_start: AnyStr
    plain_header_end: AnyStr
    plain_header_end_no_final_newline: AnyStr
    plain_end_line: AnyStr
    # The buffer's own kind of text as UTF-8, and back; decoding is strict:
    # a caller that decodes bodies reports UnicodeDecodeError.
    encode: Callable[[AnyStr], bytes]
    decode: Callable[[AnyStr], str]
    # How long a piece of text is in this buffer's units.
    width: Callable[[str], int]


def _utf8_width(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _plain_pieces(kind: AnyStr) -> tuple[AnyStr, AnyStr, AnyStr, AnyStr]:
    pieces = (
        f"{_syntax.HEADER_START} ",
        ">>>\n",
        f" {_syntax.NO_FINAL_NEWLINE_KEY}={_syntax.NO_FINAL_NEWLINE_VALUE}>>>\n",
        f"{_syntax.END_LINE}\n",
    )
    if isinstance(kind, str):
        return pieces
    return tuple(piece.encode() for piece in pieces)  # type: ignore[return-value]


# A character that may not stand in a base64 body: anything but the base64
# alphabet, padding and line breaks (a CR only before LF).
_NOT_BASE64: Final = r"[^A-Za-z0-9+/=\r\n]|\r(?!\n)"
# RFC 4648, section 4, with padding.
_BASE64_TEXT: Final = r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"

STR: Final = Tokens(
    _syntax.MARKER_PREFIX,
    _syntax.MARKER_PREFIX[0],
    "\n",
    "\r\n",
    "\r",
    _syntax.ESCAPE,
    _syntax.END_LINE,
    _syntax.HEADER_START,
    "\ufeff",
    re.compile(r"(?:[ \t]*\r?\n)*"),
    re.compile(r"(?:[ \t]*(?:\r?\n|\Z))*"),
    re.compile(f"<<<FILE ({_syntax.BARE_CHAR}+)( final-newline=no)?>>>(\r?)\n"),
    re.compile(_NOT_BASE64),
    re.compile(r"\r?\n"),
    re.compile(_BASE64_TEXT),
    *_plain_pieces(""),
    # C-level callables: a Python function here would cost a frame per body.
    operator.methodcaller("encode", "utf-8", "surrogatepass"),
    str.__str__,
    len,
)
BYTES: Final = Tokens(
    _syntax.MARKER_PREFIX.encode(),
    _syntax.MARKER_PREFIX[0].encode(),
    b"\n",
    b"\r\n",
    b"\r",
    _syntax.ESCAPE.encode(),
    _syntax.END_LINE.encode(),
    _syntax.HEADER_START.encode(),
    "\ufeff".encode(),
    re.compile(rb"(?:[ \t]*\r?\n)*"),
    re.compile(rb"(?:[ \t]*(?:\r?\n|\Z))*"),
    re.compile(rb"<<<FILE ([!#-<?-\[\]-~]+)( final-newline=no)?>>>(\r?)\n"),
    re.compile(_NOT_BASE64.encode()),
    re.compile(rb"\r?\n"),
    re.compile(_BASE64_TEXT.encode()),
    *_plain_pieces(b""),
    # bytes() of a bytes object is that object.
    bytes,
    bytes.decode,
    _utf8_width,
)


class Header(NamedTuple):
    """What a header line says, and where it and its document's body begin."""

    # A named tuple: one is made for every document, and it is the cheapest
    # typed record to make.
    name: str
    meta: tuple[tuple[str, str], ...]
    no_final_newline: bool
    # encoding=base64: the body is the base64 text of the document's bytes.
    binary: bool
    crlf: bool
    start: int
    body_start: int
    # The header line's length in bytes minus its length in characters, so
    # that a reader of bytes can tell character offsets.
    wide: int


def skip_blank_lines(tokens: Tokens[AnyStr], buf: AnyStr, pos: int, final: bool) -> int:
    """Return the offset after the blank lines at *pos*.

    Rule: ``blank-line = *WSP newline / 1*WSP end-of-text``. Before the end
    of the stream only complete lines are skipped.
    """
    if buf.startswith(tokens.marker, pos):
        return pos
    pattern = tokens.blank_lines_to_end if final else tokens.complete_blank_lines
    match = pattern.match(buf, pos)
    assert match is not None  # both patterns match the empty string
    return match.end()


def read_header(tokens: Tokens[AnyStr], buf: AnyStr, pos: int, final: bool) -> Header | None:
    """Read the header line at *pos*; ``None`` if the buffer ends inside it.

    Rule: ``header-line = "<<<FILE" 1*WSP name *(1*WSP attribute) *WSP ">>>"
    newline``; the ``newline`` may be CR LF.
    """
    simple = tokens.simple_header.match(buf, pos)
    if simple is not None:
        name, flag, carriage_return = simple.groups()
        return Header(
            tokens.decode(name), (), bool(flag), False, bool(carriage_return), pos, simple.end(), 0
        )
    line_end = buf.find(tokens.newline, pos)
    if line_end < 0:
        if not final:
            return None
        line_end = len(buf)
    if not buf.startswith(tokens.header_start, pos):
        raise outside_error(tokens, buf, pos)
    body_start = min(line_end + 1, len(buf))
    crlf = line_end > pos and line_end < len(buf) and buf.startswith(tokens.crlf, line_end - 1)
    if crlf:
        line_end -= 1
    raw = buf[pos:line_end]
    line = decode(tokens, raw, pos)
    try:
        name, meta, no_final_newline, binary = read_header_fields(line, 0, len(line))
    except Malformed as error:
        error.offset = pos + tokens.width(line[: error.offset])
        raise
    return Header(
        name, meta, no_final_newline, binary, crlf, pos, body_start, len(raw) - len(line)
    )


def decode(tokens: Tokens[AnyStr], raw: AnyStr, offset: int) -> str:
    """Decode *raw*, found at *offset* of the buffer, reporting bad UTF-8 where it is."""
    try:
        return tokens.decode(raw)
    except UnicodeDecodeError as error:
        raise bad_utf8(error, offset) from error


def bad_utf8(error: UnicodeDecodeError, offset: int) -> Malformed:
    """The problem of a byte that is not UTF-8, in bytes decoded from *offset* on."""
    return Malformed(
        f"invalid UTF-8 at byte offset {BYTE_OFFSET}: {error.reason}", offset + error.start
    )


def check_base64_chars(
    tokens: Tokens[AnyStr], buf: AnyStr, start: int, end: int, name: str
) -> None:
    """Raise at the first character of ``buf[start:end]`` that a base64 body may not hold."""
    bad = tokens.not_base64.search(buf, start, end)
    if bad is not None:
        raise Malformed(
            f"document {name!r} is marked 'encoding=base64', but its body holds a "
            "character that is not base64",
            bad.start(),
            name,
        )


def decode_base64(tokens: Tokens[AnyStr], buf: AnyStr, start: int, end: int, name: str) -> bytes:
    """The bytes of the base64 body ``buf[start:end]``.

    Rule: a base64 body is lines of the base64 alphabet; joined without their
    line breaks they are base64 with padding (RFC 4648, section 4).
    """
    data = _valid_base64(buf[start:end])
    if data is not None:
        return data
    # Something is wrong: the patterns below say what, and where.
    check_base64_chars(tokens, buf, start, end, name)
    joined = tokens.line_break.sub(tokens.marker[:0], buf[start:end])
    if not tokens.base64_text.fullmatch(joined):
        raise Malformed(
            f"the base64 body of document {name!r} is cut short or wrongly padded",
            start,
            name,
        )
    return binascii.a2b_base64(joined)


# The base64 alphabet with its padding and line breaks: what a valid body
# holds, deleted in one pass of bytes.translate.
_BASE64_BYTES: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
_PADDING: Final = ord("=")


def _valid_base64(body: str | bytes) -> bytes | None:
    """The bytes of a base64 body that follows the rule, or ``None`` if it does not.

    The same rule as the patterns of :func:`decode_base64`, checked with
    whole-buffer C operations that copy nothing: a regular expression over a
    large body costs ten times its decoding, and a copy of it without its line
    breaks as much memory again.
    """
    if isinstance(body, str):
        if not body.isascii():
            return None
        body = body.encode("ascii")
    if body.translate(None, _BASE64_BYTES):
        return None
    line_feeds = body.count(b"\n")
    carriage_returns = body.count(b"\r")
    # A carriage return only before a line feed.
    if carriage_returns and carriage_returns != body.count(b"\r\n"):
        return None
    size = len(body) - line_feeds - carriage_returns
    padding = body.count(b"=")
    if size % 4 or padding > 2:
        return None
    if padding:
        # The padding ends the text: after its first "=", only "=" and line breaks.
        first = body.find(b"=")
        rest = len(body) - first
        if body.count(b"=", first) + body.count(b"\n", first) + body.count(b"\r", first) != rest:
            return None
    # Line breaks are skipped by a2b_base64; every other character is base64.
    return binascii.a2b_base64(body)


# What scan_body found.
END: Final = 0
ESCAPED: Final = 1
MORE: Final = 2
UNCLOSED: Final = 3


def scan_body(
    tokens: Tokens[AnyStr],
    buf: AnyStr,
    search: int,
    floor: int,
    floor_at_line_start: bool,
    final: bool,
    header: Header,
) -> tuple[int, int, int]:
    """Find the next marker line or escaped line of a body, from *search* on.

    Rule: inside a body, a line that begins with ``<<<`` is the end line
    ``<<<END FILE>>>`` (followed by a line break or the end of the text) or an
    error; a line that begins with one or more backslashes and then ``<<<`` is
    an escaped body line.

    *floor* is the lowest offset of the body still in the buffer and whether it
    is a line start. Returns one of:

    - ``(END, line_start, after)``: the end line spans ``line_start:after``;
    - ``(ESCAPED, line_start, search)``: an escaped line begins at
      *line_start*; go on from *search*;
    - ``(MORE, resume, 0)``: nothing before *resume* needs another look, and
      the buffer ends before anything was decided;
    - ``(UNCLOSED, 0, 0)``: the text ends and the document is not closed.
    """
    end = len(buf)
    while True:
        hit = find_marker(tokens, buf, search)
        if hit < 0:
            if final:
                return UNCLOSED, 0, 0
            return MORE, max(search, end - len(tokens.marker) + 1), 0
        newline_before = buf.rfind(tokens.newline, floor, hit)
        if newline_before >= 0:
            line_start = newline_before + 1
        elif floor_at_line_start:
            line_start = floor
        else:
            line_start = -1
        if line_start == hit:
            line_end = buf.find(tokens.newline, hit)
            if line_end < 0:
                if not final:
                    return MORE, hit, 0
                line_end = end
            return END, hit, _after_end_line(tokens, buf, hit, line_end, header)
        if line_start >= 0 and buf.count(tokens.escape, line_start, hit) == hit - line_start:
            return ESCAPED, line_start, hit + len(tokens.marker)
        # No other "<<<" on this line can begin it, so the search goes on at
        # the next line; this bounds the work by lines, not by "<<<" found.
        line_end = buf.find(tokens.newline, hit)
        if line_end < 0:
            if final:
                return UNCLOSED, 0, 0
            return MORE, max(hit + 1, end - len(tokens.marker) + 1), 0
        search = line_end + 1


# After this many lone "<" in a row, the text is the kind that is full of them
# (markup, code), and a search for the whole marker is faster.
_LONE_MARKER_CHARS: Final = 8


def find_marker(tokens: Tokens[AnyStr], buf: AnyStr, start: int) -> int:
    """``buf.find(marker, start)``, fast in text where "<" is rare."""
    hit = buf.find(tokens.marker_char, start)
    lone = 0
    while hit >= 0 and not buf.startswith(tokens.marker, hit):
        lone += 1
        if lone == _LONE_MARKER_CHARS:
            return buf.find(tokens.marker, hit + 1)
        hit = buf.find(tokens.marker_char, hit + 1)
    return hit


def _after_end_line(
    tokens: Tokens[AnyStr], buf: AnyStr, hit: int, line_end: int, header: Header
) -> int:
    """Check the marker line ``buf[hit:line_end]``; return the offset after its line break.

    Rule: ``end-line = "<<<END FILE>>>" (newline / end-of-text)``.
    """
    stop = hit + len(tokens.end_line)
    if buf.startswith(tokens.end_line, hit) and (
        stop == line_end or (stop + 1 == line_end and buf.startswith(tokens.crlf, stop))
    ):
        return min(line_end + 1, len(buf))
    if buf.startswith(tokens.end_line, hit):
        raise Malformed("unexpected text after '<<<END FILE>>>'", stop, header.name)
    if buf.startswith(tokens.header_start, hit):
        raise Malformed(
            f"a header inside document {header.name!r}, which was opened on line "
            f"{OPENED_LINE} and not closed{ESCAPE_HINT}",
            hit,
            header.name,
            opened=header.start,
        )
    raise Malformed(
        f"a line of document {header.name!r} (opened on line {OPENED_LINE}) begins with "
        f"'<<<' but is not '<<<END FILE>>>'{ESCAPE_HINT}",
        hit,
        header.name,
        opened=header.start,
    )


def body_end_without_final_newline(
    tokens: Tokens[AnyStr], buf: AnyStr, header: Header, body_end: int
) -> int:
    """Where a ``final-newline=no`` body ends, given where its end line begins.

    Rule: with ``final-newline=no`` the body's last line break, which must be
    there, is not part of the text (see :func:`corpusfmt.v1._rules.final_line_break`).
    """
    if body_end == header.body_start:
        raise Malformed(
            _rules.empty_without_final_newline_message(header.name),
            header.start,
            header.name,
        )
    return body_end - (_rules.final_line_break(buf, header.body_start, body_end, header.crlf) or 1)


_STRAY_END: Final = "'<<<END FILE>>>' without an open document"
_UNKNOWN_MARKER: Final = "unknown marker line; a document begins with '<<<FILE name>>>'"
_TEXT_OUTSIDE: Final = "text outside any document; a document begins with '<<<FILE name>>>'"
OUTSIDE_MESSAGES: Final = (_STRAY_END, _UNKNOWN_MARKER, _TEXT_OUTSIDE)
"""What the problem with a line outside any document says: the text there is
not format v1's (a reader of another dialect may go on from that line)."""


def outside_error(tokens: Tokens[AnyStr], buf: AnyStr, pos: int) -> Malformed:
    """The problem with a line outside any document that is neither blank nor a header."""
    if buf.startswith(tokens.end_line, pos):
        return Malformed(_STRAY_END, pos)
    if buf.startswith(tokens.marker, pos):
        return Malformed(_UNKNOWN_MARKER, pos)
    return Malformed(_TEXT_OUTSIDE, pos)


@attrs.frozen
class PlainRun(Generic[AnyStr]):
    """Documents in a row that :func:`scan_plain_run` found plain, one list entry each."""

    starts: list[int]
    body_starts: list[int]
    # Where each end line begins; with final-newline=no the body ends one before.
    end_line_starts: list[int]
    no_final_newline: list[bool]
    # The name as it stands in the header: bare ASCII characters.
    raw_names: list[AnyStr]
    # The offset after the last end line of the run.
    end: int

    def __len__(self) -> int:
        return len(self.starts)

    def first(self, count: int) -> PlainRun[AnyStr]:
        """The run of the first *count* documents: the rest go the general way."""
        if count == len(self.starts):
            return self
        return PlainRun(
            self.starts[:count],
            self.body_starts[:count],
            self.end_line_starts[:count],
            self.no_final_newline[:count],
            self.raw_names[:count],
            self.starts[count],
        )


def scan_plain_run(tokens: Tokens[AnyStr], buf: AnyStr, pos: int) -> PlainRun[AnyStr] | None:
    """Find the plain documents that follow each other from *pos* on, with a few searches each.

    Rule: a subset of ``document``, the one writers produce nearly always: a
    header line ``"<<<FILE" SP name [SP "final-newline=no"] ">>>" LF``, a body
    in which no line begins with ``<<<`` or with backslashes and ``<<<`` (so it
    holds nothing to unescape), and the end line ``"<<<END FILE>>>" LF``, the
    next header right after it. A ``final-newline=no`` body is not empty.

    The run stops before the first document that is not plain, or that the
    buffer does not hold whole; :class:`~corpusfmt.v1.DocumentCutter` reads
    that one the general way, which finds what it is or what is wrong with it.
    A plain name is bare and ASCII; other names, attributes and quotes go the
    general way. ``None`` if the document at *pos* is not plain.
    """
    find = buf.find
    startswith = buf.startswith
    header_start = tokens.plain_header_start
    name_start = len(header_start)
    end_line = tokens.plain_end_line
    newline, marker, marker_char = tokens.newline, tokens.marker, tokens.marker_char
    end_line_after_newline = newline + end_line
    header_end = tokens.plain_header_end
    no_final_newline = tokens.plain_header_end_no_final_newline
    # Offsets back from a header's line break to the end of its name.
    plain_back = len(header_end) - 1
    flagged_back = len(no_final_newline) - 1
    encode = tokens.encode
    starts: list[int] = []
    body_starts: list[int] = []
    end_line_starts: list[int] = []
    flags: list[bool] = []
    raw_names: list[AnyStr] = []
    while startswith(header_start, pos):
        line_end = find(newline, pos)
        if line_end < 0:
            break
        # In most bodies the first "<" is the end line's: one memchr finds
        # the end and proves that no line of the body begins a marker.
        hit = find(marker_char, line_end)
        if hit < 0:
            break
        if not startswith(end_line_after_newline, hit - 1):
            # A body with "<" in it is plain if no "<<<" stands before its end line.
            hit = find(end_line_after_newline, line_end) + 1
            if not hit or find(marker, line_end, hit) >= 0:
                break
        flagged = startswith(no_final_newline, line_end - flagged_back)
        if flagged:
            name_end = line_end - flagged_back
        elif startswith(header_end, line_end - plain_back):
            name_end = line_end - plain_back
        else:
            break
        if name_end <= pos + name_start or (flagged and hit == line_end + 1):
            break
        raw_name = buf[pos + name_start : name_end]
        # Checked here, not after the run: a run cut short by a name would be
        # searched again from that name on, and a bundle of such names over
        # and over.
        if encode(raw_name).translate(None, _syntax.ASCII_BARE_BYTES):
            break
        flags.append(flagged)
        starts.append(pos)
        body_starts.append(line_end + 1)
        end_line_starts.append(hit)
        raw_names.append(raw_name)
        pos = hit + len(end_line)
    if not starts:
        return None
    return PlainRun(starts, body_starts, end_line_starts, flags, raw_names, pos)


def plain_names(tokens: Tokens[AnyStr], run: PlainRun[AnyStr]) -> list[str]:
    """The names of a plain run as text, decoded all at once.

    Rule: ``name = 1*bare-char / quoted``; a plain header holds a bare name
    of ASCII characters, which :func:`scan_plain_run` checked.
    """
    return tokens.decode(tokens.newline.join(run.raw_names)).split("\n")
