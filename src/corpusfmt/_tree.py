"""Files on disk and documents: packing a tree into documents, and restoring it safely.

This module is an edge: it touches the file system, and nothing in the
parsing core depends on it. The names in a bundle are untrusted input, so
:func:`unpack` checks every one of them, and every path it would write
through, before it writes anything.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import secrets
import stat
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, Literal

import attrs

from corpusfmt._model import Document

__all__ = ["PlannedFile", "pack", "plan_unpack", "unpack", "unsafe_name_reason"]

# The metadata key that marks a file to be restored as executable.
EXECUTABLE_KEY: Final = "executable"
_YES: Final = "yes"

# Names that Windows reserves for devices, with or without an extension.
_WINDOWS_DEVICES: Final = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{digit}" for digit in "123456789¹²³"}
    | {f"lpt{digit}" for digit in "123456789¹²³"}
)
# Characters a Windows file name cannot hold; ':' also names NTFS streams.
_WINDOWS_FORBIDDEN: Final = frozenset('<>:"|?*')
# A component longer than this many bytes fails on common file systems.
_MAX_COMPONENT_BYTES: Final = 255


def unsafe_name_reason(name: str) -> str | None:
    """Why the document name *name* is not a safe relative path, or ``None`` if it is.

    A safe name is a relative POSIX path whose components are not empty,
    ``.`` or ``..``, hold no backslash, no control character and no
    character Windows forbids, are not Windows device names, do not end in a
    dot or a space, and fit in 255 bytes. Such a name means the same file on
    every common system, inside the directory it is restored into.

    >>> from corpusfmt import unsafe_name_reason
    >>> unsafe_name_reason("src/app.py") is None
    True
    >>> unsafe_name_reason("../../.bashrc")
    "it has a '..' component, which could leave the target directory"
    """
    if name.startswith(("\\\\", "//")):
        return "it is a UNC path"
    if name.startswith("/"):
        return "it is an absolute path"
    if len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        return "it begins with a drive letter"
    if "\\" in name:
        return "it holds a backslash, which Windows reads as a path separator"
    for char in name:
        if unicodedata.category(char) == "Cc":
            return f"it holds the control character U+{ord(char):04X}"
    for component in name.split("/"):
        problem = _component_problem(component)
        if problem is not None:
            return problem
    return None


def _component_problem(component: str) -> str | None:
    if component == "":
        return "it has an empty path component ('//' or a '/' at an end)"
    if component == "..":
        return "it has a '..' component, which could leave the target directory"
    if component == ".":
        return "it has a '.' component"
    forbidden = sorted(set(component) & _WINDOWS_FORBIDDEN)
    if forbidden:
        return f"it holds {forbidden[0]!r}, which Windows does not allow in a file name"
    if component.endswith((".", " ")):
        return "a path component ends in a dot or a space, which Windows drops"
    if component.split(".")[0].rstrip(" ").lower() in _WINDOWS_DEVICES:
        return f"{component!r} is a device name on Windows"
    if len(component.encode("utf-8", "surrogatepass")) > _MAX_COMPONENT_BYTES:
        return f"a path component is longer than {_MAX_COMPONENT_BYTES} bytes"
    return None


@attrs.frozen
class PlannedFile:
    """What :func:`unpack` does with one document: write it to ``path``, or not, and why.

    ``path`` is the file's path; ``problem`` is ``None`` when it is written,
    else why it is refused.
    """

    document: Document
    path: Path
    problem: str | None = None


def _fold(name: str) -> str:
    # How a case-insensitive, normalising file system (NTFS, APFS) compares names.
    return unicodedata.normalize("NFC", name).casefold()


def plan_unpack(
    docs: Iterable[Document], directory: str | os.PathLike[str], *, force: bool = False
) -> list[PlannedFile]:
    """Check every document before anything is written; see :func:`unpack`.

    Besides :func:`unsafe_name_reason`, a document is refused when its name
    folds to the same name as another's on a case-insensitive file system,
    when it needs a directory that another document is a file of, when a
    path component already in *directory* is a symbolic link or not a
    directory, and (without *force*) when its file exists.
    """
    root = Path(directory)
    docs = list(docs)
    plan: list[PlannedFile] = []
    folded: dict[str, str] = {}
    files = {_fold(doc.name) for doc in docs}
    for doc in docs:
        path = root.joinpath(*doc.name.split("/"))
        problem = unsafe_name_reason(doc.name)
        if problem is None:
            key = _fold(doc.name)
            other = folded.setdefault(key, doc.name)
            if other != doc.name:
                problem = f"it names the same file as {other!r} on a case-insensitive file system"
        if problem is None:
            parts = doc.name.split("/")
            for depth in range(1, len(parts)):
                parent = "/".join(parts[:depth])
                if _fold(parent) in files:
                    problem = f"it needs {parent!r} to be a directory, but that is a document too"
                    break
        if problem is None:
            problem = _existing_problem(root, doc.name.split("/"), force)
        plan.append(PlannedFile(doc, path, problem))
    return plan


def _existing_problem(root: Path, parts: list[str], force: bool) -> str | None:
    """What is wrong with what already stands at the document's path in *root*."""
    current = root
    for depth, part in enumerate(parts):
        current = current / part
        try:
            found = os.lstat(current)
        except FileNotFoundError:
            return None
        shown = "/".join(parts[: depth + 1])
        if stat.S_ISLNK(found.st_mode):
            return f"{shown!r} is a symbolic link in the target directory"
        last = depth == len(parts) - 1
        if not last and not stat.S_ISDIR(found.st_mode):
            return f"{shown!r} exists and is not a directory"
        if last:
            if not stat.S_ISREG(found.st_mode):
                return f"{shown!r} exists and is not a regular file"
            if not force:
                return "the file exists (use force to overwrite it)"
    return None


