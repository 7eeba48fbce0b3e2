"""pack and unpack on real trees, as a user runs them: names as given, .gitignore
patterns, the defaults, portable names, and refusals decided before writing."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import Document
from corpusfmt.tree._ignore import Rules, compile_rules
from tests.command import run
from tests.exact import raises_exactly
from tests.strategies import file_trees, ignore_lines


def _write(top: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _names(stdout: str) -> list[str]:
    return [doc.name for doc in corpusfmt.loads(stdout)]


def _on_disk(top: Path) -> dict[str, tuple[bytes, int]]:
    """Every regular file under *top*: its bytes and its permission bits."""
    return {
        path.relative_to(top).as_posix(): (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
        for path in sorted(top.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# (lines of a .gitignore, path relative to it, is it a directory, ignored?), each
# checked against git itself below.
IGNORE_CASES = [
    (["*.log"], "a.log", False, True),
    (["*.log"], "deep/er/a.log", False, True),
    (["*.log"], "a.logx", False, False),
    (["build/"], "build", True, True),
    (["build/"], "build", False, False),
    (["build/"], "src/build", True, True),
    (["/build"], "src/build", True, False),
    (["doc/frotz"], "doc/frotz", False, True),
    (["doc/frotz"], "a/doc/frotz", False, False),
    (["**/foo"], "a/b/foo", False, True),
    (["**/foo/bar"], "foo/bar", False, True),
    (["***/a"], "a", False, True),
    (["x/***"], "x/y/z", False, True),
    (["abc/**"], "abc/x/y", False, True),
    (["a/**/b"], "a/b", False, True),
    (["a/**/b"], "a/x/y/b", False, True),
    (["a/**/b"], "ab", False, False),
    (["a**b"], "ax/xb", False, False),
    # git compares the part before the first wildcard as a plain prefix, so a
    # "**" right after it is at a boundary.
    (["a**/a"], "aa", False, True),
    (["/a**"], "ab/c", False, True),
    (["x/a**/b"], "x/ay/z/b", False, True),
    (["*.txt", "!keep.txt"], "keep.txt", False, False),
    (["*.txt", "!keep.txt"], "other.txt", False, True),
    (["\\!x"], "!x", False, True),
    (["\\#x"], "#x", False, True),
    (["#x"], "#x", False, False),
    (["foo "], "foo", False, True),
    (["foo\\ "], "foo ", False, True),
    (["foo\\ "], "foo", False, False),
    (["[abc].c"], "b.c", False, True),
    (["[!abc].c"], "a.c", False, False),
    (["[!abc].c"], "d.c", False, True),
    (["[a-c]x"], "dx", False, False),
    (["[[:digit:]]x"], "5x", False, True),
    (["[a-]x"], "-x", False, True),
    (["[]]x"], "]x", False, True),
    (["[ab"], "[ab", False, False),
    (["?.c"], "ab.c", False, False),
    (["a?b"], "a/b", False, False),
    (["a*b"], "a/b", False, False),
    (["\\*"], "x", False, False),
    (["*/"], "d", True, True),
    (["*/"], "f", False, False),
    (["/"], "x", False, False),
    (["?.c"], "a.c", False, True),
    (["a\\?"], "a?", False, True),
    (["a\\?"], "ab", False, False),
    (["a/**/b"], "a/xb", False, False),
    (["a**b"], "axxc", False, False),
    (["a***b"], "axxb", False, True),
    (["[a-c]x"], "bx", False, True),
    (["[^a]x"], "bx", False, True),
    (["[!a]x"], "ax", False, False),
    (["[!a]x"], "/x", False, False),
    (["[a\\-c]x"], "-x", False, True),
    (["[a\\-c]x"], "bx", False, False),
    (["[[:alpha:]]x"], "Qx", False, True),
    (["[[:alpha:]]x"], "1x", False, False),
    (["[[:bogus:]]x"], "bx", False, False),
    (["[[:alpha:][:digit:]]x"], "7x", False, True),
    (["x["], "x[", False, False),
    (["[!]"], "!", False, False),
    (["[[:alpha]x"], "[x", False, True),
    (["[x-]y"], "-y", False, True),
    (["[-x]y"], "-y", False, True),
    (["a\\"], "a\\", False, False),
    (["a\\"], "a", False, False),
]


@pytest.mark.parametrize(("lines", "path", "is_directory", "ignored"), IGNORE_CASES)
def test_an_ignore_pattern_means_what_it_means_to_git(
    lines: list[str], path: str, is_directory: bool, ignored: bool
) -> None:
    rules = Rules().adding("", compile_rules(lines, ".gitignore"))
    assert rules.ignored(path, is_directory) is ignored


def test_the_ignore_cases_are_what_git_says(tmp_path: Path) -> None:
    for number, (lines, path, is_directory, ignored) in enumerate(IGNORE_CASES):
        repo = tmp_path / str(number)
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        (repo / ".gitignore").write_text("\n".join(lines) + "\n")
        argument = path + ("/" if is_directory else "")
        said = subprocess.run(
            ["git", "-C", str(repo), "check-ignore", "-q", "--no-index", "--", argument],
            check=False,
        )
        assert (said.returncode == 0) is ignored, (lines, path)


def test_pack_packs_what_git_would_add(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _write(
        repo,
        {
            ".gitignore": "*.log\n/dist/\nnode_modules/\n!important.log\n",
            "src/.gitignore": "generated/\n*.tmp\n!keep.tmp\n",
            "src/lib/.gitignore": "!*.log\nlocal.*\n",
            "src/app.py": "print(1)\n",
            "src/app.tmp": "t\n",
            "src/keep.tmp": "k\n",
            "src/generated/x.py": "g\n",
            "src/lib/debug.log": "kept again below\n",
            "src/lib/local.cfg": "mine\n",
            "src/lib/mod.py": "m\n",
            "src/lib/scratch.tmp": "ignored by src/.gitignore, above lib\n",
            "src/lib/private.txt": "ignored by .git/info/exclude\n",
            "dist/wheel.whl": "w\n",
            "src/dist/kept.txt": "only /dist at the top is ignored\n",
            "web/node_modules/pkg/index.js": "n\n",
            "trace.log": "l\n",
            "important.log": "i\n",
            "private.txt": "p\n",
            "README.md": "# r\n",
        },
    )
    (repo / ".git" / "info" / "exclude").write_text("private.txt\n")
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    result = run("pack", ".", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert _names(result.stdout) == sorted(listed)
    # The ignore files above a directory that is packed hold in it too.
    inner = run("pack", "lib", cwd=repo / "src")
    assert _names(inner.stdout) == ["lib/.gitignore", "lib/debug.log", "lib/mod.py"]
    # The same with a relative -C, from the top, and in Python.
    assert run("pack", "-C", "src", "lib", cwd=repo).stdout == inner.stdout
    assert corpusfmt.loads(inner.stdout) == corpusfmt.pack("lib", root=repo / "src")
    assert corpusfmt.loads(result.stdout) == corpusfmt.pack(".", root=repo)


def test_a_tree_packs_and_unpacks_to_the_same_files_and_modes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _write(
        tree,
        {
            ".gitignore": "*.o\n",
            "src/.gitignore": "cache/\n",
            "src/main.c": "int main(void) { return 0; }\n",
            "src/main.o": "object\n",
            "src/cache/x": "cached\n",
            "src/aux.c": "/* a Windows device name */\n",
            "notes:2024-01-01.txt": "a colon\n",
            "what?.md": "a question mark\n",
            "Makefile": "all:\n",
            "makefile": "all: again\n",
            "run.sh": "#!/bin/sh\necho hi\n",
            "real/inside.txt": "reached only as real/\n",
        },
    )
    (tree / "run.sh").chmod(0o755)
    (tree / "src" / "main.c").chmod(0o640)
    (tree / "linked").symlink_to(tree / "real", target_is_directory=True)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / ".git" / "info" / "exclude").write_text("*.secret-notes\n")
    (tree / "mine.secret-notes").write_text("x\n")
    bundle = tree / "all.bundle"
    first = run("pack", ".", "-o", "all.bundle", cwd=tree)
    assert first.returncode == 0, first.stderr
    again = run("pack", ".", "-o", "all.bundle", cwd=tree)
    assert again.stdout == ""
    assert again.stderr.splitlines() == [
        "corpusfmt: warning: left out linked: a symbolic link",
        "corpusfmt: warning: makefile: names the same file as Makefile on a case-insensitive "
        "file system; unpack writes both only with names='posix' (--names=posix) where case "
        "counts",
        "corpusfmt: warning: notes:2024-01-01.txt: not a portable name: it holds ':', which "
        "Windows does not allow in a file name; unpack writes it only with names='posix' "
        "(--names=posix)",
        "corpusfmt: warning: src/aux.c: not a portable name: 'aux.c' is a device name on "
        "Windows; unpack writes it only with names='posix' (--names=posix)",
        "corpusfmt: warning: what?.md: not a portable name: it holds '?', which Windows does "
        "not allow in a file name; unpack writes it only with names='posix' (--names=posix)",
        "corpusfmt: packed 10 files, 148 bytes; left out 6: 4 ignored, 1 symbolic link, "
        "1 the output itself",
    ]
    docs = corpusfmt.load(bundle)
    assert "all.bundle" not in [doc.name for doc in docs]
    out = tmp_path / "out"
    portable = run("unpack", str(bundle), "-C", str(out))
    assert portable.returncode == 1
    assert (
        portable.stderr.splitlines()[0] == "corpusfmt: refused 4 of 10 files; nothing was written"
    )
    assert portable.stderr.splitlines()[-1] == (
        "corpusfmt: --names=posix writes the names that POSIX allows; "
        "--skip-unsafe writes the others and leaves these out"
    )
    assert not out.exists()
    posix = run("unpack", str(bundle), "-C", str(out), "--names=posix", "--exec")
    assert (posix.returncode, posix.stderr) == (0, "")
    umask = os.umask(0)
    os.umask(umask)
    expected = {
        name: (data, (0o777 if mode & stat.S_IXUSR else 0o666) & ~umask)
        for name, (data, mode) in _on_disk(tree).items()
        if name in {doc.name for doc in docs}
    }
    assert _on_disk(out) == expected
    assert sorted(expected) == sorted(doc.name for doc in docs)


def test_names_are_the_paths_as_given(tmp_path: Path) -> None:
    _write(
        tmp_path, {"src/pkg/a.py": "a\n", "README.md": "r\n", "d1/x.txt": "1\n", "d2/x.txt": "2\n"}
    )
    result = run("pack", "src/", "./README.md", "d1", "d2", cwd=tmp_path)
    assert _names(result.stdout) == ["README.md", "d1/x.txt", "d2/x.txt", "src/pkg/a.py"]
    from_c = run("pack", "-C", str(tmp_path / "src"), "pkg")
    assert _names(from_c.stdout) == ["pkg/a.py"]
    absolute = run("pack", str(tmp_path / "src"), cwd=tmp_path)
    assert _names(absolute.stdout) == ["src/pkg/a.py"]
    outside = run("pack", "../README.md", cwd=tmp_path / "src")
    assert outside.returncode == 1
    assert outside.stderr == (
        f"corpusfmt: ../README.md: outside {tmp_path / 'src'}, which the names are made "
        "relative to; pack it from a directory that holds it (root=, or -C DIR)\n"
    )


def test_patterns_apply_to_the_paths_named_too(tmp_path: Path) -> None:
    _write(tmp_path, {"README.md": "r\n", "src/a.py": "a\n", "src/b.txt": "b\n"})
    excluded = run("pack", "README.md", "src", "--exclude", "README.md", cwd=tmp_path)
    assert _names(excluded.stdout) == ["src/a.py", "src/b.txt"]
    included = run(
        "pack", "README.md", "src/b.txt", "src", "--include", "*.py", "--verbose", cwd=tmp_path
    )
    assert _names(included.stdout) == ["src/a.py"]
    assert included.stderr.splitlines() == [
        "corpusfmt: warning: left out README.md: matches no --include pattern",
        "corpusfmt: warning: left out src/b.txt: matches no --include pattern",
        "corpusfmt: packed 1 file, 2 bytes; left out 2: 2 ignored",
    ]


def test_version_control_data_and_virtual_environments_are_left_out(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".hg/store": "h\n",
            ".svn/entries": "s\n",
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/site.py": "v\n",
            "app.py": "a\n",
        },
    )
    result = run("pack", ".", "--verbose", cwd=tmp_path)
    assert _names(result.stdout) == ["app.py"]
    assert result.stderr.splitlines()[:3] == [
        "corpusfmt: warning: left out .hg/: version control data",
        "corpusfmt: warning: left out .svn/: version control data",
        "corpusfmt: warning: left out env/: a Python virtual environment",
    ]
    every = run("pack", ".", "--no-gitignore", cwd=tmp_path)
    assert len(_names(every.stdout)) == 5


def test_a_git_file_points_to_the_repository_data(tmp_path: Path) -> None:
    # A worktree or a submodule has a .git file that names where its data is.
    (tmp_path / "data" / "info").mkdir(parents=True)
    (tmp_path / "data" / "info" / "exclude").write_text("*.local\n")
    _write(tmp_path / "work", {"a.py": "a\n", "b.local": "b\n", "sub/c.local": "c\n"})
    (tmp_path / "work" / ".git").write_text("gitdir: ../data\n")
    assert [doc.name for doc in corpusfmt.pack("sub", root=tmp_path / "work")] == []
    assert [doc.name for doc in corpusfmt.pack(".", root=tmp_path / "work")] == ["a.py"]


def test_a_root_reached_through_a_link_takes_the_real_path_of_a_file_in_it(
    tmp_path: Path,
) -> None:
    _write(tmp_path / "real", {"a.txt": "a\n"})
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert corpusfmt.pack(tmp_path / "real" / "a.txt", root=tmp_path / "link") == [
        Document("a.txt", "a\n")
    ]


def test_the_api_takes_one_path_or_many(tmp_path: Path) -> None:
    _write(tmp_path, {"src/a.py": "a\n", "b.txt": "b\n"})
    expected = [Document("src/a.py", "a\n")]
    assert corpusfmt.pack("src", root=tmp_path) == expected
    assert corpusfmt.pack(tmp_path / "src", root=tmp_path) == expected
    assert corpusfmt.pack(["src", Path("b.txt")], root=tmp_path) == [
        Document("b.txt", "b\n"),
        *expected,
    ]
    with raises_exactly(TypeError, "a path to pack must be a str or a path, not b'src'"):
        corpusfmt.pack([b"src"], root=tmp_path)  # type: ignore[list-item]
    with raises_exactly(FileNotFoundError, "[Errno 2] no such file or directory: 'nope'"):
        corpusfmt.pack("nope", root=tmp_path)


# (patterns given, names packed) on one tree, for --exclude and --include.
TREE = {
    "README.md": "r\n",
    "src/app.py": "a\n",
    "src/__pycache__/app.cpython-311.pyc": "c\n",
    "src/gen/out.py": "g\n",
    "src/web/app.min.js": "m\n",
    "tests/__pycache__/t.pyc": "c\n",
    "tests/test_app.py": "t\n",
    "docs/build/index.html": "h\n",
    "build/x.o": "o\n",
}
PATTERN_CASES = [
    (
        ["--exclude", "__pycache__"],
        [
            "README.md",
            "build/x.o",
            "docs/build/index.html",
            "src/app.py",
            "src/gen/out.py",
            "src/web/app.min.js",
            "tests/test_app.py",
        ],
    ),
    (
        ["--exclude", "/build/", "--exclude", "*.min.js", "--exclude", "src/gen"],
        [
            "README.md",
            "docs/build/index.html",
            "src/__pycache__/app.cpython-311.pyc",
            "src/app.py",
            "tests/__pycache__/t.pyc",
            "tests/test_app.py",
        ],
    ),
    (
        ["--exclude", "build/", "--exclude", "**/__pycache__/"],
        [
            "README.md",
            "src/app.py",
            "src/gen/out.py",
            "src/web/app.min.js",
            "tests/test_app.py",
        ],
    ),
    (
        ["--exclude", "*.py", "--exclude", "!test_*.py"],
        [
            "README.md",
            "build/x.o",
            "docs/build/index.html",
            "src/__pycache__/app.cpython-311.pyc",
            "src/web/app.min.js",
            "tests/__pycache__/t.pyc",
            "tests/test_app.py",
        ],
    ),
    (["--include", "*.py"], ["src/app.py", "src/gen/out.py", "tests/test_app.py"]),
    (
        ["--include", "src/", "--exclude", "__pycache__"],
        [
            "src/app.py",
            "src/gen/out.py",
            "src/web/app.min.js",
        ],
    ),
    (["--include", "src/**/*.py"], ["src/app.py", "src/gen/out.py"]),
]


@pytest.mark.parametrize(("options", "names"), PATTERN_CASES)
def test_patterns_choose_files_as_gitignore_lines_do(
    tmp_path: Path, options: list[str], names: list[str]
) -> None:
    _write(tmp_path, TREE)
    result = run("pack", ".", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _names(result.stdout) == names
    patterns: dict[str, list[str]] = {"--include": [], "--exclude": []}
    for option, pattern in zip(options[::2], options[1::2], strict=True):
        patterns[option].append(pattern)
    docs = corpusfmt.pack(
        ".", root=tmp_path, include=patterns["--include"], exclude=patterns["--exclude"]
    )
    assert [doc.name for doc in docs] == names


def test_secrets_are_packed_only_when_named(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".env": "KEY=1\n",
            ".env.example": "KEY=\n",
            "keys/id_rsa": "k\n",
            "keys/server.pem": "-----BEGIN EC PRIVATE KEY-----\nMHc=\n-----END EC PRIVATE KEY-----\n",
            "keys/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "app.py": "a\n",
        },
    )
    result = run("pack", ".", cwd=tmp_path)
    assert _names(result.stdout) == [".env.example", "app.py", "keys/ca.pem"]
    assert result.stderr == (
        "corpusfmt: warning: left out .env: it may hold secrets; name it to pack it\n"
        "corpusfmt: warning: left out keys/id_rsa: it may hold secrets; name it to pack it\n"
        "corpusfmt: warning: left out keys/server.pem: it may hold secrets; name it to pack it\n"
        "corpusfmt: packed 3 files, 66 bytes; left out 3: 3 may hold secrets\n"
    )
    named = run("pack", ".env", "app.py", cwd=tmp_path)
    assert _names(named.stdout) == [".env", "app.py"]
    # Named, and found again in the tree: packed, and not reported as left out.
    both = run("pack", ".env", ".", cwd=tmp_path)
    assert _names(both.stdout) == [".env", ".env.example", "app.py", "keys/ca.pem"]
    assert both.stderr == (
        "corpusfmt: warning: left out keys/id_rsa: it may hold secrets; name it to pack it\n"
        "corpusfmt: warning: left out keys/server.pem: it may hold secrets; name it to pack it\n"
        "corpusfmt: packed 4 files, 72 bytes; left out 2: 2 may hold secrets\n"
    )


def test_max_size_leaves_out_large_files_with_a_warning(tmp_path: Path) -> None:
    _write(tmp_path, {"small.txt": "s\n", "big.txt": "b" * 2048})
    result = run("pack", ".", "--max-size", "1K", cwd=tmp_path)
    assert _names(result.stdout) == ["small.txt"]
    assert result.stderr == (
        "corpusfmt: warning: left out big.txt: 2048 bytes, over the limit of 1024\n"
        "corpusfmt: packed 1 file, 2 bytes; left out 1: 1 over --max-size\n"
    )
    bad = run("pack", ".", "--max-size", "lots", cwd=tmp_path)
    assert bad.returncode == 2
    assert "not a size: 'lots' (write 1000, 500K, 10M or 1G)" in bad.stderr
    with raises_exactly(ValueError, "max_size must be 0 or more, not -1"):
        corpusfmt.pack(".", root=tmp_path, max_size=-1)


def test_a_name_no_document_can_hold_is_left_out(tmp_path: Path) -> None:
    _write(tmp_path, {"ok.txt": "o\n", "line\nbreak.txt": "x\n"})
    with open(os.path.join(os.fsencode(tmp_path), b"latin-1 \xe9.txt"), "wb") as file:
        file.write(b"x\n")
    skipped: list[corpusfmt.Skipped] = []
    assert corpusfmt.pack(".", root=tmp_path, on_skip=skipped.append) == [
        Document("ok.txt", "o\n")
    ]
    assert [(entry.name, entry.reason, entry.why) for entry in skipped] == [
        ("latin-1 \udce9.txt", "unnamable", "its name is not UTF-8"),
        ("line\nbreak.txt", "unnamable", "its name holds U+000A, which no document name may hold"),
    ]
    with pytest.warns(UserWarning, match="left out") as warned:
        corpusfmt.pack(".", root=tmp_path)
    assert [str(warning.message) for warning in warned] == [
        "latin-1 \udce9.txt: its name is not UTF-8, left out",
        "line\nbreak.txt: its name holds U+000A, which no document name may hold, left out",
    ]


def test_a_list_with_a_name_twice_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    docs = [Document("a.txt", "1\n"), Document("b.txt", "2\n"), Document("a.txt", "3\n")]
    plan = corpusfmt.plan_unpack(docs, tmp_path / "out")
    assert [(entry.problem, entry.refusal) for entry in plan] == [
        (None, None),
        (None, None),
        ("another document before it has this name", "duplicate"),
    ]
    with raises_exactly(
        ValueError,
        "refusing to unpack 1 of 3 documents, nothing was written:\n"
        "  'a.txt': another document before it has this name",
    ):
        corpusfmt.unpack(docs, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    nfc = [Document("caf\u00e9.txt", "1\n"), Document("cafe\u0301.txt", "2\n")]
    assert [
        (entry.problem, entry.refusal)
        for entry in corpusfmt.plan_unpack(nfc, tmp_path, names="posix")
    ] == [
        (None, None),
        ("it differs from 'caf\u00e9.txt' only in how its accents are encoded", "same-file"),
    ]


def test_each_refusal_has_its_kind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "there.txt").write_text("mine\n")
    docs = [
        Document("there.txt", "1\n"),
        Document("../x", "2\n"),
        Document("ab:c", "3\n"),
        Document("d", "4\n"),
        Document("d/e", "5\n"),
        Document("d", "6\n"),
        Document("fine.txt", "7\n"),
    ]
    assert [
        (entry.path, entry.problem, entry.refusal) for entry in corpusfmt.plan_unpack(docs, out)
    ] == [
        (out / "there.txt", "the file exists", "exists"),
        (
            out / ".." / "x",
            "it has a '..' component, which could leave the target directory",
            "unsafe",
        ),
        (
            out / "ab:c",
            "it holds ':', which Windows does not allow in a file name",
            "not-portable",
        ),
        (out / "d", None, None),
        (
            out / "d" / "e",
            "it needs 'd' to be a directory, but that is a document too",
            "needs-directory",
        ),
        (out / "d", "another document before it has this name", "duplicate"),
        (out / "fine.txt", None, None),
    ]


def test_posix_names_keep_every_traversal_and_link_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    docs = [
        Document("a:b.txt", "1\n"),
        Document("../x", "2\n"),
        Document("/abs", "3\n"),
        Document("link/y", "4\n"),
        Document("c\\d", "5\n"),
    ]
    plan = corpusfmt.plan_unpack(docs, out, names="posix")
    assert [(entry.document.name, entry.refusal) for entry in plan] == [
        ("a:b.txt", None),
        ("../x", "unsafe"),
        ("/abs", "unsafe"),
        ("link/y", "in-the-way"),
        ("c\\d", None),
    ]
    assert [entry.refusal for entry in corpusfmt.plan_unpack(docs[:1], out)] == ["not-portable"]


def test_posix_names_tell_case_apart_only_where_the_file_system_does(tmp_path: Path) -> None:
    docs = [Document("Makefile", "1\n"), Document("makefile", "2\n")]
    assert [e.refusal for e in corpusfmt.plan_unpack(docs, tmp_path / "out", names="posix")] == [
        None,
        None,
    ]
    # A directory that is found again under its name in the other case stands for
    # a file system where case does not count.
    (tmp_path / "insensitive").mkdir()
    (tmp_path / "INSENSITIVE").symlink_to(tmp_path / "insensitive")
    expected = [
        (None, None),
        ("it names the same file as 'Makefile' on a case-insensitive file system", "same-file"),
    ]
    plan = corpusfmt.plan_unpack(docs, tmp_path / "insensitive", names="posix")
    assert [(entry.problem, entry.refusal) for entry in plan] == expected
    # A directory still to be made is judged by the nearest one that exists.
    plan = corpusfmt.plan_unpack(docs, tmp_path / "insensitive" / "new", names="posix")
    assert [(entry.problem, entry.refusal) for entry in plan] == expected
    # Where no name can be looked up in another case, the stricter check holds.
    (tmp_path / "123").mkdir()
    plan = corpusfmt.plan_unpack(docs, tmp_path / "123", names="posix")
    assert [(entry.problem, entry.refusal) for entry in plan] == expected


def test_refusals_are_summed_up_and_listed_in_full_with_verbose(tmp_path: Path) -> None:
    bundle = tmp_path / "b.bundle"
    corpusfmt.dump([Document(f"f{number}:x", "x\n") for number in range(8)], bundle)
    out = tmp_path / "out"
    result = run("unpack", str(bundle), "-C", str(out))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "corpusfmt: refused 8 of 8 files; nothing was written",
        *(
            f"corpusfmt:   f{number}:x: it holds ':', which Windows does not allow in a file name"
            for number in range(5)
        ),
        "corpusfmt:   ... and 3 more (--verbose lists them all)",
        "corpusfmt: --names=posix writes the names that POSIX allows; "
        "--skip-unsafe writes the others and leaves these out",
    ]
    verbose = run("unpack", str(bundle), "-C", str(out), "--verbose")
    assert len(verbose.stderr.splitlines()) == 10
    assert run("unpack", str(bundle), "-C", str(out), "--names=posix").returncode == 0
    existing = run("unpack", str(bundle), "-C", str(out), "--names=posix")
    assert existing.stderr.splitlines()[-1] == (
        "corpusfmt: --force replaces existing files; "
        "--skip-unsafe writes the others and leaves these out"
    )


def test_a_run_stopped_midway_says_what_it_wrote_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    docs = [Document(f"{name}.txt", f"{name}\n") for name in "abcd"]

    def appears(
        before: str, make: Callable[[], object]
    ) -> Callable[[corpusfmt.PlannedFile], None]:
        def written(entry: corpusfmt.PlannedFile) -> None:
            if entry.document.name == before:
                make()

        return written

    with pytest.raises(corpusfmt.UnpackError) as caught:
        corpusfmt.unpack(
            docs, out, on_written=appears("a.txt", lambda: (out / "b.txt").write_text("theirs\n"))
        )
    assert str(caught.value) == (
        f"{out / 'b.txt'}: {out / 'b.txt'} appeared while it was written; not replaced; "
        "1 file was written before it"
    )
    assert [entry.document.name for entry in caught.value.written] == ["a.txt"]
    assert caught.value.failed.document.name == "b.txt"
    assert sorted(path.name for path in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "b.txt").read_text() == "theirs\n"
    # Replacing, a directory that appears where a file goes stops the run too.
    with pytest.raises(corpusfmt.UnpackError) as caught:
        corpusfmt.unpack(docs, out, force=True, on_written=appears("b.txt", (out / "c.txt").mkdir))
    assert str(caught.value) == f"{out / 'c.txt'}: Is a directory; 2 files were written before it"
    assert caught.value.errno == errno.EISDIR
    assert sorted(path.name for path in out.iterdir()) == ["a.txt", "b.txt", "c.txt"]


# A name with "*" is not portable: that warning is not what is tested here.
@pytest.mark.filterwarnings("ignore:.*not a portable name")
@given(lines=st.lists(ignore_lines(), min_size=1, max_size=4), files=file_trees())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_pack_leaves_out_what_git_ignores(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], files: list[str]
) -> None:
    repo = tmp_path_factory.mktemp("repo")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("\n".join(lines) + "\n")
    for name in files:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x")
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    expected = sorted(name for name in listed.split("\0") if name)
    assert [doc.name for doc in corpusfmt.pack(".", root=repo)] == expected


def test_a_streamed_refusal_names_the_option_that_answers_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("mine\n")
    bundle = corpusfmt.dumps([Document("a.txt", "theirs\n"), Document("notes:1.txt", "x\n")])
    result = run("unpack", "-", "--stream", "-C", str(out), stdin=bundle.encode())
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "corpusfmt: not written a.txt: the file exists (--force replaces existing files)",
        "corpusfmt: not written notes:1.txt: it holds ':', which Windows does not allow in a file name "
        "(--names=posix writes the names that POSIX allows)",
        "corpusfmt: 0 files written, 2 not written",
    ]
    assert (out / "a.txt").read_text() == "mine\n"


def test_pack_help_shows_an_example_of_each_default_and_pattern() -> None:
    shown = run("pack", "--help").stdout
    for example in (
        "corpusfmt pack src/ README.md -o project.bundle",
        "corpusfmt pack -C ~/corpus . -o corpus.bundle",
        "--exclude __pycache__",
        "--exclude 'docs/_build/'",
        "--include '*.py'",
        "--max-size 1M --no-gitignore",
    ):
        assert example in shown


def test_names_must_be_one_of_the_two_and_posix_only_off_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with raises_exactly(ValueError, "names must be 'portable' or 'posix', not 'windows'"):
        corpusfmt.plan_unpack([], tmp_path, names="windows")  # type: ignore[arg-type]
    with raises_exactly(ValueError, "names must be 'portable' or 'posix', not 'any'"):
        corpusfmt.Unpacker(tmp_path, names="any")  # type: ignore[arg-type]
    with raises_exactly(ValueError, "names must be 'portable' or 'posix', not 'nt'"):
        corpusfmt.unsafe_name_reason("a:b", "nt")  # type: ignore[arg-type]
    monkeypatch.setattr(os, "name", "nt")
    with raises_exactly(
        ValueError, "names='posix' writes names that Windows cannot hold; not on Windows"
    ):
        corpusfmt.plan_unpack([], tmp_path, names="posix")


def test_pack_reports_each_file_it_leaves_out_and_why(tmp_path: Path) -> None:
    top = tmp_path / "top"
    _write(
        top,
        {
            ".gitignore": "*.log\n",
            ".git/HEAD": "ref\n",
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "app.log": "l\n",
            "skip.me": "x\n",
            ".env": "K=1\n",
            "limit.txt": "1234567890",
            "over.txt": "12345678901",
            "run.sh": "#!/bin/sh\n",
            "all.bundle": "",
        },
    )
    (top / "run.sh").chmod(0o755)
    (top / "latin1.txt").write_bytes(b"caf\xe9")
    (top / "link").symlink_to(top / "run.sh")
    os.mkfifo(top / "fifo")
    skipped: list[corpusfmt.Skipped] = []
    docs = corpusfmt.pack(
        ".",
        root=top,
        exclude=["*.me"],
        binary="skip",
        max_size=10,
        output=top / "all.bundle",
        on_skip=skipped.append,
    )
    assert docs == [
        Document(".gitignore", "*.log\n"),
        Document("limit.txt", "1234567890"),
        Document("run.sh", "#!/bin/sh\n", {"executable": "yes"}),
    ]
    assert [
        (entry.name, entry.path, entry.reason, entry.why, entry.is_directory) for entry in skipped
    ] == [
        (".env", top / ".env", "secret", "it may hold secrets; name it to pack it", False),
        (".git", top / ".git", "ignored", "version control data", True),
        ("all.bundle", top / "all.bundle", "output", "the bundle being written", False),
        ("app.log", top / "app.log", "ignored", "matches '*.log' in .gitignore", False),
        ("env", top / "env", "ignored", "a Python virtual environment", True),
        ("fifo", top / "fifo", "not-regular", "not a regular file", False),
        ("link", top / "link", "symlink", "a symbolic link", False),
        ("over.txt", top / "over.txt", "too-large", "11 bytes, over the limit of 10", False),
        ("skip.me", top / "skip.me", "ignored", "matches --exclude '*.me'", False),
        ("latin1.txt", top / "latin1.txt", "not-utf8", "not UTF-8 text", False),
    ]
    with pytest.warns(UserWarning, match="left out") as warned:
        corpusfmt.pack(".", root=top, binary="skip", max_size=10, output=top / "all.bundle")
    assert [str(warning.message) for warning in warned] == [
        ".env: it may hold secrets; name it to pack it, left out",
        "fifo: not a regular file, left out",
        "link: a symbolic link, left out",
        "over.txt: 11 bytes, over the limit of 10, left out",
        "latin1.txt: not UTF-8 text, left out",
    ]
    # Each warning points at the line that called pack, not into corpusfmt.
    assert {warning.filename for warning in warned} == {__file__}
    (top / "a:b").write_text("x\n")
    with pytest.warns(UserWarning, match="not a portable name") as warned:
        corpusfmt.pack("a:b", root=top)
    assert [warning.filename for warning in warned] == [__file__]
