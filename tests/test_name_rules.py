"""Which names are safe to restore as files: each rule, with its exact reason, in-process.

These go through the public API (:func:`corpusfmt.unsafe_name_reason` and
:func:`corpusfmt.plan_unpack`) in this process, so that mutation testing sees
them; the command line's own tests run the same rules in a subprocess.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import Document, plan_unpack, unsafe_name_reason

UNC = "it is a UNC path"
ABSOLUTE = "it is an absolute path"
DRIVE = "it begins with a drive letter"
BACKSLASH = "it holds a backslash, which Windows reads as a path separator"
EMPTY = "it has an empty path component ('//' or a '/' at an end)"
PARENT = "it has a '..' component, which could leave the target directory"
DOT = "it has a '.' component"
LONG = "a path component is longer than 255 bytes"
TRAILING = "a path component ends in a dot or a space, which Windows drops"


def forbidden(char: str) -> str:
    return f"it holds {char!r}, which Windows does not allow in a file name"


def device(component: str) -> str:
    return f"{component!r} is a device name on Windows"


def control(code: int) -> str:
    return f"it holds the control character U+{code:04X}"


# (name, reason under "portable", reason under "posix"); None is safe.
CASES: list[tuple[str, str | None, str | None]] = [
    ("src/app.py", None, None),
    ("a", None, None),
    ("\\\\server\\share\\x", UNC, None),
    ("//server/share/x", UNC, ABSOLUTE),
    ("/etc/passwd", ABSOLUTE, ABSOLUTE),
    ("C:x", DRIVE, None),
    ("c:/x", DRIVE, None),
    ("C:", DRIVE, None),
    # A drive letter is one ASCII letter: these are a ':' in a name instead.
    ("1:x", forbidden(":"), None),
    ("é:x", forbidden(":"), None),
    ("ab:x", forbidden(":"), None),
    ("C", None, None),
    ("a\\b", BACKSLASH, None),
    ("..\\x", BACKSLASH, None),
    ("a\x00b", control(0x00), control(0x00)),
    ("a\nb", control(0x0A), control(0x0A)),
    ("a\x1fb", control(0x1F), control(0x1F)),
    ("a\x7fb", control(0x7F), control(0x7F)),
    ("a\x80b", control(0x80), control(0x80)),
    # The last C1 control character: U+009F is Cc, U+00A0 is not.
    ("a\x9fb", control(0x9F), control(0x9F)),
    ("a\xa0b", None, None),
    ("a\x20b", None, None),
    ("", EMPTY, EMPTY),
    ("a//b", EMPTY, EMPTY),
    ("a/", EMPTY, EMPTY),
    ("../x", PARENT, PARENT),
    ("a/../b", PARENT, PARENT),
    ("a/..", PARENT, PARENT),
    ("./a", DOT, DOT),
    ("a/./b", DOT, DOT),
    ("...", TRAILING, None),
    ("..a", None, None),
    # 255 bytes are the limit, counted in UTF-8, not in characters.
    ("a" * 255, None, None),
    ("a" * 256, LONG, LONG),
    ("é" * 127 + "a", None, None),
    ("é" * 128, LONG, LONG),
    ("d/" + "a" * 256, LONG, LONG),
    ("a.", TRAILING, None),
    ("a ", TRAILING, None),
    ("dir./a", TRAILING, None),
    ("dir /a", TRAILING, None),
    ("CON", device("CON"), None),
    ("con", device("con"), None),
    ("con.txt", device("con.txt"), None),
    ("Con.tar.gz", device("Con.tar.gz"), None),
    # Windows drops the spaces before the dot: "CON .txt" is the device too.
    ("CON .txt", device("CON .txt"), None),
    ("con  .txt", device("con  .txt"), None),
    ("sub/NUL", device("NUL"), None),
    ("aux/readme", device("aux"), None),
    ("prn.log", device("prn.log"), None),
    ("conin$", device("conin$"), None),
    ("CONOUT$.txt", device("CONOUT$.txt"), None),
    ("com1", device("com1"), None),
    ("COM9.txt", device("COM9.txt"), None),
    ("com¹", device("com¹"), None),
    ("lpt³.dat", device("lpt³.dat"), None),
    ("LPT5", device("LPT5"), None),
    ("com0", None, None),
    ("com10", None, None),
    ("lpt", None, None),
    ("console", None, None),
    ("xcon", None, None),
    (" con", None, None),
    ("nul_file", None, None),
]
CASES += [(f"ab{char}c", forbidden(char), None) for char in '<>:"|?*']


@pytest.mark.parametrize(("name", "portable", "posix"), CASES, ids=repr)
def test_each_rule_and_its_reason(name: str, portable: str | None, posix: str | None) -> None:
    assert unsafe_name_reason(name) == portable
    assert unsafe_name_reason(name, "portable") == portable
    assert unsafe_name_reason(name, "posix") == posix


def test_the_first_rule_a_name_breaks_is_the_one_named() -> None:
    assert unsafe_name_reason("/a/../b") == ABSOLUTE
    assert unsafe_name_reason("a\\b/../c") == BACKSLASH
    assert unsafe_name_reason("../CON") == PARENT
    assert unsafe_name_reason("a<b/CON") == forbidden("<")
    assert unsafe_name_reason("a*?b") == forbidden("*"), "the first in code point order"


def test_names_must_be_portable_or_posix() -> None:
    with pytest.raises(ValueError, match="names must be") as caught:
        unsafe_name_reason("a", "windows")  # type: ignore[arg-type]
    assert str(caught.value) == "names must be 'portable' or 'posix', not 'windows'"


def refusals(tmp_path: Path, wanted: list[str], **options: object) -> list[tuple[str, str | None]]:
    docs = [Document(name, "x\n") for name in wanted]
    plan = plan_unpack(docs, tmp_path / "out", **options)  # type: ignore[arg-type]
    return [(planned.document.name, planned.problem) for planned in plan]


def test_two_names_of_one_file_on_a_case_insensitive_system(tmp_path: Path) -> None:
    """The second of two names that fold alike is refused, naming the first."""
    assert refusals(tmp_path, ["Readme.md", "README.md", "readme.MD", "other.md"]) == [
        ("Readme.md", None),
        ("README.md", "it names the same file as 'Readme.md' on a case-insensitive file system"),
        ("readme.MD", "it names the same file as 'Readme.md' on a case-insensitive file system"),
        ("other.md", None),
    ]


def test_case_folding_is_full_folding_and_normalisation(tmp_path: Path) -> None:
    """ß folds to ss, and a composed é is the decomposed one."""
    assert refusals(tmp_path, ["straße.txt", "STRASSE.txt", "caf\u00e9", "cafe\u0301"]) == [
        ("straße.txt", None),
        (
            "STRASSE.txt",
            "it names the same file as 'straße.txt' on a case-insensitive file system",
        ),
        ("caf\u00e9", None),
        ("cafe\u0301", "it names the same file as 'café' on a case-insensitive file system"),
    ]


def test_a_parent_directory_that_is_a_document_in_another_case(tmp_path: Path) -> None:
    """Bug guarded: the parent check without folding accepted 'a' and 'A/b.txt'."""
    assert refusals(tmp_path, ["a", "A/b.txt"]) == [
        ("a", None),
        ("A/b.txt", "it needs 'A' to be a directory, but that is a document too"),
    ]
    assert refusals(tmp_path, ["x/y", "x/y/z", "X/Y/Z/w"])[1:] == [
        ("x/y/z", "it needs 'x/y' to be a directory, but that is a document too"),
        ("X/Y/Z/w", "it needs 'X/Y' to be a directory, but that is a document too"),
    ]


def test_a_refused_name_takes_no_name_from_those_after_it(tmp_path: Path) -> None:
    assert refusals(tmp_path, ["a.", "A."], names="portable") == [
        ("a.", TRAILING),
        ("A.", TRAILING),
    ]
    assert refusals(tmp_path, ["bad\\x", "BAD\\x"]) == [
        ("bad\\x", BACKSLASH),
        ("BAD\\x", BACKSLASH),
    ]


def test_a_second_document_of_one_name(tmp_path: Path) -> None:
    assert refusals(tmp_path, ["a", "a"]) == [
        ("a", None),
        ("a", "another document before it has this name"),
    ]


def test_the_kind_of_each_refusal(tmp_path: Path) -> None:
    """A name only Windows refuses is "not-portable", one every system refuses "unsafe"."""
    docs = [Document(name, "x\n") for name in ["CON", "../x", "a", "A", "a/b", "a"]]
    plan = plan_unpack(docs, tmp_path / "out")
    assert [planned.refusal for planned in plan] == [
        "not-portable",
        "unsafe",
        None,
        "same-file",
        "needs-directory",
        "duplicate",
    ]


def test_posix_names_on_a_file_system_where_case_counts(tmp_path: Path) -> None:
    """With names="posix", case counts where the file system says so; accents never."""
    probe = tmp_path / "Probe"
    probe.write_text("")
    case_counts = not (tmp_path / "pROBE").exists()
    plan = refusals(tmp_path, ["a", "A", "caf\u00e9", "cafe\u0301"], names="posix")
    if case_counts:
        assert plan == [
            ("a", None),
            ("A", None),
            ("caf\u00e9", None),
            ("cafe\u0301", "it differs from 'café' only in how its accents are encoded"),
        ]
    else:
        assert plan[1] == ("A", "it names the same file as 'a' on a case-insensitive file system")


def test_the_names_a_public_call_accepts() -> None:
    with pytest.raises(ValueError, match="names must be") as caught:
        corpusfmt.plan_unpack([], ".", names="windows")  # type: ignore[arg-type]
    assert str(caught.value) == "names must be 'portable' or 'posix', not 'windows'"


def test_pack_warns_of_names_that_fold_alike(tmp_path: Path) -> None:
    """Bug guarded: pack comparing names as they are misses Makefile and makefile."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "Makefile").write_text("all:\n")
    (tree / "makefile").write_text("all:\n")
    if len(list(tree.iterdir())) < 2:
        pytest.skip("this file system does not tell case apart: the two are one file")
    with pytest.warns(UserWarning, match="names the same file") as caught:
        docs = corpusfmt.pack(tree, root=tree)
    assert [doc.name for doc in docs] == ["Makefile", "makefile"]
    assert [str(warning.message) for warning in caught] == [
        "makefile: names the same file as Makefile on a case-insensitive file system; unpack "
        "writes both only with names='posix' (--names=posix) where case counts"
    ]
