"""Patterns with the meaning of ``.gitignore``: which paths of a tree to leave out.

The rules are git's (``gitignore(5)``), applied to POSIX paths relative to
the directory a pattern belongs to:

* a blank line, and a line that begins with ``#``, is no pattern; trailing
  spaces are dropped unless escaped with ``\\``; ``\\`` escapes the
  character after it (``\\#``, ``\\!``, ``\\*``);
* a leading ``!`` negates: a path the pattern matches is kept again;
* a trailing ``/`` makes a pattern match directories only;
* a pattern with a ``/`` at its start or in its middle is anchored to its
  directory; any other pattern matches a name at any depth;
* ``*`` matches anything but ``/``, ``?`` one character but ``/``, ``[...]``
  one character of a set (``[!...]`` or ``[^...]`` not of it);
* ``**/`` at the start matches in every directory, ``/**`` at the end
  everything inside, ``/**/`` zero or more directories (three stars or more
  count as two); other ``**`` are ``*``, except right after the plain text a
  pattern begins with (see :func:`_translate_anchored`);
* the last pattern that matches a path decides; a directory left out is
  not entered, so nothing below it can be kept again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["IgnoreRule", "Rules", "compile_rules"]


@attrs.frozen
class IgnoreRule:
    """One pattern: what it matches, whether it keeps or leaves out, and where it was written."""

    pattern: str
    regex: re.Pattern[str]
    negated: bool
    directories_only: bool
    source: str


def compile_rules(lines: Iterable[str], source: str) -> list[IgnoreRule]:
    """The rules of the lines of an ignore file (or of ``--exclude`` patterns), in
    order; *source* says where they were written, for messages."""
    rules = []
    for line in lines:
        rule = _compile_line(line.rstrip("\r\n"), source)
        if rule is not None:
            rules.append(rule)
    return rules


def _compile_line(line: str, source: str) -> IgnoreRule | None:
    if line.startswith("#"):
        return None
    body = _strip_trailing_spaces(line)
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    directories_only = body.endswith("/") and not body.endswith("\\/")
    if directories_only:
        body = body.rstrip("/")
    if body == "":
        return None
    # A pattern with a "/" before its end belongs to its directory; any other
    # matches a name at any depth.
    anchored = "/" in body
    body = body.removeprefix("/")
    translated = _translate_anchored(body) if anchored else "(?:.*/)?" + _translate(body)
    regex = re.compile(translated, re.DOTALL)
    return IgnoreRule(line.strip(" "), regex, negated, directories_only, source)


def _strip_trailing_spaces(line: str) -> str:
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        escapes = len(line[: end - 1]) - len(line[: end - 1].rstrip("\\"))
        if escapes % 2:
            break
        end -= 1
    return line[:end]


def _translate_anchored(pattern: str) -> str:
    """The regular expression of an anchored pattern, as git matches it.

    git compares the part before the first wildcard as a plain prefix and
    matches only the rest as a glob; a ``**`` that the rest begins with is
    then at a boundary even after a letter (``a**/b`` matches ``ab`` and
    ``ax/b``, ``/a**`` everything below a name that starts with ``a``).
    """
    literal = next((index for index, char in enumerate(pattern) if char in "*?[\\"), None)
    if literal is None or literal == 0 or not pattern.startswith("**", literal):
        return _translate(pattern)
    stars_end = literal
    while stars_end < len(pattern) and pattern[stars_end] == "*":
        stars_end += 1
    if stars_end == len(pattern):
        return re.escape(pattern[:literal]) + ".*"
    if pattern[stars_end] == "/":
        return re.escape(pattern[:literal]) + "(?:.*/)?" + _translate(pattern[stars_end + 1 :])
    return _translate(pattern)


def _translate(pattern: str) -> str:
    """The regular expression of a glob, for the whole of a relative path."""
    parts = []
    segments = pattern.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        # Any run of two or more stars that fills a segment spans directories.
        if len(segment) >= 2 and segment.strip("*") == "":
            # Zero or more directories before what follows, or, at the end,
            # everything below the directories before it.
            parts.append(".*" if last else "(?:.*/)?")
            continue
        parts.append(_translate_segment(segment))
        if not last:
            parts.append("/")
    return "".join(parts)


def _translate_segment(segment: str) -> str:
    out = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "\\":
            if index + 1 == len(segment):
                # git's matcher fails a pattern that ends in an escape of nothing.
                return "(?!)"
            out.append(re.escape(segment[index + 1]))
            index += 2
            continue
        if char == "[":
            bracket, index = _bracket(segment, index)
            out.append(bracket)
            continue
        if char == "*":
            while index + 1 < len(segment) and segment[index + 1] == "*":
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


# The POSIX character classes a bracket expression may name, as git knows them.
_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "digit": "0-9",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
}


def _bracket(segment: str, start: int) -> tuple[str, int]:
    """The character class of the ``[...]`` at *start*, and the index after it;
    a ``[`` that is never closed matches nothing, as in git."""
    index = start + 1
    negated = index < len(segment) and segment[index] in "!^"
    if negated:
        index += 1
    members: list[str] = []
    while index < len(segment):
        char = segment[index]
        if char == "]" and members:
            inside = "".join(members)
            # A set never matches the separator, negated or not.
            return (f"[^/{inside}]" if negated else f"(?!/)[{inside}]"), index + 1
        if char == "[" and segment.startswith("[:", index):
            close = segment.find(":]", index + 2)
            name = segment[index + 2 : close] if close != -1 else ""
            if name in _CLASSES:
                members.append(_CLASSES[name])
                index = close + 2
                continue
        if char == "\\" and index + 1 < len(segment):
            members.append(re.escape(segment[index + 1]))
            index += 2
            continue
        is_range = char == "-" and members and segment[index + 1 : index + 2] not in ("", "]")
        members.append("-" if is_range else re.escape(char))
        index += 1
    # git's matcher fails a pattern whose "[" is never closed.
    return "(?!)", len(segment)


@attrs.frozen
class _Layer:
    """The rules of one file, for the paths below *prefix*, and one expression
    that any of them matches: most paths match none, and are done in one call."""

    prefix: str
    rules: Sequence[IgnoreRule]
    any_rule: re.Pattern[str]


@attrs.frozen
class Rules:
    """The ignore rules that apply in one directory, each with the directory it is relative to.

    The layers hold, lowest precedence first, each file's rules with a
    prefix: the POSIX path of the rules' directory with a trailing ``/``
    (``""`` for the top), which the paths they judge begin with.
    """

    layers: tuple[_Layer, ...] = ()

    def adding(self, prefix: str, rules: Sequence[IgnoreRule]) -> Rules:
        """These rules, and *rules* for the paths below *prefix*, which win over them."""
        if not rules:
            return self
        any_rule = re.compile("|".join(f"(?:{rule.regex.pattern})" for rule in rules), re.DOTALL)
        return Rules((*self.layers, _Layer(prefix, rules, any_rule)))

    def deciding(self, path: str, is_directory: bool) -> IgnoreRule | None:
        """The last rule that matches *path* (relative to the top), if any."""
        decided = None
        for layer in self.layers:
            if not path.startswith(layer.prefix):
                continue
            relative = path[len(layer.prefix) :]
            if layer.any_rule.fullmatch(relative) is None:
                continue
            for rule in layer.rules:
                if rule.directories_only and not is_directory:
                    continue
                if rule.regex.fullmatch(relative):
                    decided = rule
        return decided

    def ignored(self, path: str, is_directory: bool) -> bool:
        """Whether the last rule that matches *path* leaves it out."""
        rule = self.deciding(path, is_directory)
        return rule is not None and not rule.negated
