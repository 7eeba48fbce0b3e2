"""Unpacking while something else changes the tree: nothing outside the target, nothing
replaced, no temporary file left, and the error names what was written before it.

Each race is made through the library's own hook (``on_written``, called after each
file) or by planting at the temporary name, in this process.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

import corpusfmt
from corpusfmt import Document, PlannedFile, UnpackError

DOCS = [
    Document("a.txt", "first\n"),
    Document("sub/b.txt", "second\n"),
    Document("c.txt", "third\n"),
]


def files_under(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def after_first(action: Any) -> Any:
    """An on_written hook that runs *action* once, after the first file."""
    done: list[str] = []

    def hook(entry: PlannedFile) -> None:
        if not done:
            done.append(entry.document.name)
            action()

    return hook


def test_a_directory_swapped_for_a_symlink_is_not_followed(tmp_path: Path) -> None:
    """Bug guarded: checking with stat instead of lstat at write time follows the link."""
    target, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(UnpackError) as caught:
        corpusfmt.unpack(
            DOCS, target, on_written=after_first(lambda: (target / "sub").symlink_to(outside))
        )
    error = caught.value
    assert files_under(outside) == {}, "nothing is written through the link"
    assert [entry.document.name for entry in error.written] == ["a.txt"]
    assert error.failed.document.name == "sub/b.txt"
    assert str(error) == (
        f"{target / 'sub' / 'b.txt'}: {target / 'sub'} is no longer a directory; stopped; "
        "1 file was written before it"
    )
    assert files_under(target) == {"a.txt": "first\n"}


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    """Bug guarded: always replacing, instead of refusing a file that appears while unpacking."""
    target = tmp_path / "out"
    with pytest.raises(UnpackError) as caught:
        corpusfmt.unpack(
            DOCS, target, on_written=after_first(lambda: (target / "c.txt").write_text("mine\n"))
        )
    error = caught.value
    assert [entry.document.name for entry in error.written] == ["a.txt", "sub/b.txt"]
    assert error.failed.document.name == "c.txt"
    assert str(error) == (
        f"{target / 'c.txt'}: {target / 'c.txt'} appeared while it was written; not replaced; "
        "2 files were written before it"
    )
    assert files_under(target) == {"a.txt": "first\n", "sub/b.txt": "second\n", "c.txt": "mine\n"}
    assert not [path for path in target.rglob("*") if path.name.endswith(".corpusfmt-tmp")]


def test_with_force_a_file_that_appears_meanwhile_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out"
    corpusfmt.unpack(
        DOCS,
        target,
        force=True,
        on_written=after_first(lambda: (target / "c.txt").write_text("mine\n")),
    )
    assert files_under(target)["c.txt"] == "third\n"


@pytest.mark.parametrize("planted", ["hard link", "symlink"])
def test_a_link_planted_at_the_temporary_name_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    """Bug guarded: without O_EXCL (and O_NOFOLLOW) the temporary file is a planted link."""
    target, outside = tmp_path / "out", tmp_path / "precious.txt"
    outside.write_text("precious\n")
    target.mkdir()
    temporary = target / ".a.txt.000000000000.corpusfmt-tmp"
    if planted == "hard link":
        os.link(outside, temporary)
    else:
        temporary.symlink_to(outside)
    monkeypatch.setattr("secrets.token_hex", lambda _size: "000000000000")
    with pytest.raises(UnpackError) as caught:
        corpusfmt.unpack(DOCS, target)
    assert outside.read_text() == "precious\n"
    assert caught.value.written == []
    assert caught.value.errno == errno.EEXIST
    assert not (target / "a.txt").exists()


class _FullDisk:
    """A file whose every write fails as a full disk does."""

    def __init__(self, descriptor: int, mode: str) -> None:
        self._file = open(descriptor, mode)  # noqa: SIM115 -- closed by close()

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_leaves_no_temporary_file_and_names_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    writes = {"count": 0}
    real_open = open

    def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, int) and "w" in mode:
            writes["count"] += 1
            if writes["count"] == 2:
                return _FullDisk(file, mode)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("corpusfmt.io._atomic.open", opener, raising=False)
    with pytest.raises(UnpackError) as caught:
        corpusfmt.unpack(DOCS, target)
    error = caught.value
    assert error.errno == errno.ENOSPC
    assert [entry.document.name for entry in error.written] == ["a.txt"]
    assert str(error) == (
        f"{target / 'sub' / 'b.txt'}: {os.strerror(errno.ENOSPC)}; 1 file was written before it"
    )
    assert files_under(target) == {"a.txt": "first\n"}
    assert not [path for path in target.rglob("*") if path.name.endswith(".corpusfmt-tmp")]
