"""Packing files and directory trees into documents, byte for byte."""

from __future__ import annotations

import fnmatch
import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from corpusfmt._model import Document
from corpusfmt.tree._names import EXECUTABLE_KEY, YES

__all__ = ["pack"]


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
    meta = {EXECUTABLE_KEY: YES} if os.stat(path).st_mode & stat.S_IXUSR else {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if binary == "skip":
            warnings.warn(f"{path}: not UTF-8 text, left out", stacklevel=3)
            return None
        return Document.from_bytes(name, data, meta)
    return Document(name, text, meta)
