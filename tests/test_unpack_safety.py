"""Hostile bundles: unpack must refuse them, write nothing, and touch nothing outside DIR."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import corpusfmt
from corpusfmt import Document
from tests.command import SCRIPT, run
from tests.exact import raises_exactly

Setup = Callable[[Path, Path], None]


def _nothing(_target: Path, _outside: Path) -> None:
    pass


def _symlink_to_outside(name: str) -> Setup:
    def plant(target: Path, outside: Path) -> None:
        link = target / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside, target_is_directory=True)

    return plant


def _symlink_to_secret(target: Path, outside: Path) -> None:
    (target / "file.txt").symlink_to(outside / "secret.txt")


def _file_named_a(target: Path, _outside: Path) -> None:
    (target / "a").write_text("I am a file\n")


def _existing_file(target: Path, _outside: Path) -> None:
    (target / "exists.txt").write_text("old content\n")


def _dangling_symlink(target: Path, outside: Path) -> None:
    (target / "new.txt").symlink_to(outside / "not-yet-there.txt")


@attrs.frozen
class Attack:
    id: str
    # The bundle, as text (so that it may be one corpusfmt would not write),
    # or as documents.
    bundle: str | list[Document]
    reason: str
    setup: Setup = _nothing
    flags: tuple[str, ...] = ()


def _docs(*names: str) -> list[Document]:
    return [Document(name, f"payload for {name}\n") for name in names]


ATTACKS = [
    Attack("absolute path", _docs("/OUTSIDE/evil.txt"), "it is an absolute path"),
    Attack("parent directory", _docs("../outside/evil.txt"), "'..' component"),
    Attack("parent after a directory", _docs("a/../../outside/evil.txt"), "'..' component"),
    Attack("bare ..", _docs(".."), "'..' component"),
    Attack("trailing ..", _docs("a/.."), "'..' component"),
    Attack("dot component", _docs("./a.txt"), "a '.' component"),
    Attack("empty component", _docs("a//b.txt"), "empty path component"),
    Attack("trailing slash", _docs("a/"), "empty path component"),
    Attack("backslash parent", _docs("..\\outside\\evil.txt"), "backslash"),
    Attack("backslash separator", _docs("a\\b.txt"), "backslash"),
    Attack("drive letter and backslash", _docs("C:\\evil.txt"), "drive letter"),
    Attack("drive-relative path", _docs("C:evil.txt"), "drive letter"),
    Attack("drive letter and slash", _docs("c:/evil.txt"), "drive letter"),
    Attack("UNC path with backslashes", _docs("\\\\server\\share\\evil.txt"), "UNC path"),
    Attack("UNC path with slashes", _docs("//server/share/evil.txt"), "UNC path"),
    Attack("NUL in a name", '<<<FILE "a\x00b">>>\nx\n<<<END FILE>>>\n', "U+0000"),
    Attack("escape character in a name", "<<<FILE a\x1b[2Jb>>>\nx\n<<<END FILE>>>\n", "U+001B"),
    Attack("device name", _docs("CON"), "device name on Windows"),
    Attack("device name with an extension", _docs("con.txt"), "device name on Windows"),
    Attack("device name in a directory", _docs("src/aux.c"), "device name on Windows"),
    Attack("printer port", _docs("LPT1"), "device name on Windows"),
    Attack("serial port with an extension", _docs("COM9.log"), "device name on Windows"),
    Attack("trailing dot", _docs("evil."), "ends in a dot or a space"),
    Attack("trailing space", _docs("evil "), "ends in a dot or a space"),
    Attack("NTFS stream", _docs("a.txt:hidden"), "':'"),
    Attack("wildcard character", _docs("a?.txt"), "'?'"),
    Attack("case collision", _docs("README.md", "readme.md"), "case-insensitive"),
    Attack("normalisation collision", _docs("\u00e9.txt", "e\u0301.txt"), "case-insensitive"),
    Attack("a file and a directory of one name", _docs("a", "a/b.txt"), "that is a document too"),
    Attack(
        "symbolic link to a directory outside",
        _docs("link/evil.txt"),
        "'link' is a symbolic link",
        _symlink_to_outside("link"),
    ),
    Attack(
        "symbolic link deeper in the tree",
        _docs("sub/link/evil.txt"),
        "'sub/link' is a symbolic link",
        _symlink_to_outside("sub/link"),
    ),
    Attack(
        "symbolic link to a file outside, with --force",
        _docs("file.txt"),
        "'file.txt' is a symbolic link",
        _symlink_to_secret,
        ("--force",),
    ),
    Attack(
        "dangling symbolic link where a file would go",
        _docs("new.txt"),
        "'new.txt' is a symbolic link",
        _dangling_symlink,
    ),
    Attack(
        "a file where a directory is needed",
        _docs("a/b.txt"),
        "'a' exists and is not a directory",
        _file_named_a,
    ),
    Attack("an existing file", _docs("exists.txt"), "the file exists", _existing_file),
    Attack("a component of 256 bytes", _docs("x" * 256), "longer than 255 bytes"),
    Attack(
        "one unsafe name among safe ones",
        _docs("good.txt", "../evil.txt", "also/good.txt"),
        "'..' component",
    ),
    Attack(
        "a model's answer in another dialect",
        "Here you go:\n<<<FILE: ../../.bashrc>>>\nrm -rf ~\n<<<END FILE>>>\n",
        "'..' component",
        flags=("--dialect", "auto"),
    ),
]


def _snapshot(top: Path) -> dict[str, object]:
    """Everything under *top*, links not followed: kind and content of each entry."""
    found: dict[str, object] = {}
    for folder, subfolders, files in os.walk(top):
        for entry in [*subfolders, *files]:
            path = Path(folder) / entry
            relative = path.relative_to(top).as_posix()
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[relative] = ("dir",)
            else:
                found[relative] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode))
    return found


def test_there_are_at_least_thirty_attacks() -> None:
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS) >= 30


def _staged(tmp_path: Path, attack: Attack) -> tuple[Path, Path, bytes]:
    """A secret outside the target, the target as the attack prepares it, and
    the hostile bundle's bytes: ``(outside, target, bundle)``."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("keep me\n")
    target = tmp_path / "target"
    target.mkdir()
    attack.setup(target, outside)
    if isinstance(attack.bundle, str):
        return outside, target, attack.bundle.encode("utf-8")
    docs = [
        attrs.evolve(doc, name=doc.name.replace("/OUTSIDE", str(outside))) for doc in attack.bundle
    ]
    return outside, target, corpusfmt.dumps(docs).encode("utf-8")


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.id for attack in ATTACKS])
def test_unpack_refuses_and_writes_nothing(tmp_path: Path, attack: Attack) -> None:
    outside, target, data = _staged(tmp_path, attack)
    bundle = tmp_path / "hostile.bundle"
    bundle.write_bytes(data)
    before_outside, before_target = _snapshot(outside), _snapshot(target)
    before_above = sorted(path.name for path in tmp_path.iterdir())

    result = run("unpack", str(bundle), "-C", str(target), *attack.flags)

    assert result.returncode == 1, result.stderr
    assert attack.reason in result.stderr
    assert _snapshot(outside) == before_outside
    assert _snapshot(target) == before_target
    assert sorted(path.name for path in tmp_path.iterdir()) == before_above


