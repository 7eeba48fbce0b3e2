"""Which document names are safe to restore as files, on every common system."""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal, TypeAlias

__all__ = ["EXECUTABLE_KEY", "YES", "NameRules", "fold", "unsafe_name_reason"]

# The metadata key that marks a file to be restored as executable.
EXECUTABLE_KEY: Final = "executable"
YES: Final = "yes"

NameRules: TypeAlias = Literal["portable", "posix"]
"""Which names :func:`unsafe_name_reason` lets through: those that mean the same
file on every common system (``"portable"``), or those that are legal on POSIX
(``"posix"``)."""

# Names that Windows reserves for devices, with or without an extension.
_WINDOWS_DEVICES: Final = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{digit}" for digit in "123456789¹²³"}
    | {f"lpt{digit}" for digit in "123456789¹²³"}
)
# Characters a Windows file name cannot hold; ':' also names NTFS streams.
_WINDOWS_FORBIDDEN: Final = frozenset('<>:"|?*')
# Unicode category Cc, written out: one search instead of a lookup a character.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
# A component longer than this many bytes fails on common file systems.
_MAX_COMPONENT_BYTES: Final = 255


def unsafe_name_reason(name: str, names: NameRules = "portable") -> str | None:
    """Why the document name *name* is not a safe relative path, or ``None`` if it is.

    A safe name is a relative POSIX path whose components are not empty,
    ``.`` or ``..``, hold no backslash, no control character and no
    character Windows forbids, are not Windows device names, do not end in a
    dot or a space, and fit in 255 bytes. Such a name means the same file on
    every common system, inside the directory it is restored into. With
    ``names="posix"``, only what POSIX itself forbids or what could leave the
    directory is unsafe: an absolute path, an empty, ``.`` or ``..``
    component, a control character, a component over 255 bytes.

    >>> from corpusfmt import unsafe_name_reason
    >>> unsafe_name_reason("src/app.py") is None
    True
    >>> unsafe_name_reason("../../.bashrc")
    "it has a '..' component, which could leave the target directory"
    """
    if names not in ("portable", "posix"):
        raise ValueError(f"names must be 'portable' or 'posix', not {names!r}")
    portable = names == "portable"
    if portable and name.startswith(("\\\\", "//")):
        return "it is a UNC path"
    if name.startswith("/"):
        return "it is an absolute path"
    if portable and len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        return "it begins with a drive letter"
    if portable and "\\" in name:
        return "it holds a backslash, which Windows reads as a path separator"
    control = _CONTROL.search(name)
    if control is not None:
        return f"it holds the control character U+{ord(control.group()):04X}"
    for component in name.split("/"):
        problem = _component_problem(component, portable)
        if problem is not None:
            return problem
    return None


def _component_problem(component: str, portable: bool) -> str | None:
    if component == "":
        return "it has an empty path component ('//' or a '/' at an end)"
    if component == "..":
        return "it has a '..' component, which could leave the target directory"
    if component == ".":
        return "it has a '.' component"
    if len(component.encode("utf-8", "surrogatepass")) > _MAX_COMPONENT_BYTES:
        return f"a path component is longer than {_MAX_COMPONENT_BYTES} bytes"
    if not portable:
        return None
    forbidden = sorted(set(component) & _WINDOWS_FORBIDDEN)
    if forbidden:
        return f"it holds {forbidden[0]!r}, which Windows does not allow in a file name"
    if component.endswith((".", " ")):
        return "a path component ends in a dot or a space, which Windows drops"
    if component.split(".")[0].rstrip(" ").lower() in _WINDOWS_DEVICES:
        return f"{component!r} is a device name on Windows"
    return None


def fold(name: str, case_counts: bool = False) -> str:
    """*name* as a case-insensitive, normalising file system (NTFS, APFS) compares it;
    with *case_counts*, as a person compares it on one where case counts: two
    names that differ only in how an accent is encoded still look the same."""
    normal = unicodedata.normalize("NFC", name)
    return normal if case_counts else normal.casefold()
