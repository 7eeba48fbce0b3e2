"""Inferring a dialect's parts from a text: each part on its own evidence, by votes.

Every line that looks like a marker of any dialect is a vote: a header for
its style, its angle count, its letter case and whether text is glued to it;
an end marker for its word and whether it names the document. The parts
that win compose a dialect (:meth:`Dialect.from_parts`), which
:func:`~corpusfmt.sniff` weighs against the presets.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

import attrs

from corpusfmt.dialects._dialect import END_WORDS, Dialect, EndName, HeaderStyle, Parts

__all__ = ["Evidence", "first_header_end", "infer", "inferred_dialect"]

# A header of any style: optional Markdown heading, 1-3 "<", a word, the rest.
_HEADER: Final = re.compile(
    r"^(?P<open><{1,3})(?P<word>(?i:begin[ _]?file|start[ _]?file|(?:new[ _])?file))"
    r"(?P<rest>(?:[ \t:][^\n]*?)?)(?P<close>>{1,3})(?P<glued>[^\n]*)$",
    re.MULTILINE,
)
_END: Final = re.compile(
    r"(?P<open><{1,3})(?P<word>(?i:end[ _]?file|file[ _]end|end|/file))"
    r"(?P<rest>(?:[: \t][^\n<>]*?)?)(?P<close>>{1,3})"
)
_ATTRIBUTE_START: Final = re.compile(r"[ \t]+[A-Za-z_][\w.:-]*=")
_HEADING_ABOVE: Final = re.compile(r"#{1,6}[ \t]+[^\n]+\n(?:[ \t]*\n)*\Z")


@attrs.frozen
class Evidence:
    """What the votes were: header styles and end words counted, and the parts they chose."""

    parts: Parts
    headers: tuple[tuple[str, int], ...]
    ends: tuple[tuple[str, int], ...]

    def describe(self) -> str:
        headers = ", ".join(f"{style} {count}" for style, count in self.headers)
        ends = ", ".join(f"{word} {count}" for word, count in self.ends) or "none"
        return f"headers seen: {headers}; end markers seen: {ends}"


def _end_word(word: str) -> str:
    """The end word of :data:`END_WORDS` that *word* is, as written where it can be."""
    upper = word.upper()
    if upper in END_WORDS:
        return upper
    spaced = upper.replace("_", " ")
    return spaced if spaced in END_WORDS else "END FILE"


def _style(word: str, rest: str, text: str, start: int) -> HeaderStyle | None:
    upper = word.upper().replace("_", " ").replace("  ", " ")
    if upper.startswith("START"):
        line_start = text.rfind("\n", 0, max(start - 1, 0))
        above = text[:start]
        return "heading" if _HEADING_ABOVE.search(above[max(line_start - 200, 0) :]) else None
    if upper.startswith("BEGIN"):
        return "begin"
    stripped = rest.strip()
    if not stripped or stripped.upper() in ("END", "BEGIN"):
        return None
    if rest.startswith(":"):
        return "colon"
    if stripped.startswith("{"):
        return "json"
    if _ATTRIBUTE_START.match(rest):
        return "attrs"
    return "bare"


def first_header_end(text: str, endpos: int) -> int | None:
    """The end (after its line break) of the first line of ``text[:endpos]`` that is a
    header of any style, or ``None``."""
    for found in _HEADER.finditer(text, 0, endpos):
        if _style(found.group("word"), found.group("rest"), text, found.start()) is not None:
            return found.end() + 1 if found.end() < endpos else found.end()
    return None


def infer(text: str) -> Evidence | None:
    """The parts *text* shows, or ``None`` if it shows no header."""
    styles: Counter[HeaderStyle] = Counter()
    ends: Counter[str] = Counter()
    angles: list[int] = []
    lower_case = upper_case = glued = False
    named_ends = unnamed_ends = 0
    header_spans: list[tuple[int, int]] = []
    for found in _HEADER.finditer(text):
        style = _style(found.group("word"), found.group("rest"), text, found.start())
        if style is None:
            continue
        styles[style] += 1
        header_spans.append((found.start(), found.end("close")))
        angles += (len(found.group("open")), len(found.group("close")))
        word = found.group("word")
        lower_case |= word != word.upper()
        upper_case |= word == word.upper()
        glued |= bool(found.group("glued").strip()) and not _END.match(found.group("glued"))
    if not styles:
        return None
    for found in _END.finditer(text):
        if any(start <= found.start() < stop for start, stop in header_spans):
            continue
        word = found.group("word")
        ends[_end_word(word)] += 1
        angles += (len(found.group("open")), len(found.group("close")))
        lower_case |= word != word.upper()
        upper_case |= word == word.upper()
        line_start = found.start() == 0 or text[found.start() - 1] == "\n"
        glued |= not line_start
        if found.group("rest").strip(" \t:"):
            named_ends += 1
        else:
            unnamed_ends += 1
    # Both bare and colon headers in one text: a model that is not consistent.
    header: HeaderStyle = (
        "bare-or-colon" if styles["bare"] and styles["colon"] else styles.most_common(1)[0][0]
    )
    end_name: EndName = (
        "required" if named_ends and not unnamed_ends else "optional" if named_ends else "never"
    )
    end_words = tuple(word for word, _ in ends.most_common())
    if not end_words:
        # No end marker seen: the text may be cut short before its first one.
        # Reading on to the next header would take a cut file for a whole one.
        end_words, end_name = END_WORDS, "optional"
    parts = Parts(
        header=header,
        end=end_words,
        end_name=end_name,
        angles=(min(angles), max(angles)),
        any_case=lower_case,
        glue=glued,
    )
    return Evidence(
        parts,
        tuple((style, count) for style, count in styles.most_common()),
        tuple(ends.most_common()),
    )


def inferred_dialect(evidence: Evidence) -> Dialect:
    """The dialect the evidence composes."""
    return Dialect.from_parts(
        "inferred",
        evidence.parts,
        f"Inferred from the text: {evidence.parts.describe()}.",
    )