def test_skip_unsafe_writes_the_safe_files_and_names_the_others(tmp_path: Path) -> None:
    bundle = tmp_path / "mixed.bundle"
    corpusfmt.dump(_docs("good.txt", "../evil.txt", "sub/fine.txt"), bundle)
    result = run("unpack", str(bundle), "-C", str(tmp_path / "out"), "--skip-unsafe")
    assert result.returncode == 1
    assert result.stderr == (
        "corpusfmt: skipped 1 of 3 files; the others are written\n"
        "corpusfmt:   ../evil.txt: it has a '..' component, "
        "which could leave the target directory\n"
    )
    assert _snapshot(tmp_path / "out") == {
        "good.txt": ("file", b"payload for good.txt\n", 0o666 & ~_umask()),
        "sub": ("dir",),
        "sub/fine.txt": ("file", b"payload for sub/fine.txt\n", 0o666 & ~_umask()),
    }
    assert not (tmp_path / "evil.txt").exists()


def test_force_replaces_a_hard_link_without_writing_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    target = tmp_path / "target"
    target.mkdir()
    os.link(outside, target / "shared.txt")
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(_docs("shared.txt"), bundle)
    assert run("unpack", str(bundle), "-C", str(target)).returncode == 1
    result = run("unpack", str(bundle), "-C", str(target), "--force")
    assert (result.returncode, result.stderr) == (0, "")
    assert (target / "shared.txt").read_text() == "payload for shared.txt\n"
    assert outside.read_text() == "keep me\n"


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(_docs("a.txt", "CON"), bundle)
    target = tmp_path / "target"
    result = run("unpack", str(bundle), "-C", str(target), "--dry-run")
    assert result.returncode == 1
    assert result.stdout == (
        f"write  {target / 'a.txt'}  (18 bytes)\nrefuse CON: 'CON' is a device name on Windows\n"
    )
    assert not target.exists()
    corpusfmt.dump(_docs("a.txt"), bundle)
    result = run("unpack", str(bundle), "-C", str(target), "--dry-run")
    assert (result.returncode, result.stdout) == (0, f"write  {target / 'a.txt'}  (18 bytes)\n")
    assert not target.exists()