def unpack(
    docs: Iterable[Document],
    directory: str | os.PathLike[str],
    *,
    force: bool = False,
    skip_unsafe: bool = False,
    executable: bool = False,
    on_written: Callable[[PlannedFile], None] | None = None,
) -> list[PlannedFile]:
    """Write each document as a file under *directory*, after checking them all.

    If any document is refused (see :func:`plan_unpack`), nothing is written
    and :class:`ValueError` lists every refusal, unless *skip_unsafe* is set:
    then the others are written and the refused ones are returned with their
    ``problem``. Each file is written to a temporary name in its directory
    and renamed, so an interrupted run leaves no half-written file; without
    *force* an existing file is never replaced, even one that appears while
    this runs. Files get mode 0666 less the umask; with *executable*, a
    document whose metadata says ``executable=yes`` gets 0777 less the umask.
    Returns the plan, in document order.
    """
    root = Path(directory)
    plan = plan_unpack(docs, root, force=force)
    refused = [entry for entry in plan if entry.problem is not None]
    if refused and not skip_unsafe:
        raise ValueError(
            "refusing to unpack, nothing was written:\n"
            + "\n".join(f"  {entry.document.name!r}: {entry.problem}" for entry in refused)
        )
    root.mkdir(parents=True, exist_ok=True)
    for entry in plan:
        if entry.problem is not None:
            continue
        runs = executable and entry.document.meta.get(EXECUTABLE_KEY) == _YES
        _write_file(root, entry.document.name.split("/"), entry.document.data, force, runs)
        if on_written is not None:
            on_written(entry)
    return plan


def _write_file(root: Path, parts: list[str], data: bytes, force: bool, runs: bool) -> None:
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            # Checked in the plan, and checked again here in case the tree
            # changed since: never pass through a link.
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise ValueError(f"{folder} is no longer a directory; stopped") from None
    target = folder / parts[-1]
    temporary = folder / f".{parts[-1][:200]}.{secrets.token_hex(6)}.corpusfmt-tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags | getattr(os, "O_BINARY", 0), 0o777 if runs else 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        if force:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _place_new(temporary: Path, target: Path) -> None:
    """Give the written file its name, unless a file of that name exists by now."""
    try:
        # A hard link fails if the name exists, where a rename would replace it.
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(f"{target} appeared while unpacking; not replaced") from None
    except OSError:
        # A file system without hard links: check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(f"{target} appeared while unpacking; not replaced") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def pack(
    paths: Sequence[str | os.PathLike[str]],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = False,
    binary: Literal["base64", "skip"] = "base64",
) -> list[Document]:
    """Read files and directory trees into documents, sorted by name.

    A directory's files are named by their path relative to it, a file by
    its own name, with ``/`` as separator. A file that is valid UTF-8 becomes
    a text document, byte for byte; any other file a binary document (or,
    with ``binary="skip"``, is left out with a :class:`UserWarning`). A file
    with an exec bit gets ``executable=yes``. *include* and *exclude* are
    glob patterns (``fnmatch``) matched against the relative path and, for a
    pattern without ``/``, against the file name; with *gitignore*, the
    ``.gitignore`` files in the trees are obeyed and ``.git`` is left out
    (this needs the ``pathspec`` package: ``pip install corpusfmt[gitignore]``).
    Symbolic links are not followed; each is left out with a warning.
    Raises :class:`ValueError` if two files would get the same name.
    """
    if binary not in ("base64", "skip"):
        raise ValueError(f"binary must be 'base64' or 'skip', not {binary!r}")
    found: dict[str, Path] = {}
    for argument in paths:
        start = Path(argument)
        if start.is_symlink():
            warnings.warn(f"{start}: a symbolic link, left out", stacklevel=2)
            continue
        if start.is_dir():
            entries: Iterable[tuple[str, Path]] = _walk(start, gitignore)
        elif start.exists():
            entries = [(start.name, start)]
        else:
            raise FileNotFoundError(f"{start}: no such file or directory")
        for name, path in entries:
            if not _selected(name, include, exclude):
                continue
            if name in found:
                raise ValueError(f"{found[name]} and {path} would both be named {name!r}")
            found[name] = path
    docs = []
    for name in sorted(found):
        doc = _read_file(name, found[name], binary)
        if doc is not None:
            docs.append(doc)
    return docs


def _selected(name: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    def matches(pattern: str) -> bool:
        if "/" in pattern:
            return fnmatch.fnmatchcase(name, pattern)
        return fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], pattern) or fnmatch.fnmatchcase(
            name, pattern
        )

    if include and not any(matches(pattern) for pattern in include):
        return False
    return not any(matches(pattern) for pattern in exclude)


def _walk(top: Path, gitignore: bool) -> Iterator[tuple[str, Path]]:
    """Yield (relative POSIX name, path) for every regular file under *top*."""
    specs: list[tuple[str, object]] = []
    ignored = _ignore_checker(specs) if gitignore else None
    # A directory that cannot be read is an error, not a silently smaller bundle.
    for folder, subfolders, files in os.walk(top, onerror=_raise):
        relative = Path(folder).relative_to(top).as_posix()
        prefix = "" if relative == "." else relative + "/"
        if gitignore:
            _load_gitignore(Path(folder), prefix, specs)
        subfolders.sort()
        for sub in list(subfolders):
            full = Path(folder) / sub
            if full.is_symlink():
                warnings.warn(f"{full}: a symbolic link, left out", stacklevel=3)
                subfolders.remove(sub)
            elif ignored is not None and (sub == ".git" or ignored(prefix + sub + "/")):
                subfolders.remove(sub)
        for file in sorted(files):
            full = Path(folder) / file
            name = os.fsdecode(prefix + file)
            if full.is_symlink():
                warnings.warn(f"{full}: a symbolic link, left out", stacklevel=3)
                continue
            if ignored is not None and ignored(name):
                continue
            if not full.is_file():
                warnings.warn(f"{full}: not a regular file, left out", stacklevel=3)
                continue
            yield name, full


def _raise(error: OSError) -> None:
    raise error


def _load_gitignore(folder: Path, prefix: str, specs: list[tuple[str, object]]) -> None:
    ignore_file = folder / ".gitignore"
    if ignore_file.is_file():
        import pathspec

        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        specs.append((prefix, pathspec.GitIgnoreSpec.from_lines(lines)))


def _ignore_checker(specs: list[tuple[str, object]]) -> Callable[[str], bool]:
    try:
        import pathspec  # noqa: F401
    except ImportError:
        raise ImportError(
            "obeying .gitignore needs the pathspec package: pip install 'corpusfmt[gitignore]'"
        ) from None

    def ignored(name: str) -> bool:
        # A deeper .gitignore overrides a shallower one, as in git.
        verdict = False
        for prefix, spec in specs:
            if name.startswith(prefix):
                result = spec.check_file(name[len(prefix) :])  # type: ignore[attr-defined]
                if result.include is not None:
                    verdict = result.include
        return verdict

    return ignored


def _read_file(name: str, path: Path, binary: str) -> Document | None:
    data = path.read_bytes()
    meta = {EXECUTABLE_KEY: _YES} if os.stat(path).st_mode & stat.S_IXUSR else {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if binary == "skip":
            warnings.warn(f"{path}: not UTF-8 text, left out", stacklevel=3)
            return None
        return Document.from_bytes(name, data, meta)
    return Document(name, text, meta)