def test_exec_bits_only_when_marked_and_asked(tmp_path: Path) -> None:
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(
        [Document("run.sh", "#!/bin/sh\n", {"executable": "yes"}), Document("data.txt", "x\n")],
        bundle,
    )
    plain, asked = tmp_path / "plain", tmp_path / "asked"
    assert run("unpack", str(bundle), "-C", str(plain)).returncode == 0
    assert run("unpack", str(bundle), "-C", str(asked), "--exec").returncode == 0
    umask = _umask()
    assert stat.S_IMODE(os.stat(plain / "run.sh").st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(os.stat(asked / "run.sh").st_mode) == 0o777 & ~umask
    assert stat.S_IMODE(os.stat(asked / "data.txt").st_mode) == 0o666 & ~umask


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(_docs("a.txt", "b/c.txt"), bundle)
    assert run("unpack", str(bundle), "-C", str(tmp_path / "out")).returncode == 0
    assert sorted(_snapshot(tmp_path / "out")) == ["a.txt", "b", "b/c.txt"]


def test_the_library_refuses_with_every_reason_at_once(tmp_path: Path) -> None:
    with raises_exactly(
        ValueError,
        "refusing to unpack 2 of 3 documents, nothing was written "
        "(names='posix' writes the names that POSIX allows):\n"
        "  '/abs': it is an absolute path\n"
        "  'a\\\\b': it holds a backslash, which Windows reads as a path separator",
    ):
        corpusfmt.unpack(_docs("ok.txt", "/abs", "a\\b"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.id for attack in ATTACKS])
def test_unpack_stream_refuses_every_attack_file_by_file(tmp_path: Path, attack: Attack) -> None:
    outside, target, data = _staged(tmp_path, attack)
    before_outside = _snapshot(outside)
    before_above = sorted(path.name for path in tmp_path.iterdir())

    result = run("unpack", "-", "--stream", "-C", str(target), *attack.flags, stdin=data)

    assert result.returncode == 1, result.stderr
    assert attack.reason in result.stderr
    assert _snapshot(outside) == before_outside
    assert sorted(path.name for path in tmp_path.iterdir()) == before_above
    # Each document is written where its name says, inside the target, or nowhere.
    holders: dict[bytes, list[Path]] = {}
    for folder, _, files in os.walk(tmp_path, followlinks=False):
        for file_name in files:
            path = Path(folder) / file_name
            if not path.is_symlink():
                content = path.read_bytes()
                for doc in docs_of(attack):
                    if doc.data in content:
                        holders.setdefault(doc.data, []).append(path)
    for doc in docs_of(attack):
        assert holders.get(doc.data, []) in ([], [target.joinpath(*doc.name.split("/"))])


def docs_of(attack: Attack) -> list[Document]:
    return [] if isinstance(attack.bundle, str) else attack.bundle


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a\x00b", "0000"),
        ("a\x1fb", "001F"),
        ("a\x7f", "007F"),
        ("x/\x85y", "0085"),
        ("\x9b", "009B"),
    ],
)
def test_every_control_character_makes_a_name_unsafe(name: str, code: str) -> None:
    assert corpusfmt.unsafe_name_reason(name) == f"it holds the control character U+{code}"


@pytest.mark.parametrize("name", ["a\xa0b", "\u200bz", "Grüße/ä.txt", "a\u2028b"])
def test_characters_next_to_the_controls_are_not_control_characters(name: str) -> None:
    reason = corpusfmt.unsafe_name_reason(name)
    assert reason is None or "control character" not in reason


@pytest.mark.parametrize("umask", [0o000, 0o077, 0o022])
def test_modes_under_a_fixed_umask_from_the_command_line(tmp_path: Path, umask: int) -> None:
    """Bug guarded: a fixed 0o644 for every file passes a test that computes its
    expectation from the umask the test runs under; here the umask is set."""
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump(
        [
            Document("bin/run.sh", "#!/bin/sh\n", {"executable": "yes"}),
            Document("data/notes.txt", "x\n"),
        ],
        bundle,
    )
    target = tmp_path / "out"
    completed = subprocess.run(
        [SCRIPT, "unpack", str(bundle), "-C", str(target), "--exec"],
        capture_output=True,
        check=False,
        umask=umask,
    )
    assert completed.returncode == 0, completed.stderr
    modes = {
        path.relative_to(target).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in sorted(target.rglob("*"))
    }
    assert modes == {
        "bin": 0o777 & ~umask,
        "bin/run.sh": 0o777 & ~umask,
        "data": 0o777 & ~umask,
        "data/notes.txt": 0o666 & ~umask,
    }


@pytest.mark.parametrize("umask", [0o000, 0o077])
def test_modes_under_a_fixed_umask_from_the_library(tmp_path: Path, umask: int) -> None:
    """The same in this process, through corpusfmt.unpack, where mutation testing sees it."""
    docs = [Document("run.sh", "#!/bin/sh\n", {"executable": "yes"}), Document("a.txt", "x\n")]
    old = os.umask(umask)
    try:
        corpusfmt.unpack(docs, tmp_path / "out", executable=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out" / "run.sh").stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((tmp_path / "out" / "a.txt").stat().st_mode) == 0o666 & ~umask
