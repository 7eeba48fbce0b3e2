"""Make the packer fixtures: a tree of hard cases, packed by each tool that packs trees for prompts.

The tests read the outputs committed in tests/data/packers and never need the
tools. To make them again, install the tools and run this script:

    pip install files-to-prompt gitingest code2prompt dir2text repo-to-text
    npm install repomix            # then put node_modules/.bin on PATH
    apt-get install tree           # repo-to-text draws its tree with it
    python tests/make_packer_fixtures.py

It writes one output per tool and style for each of two trees, ``tree.json`` and
``project.json`` (the files of each tree, byte for byte, as base64) and ``VERSIONS`` (the tools' versions).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data" / "packers"

# The hard cases: a README with a fence and an end line, a file that is itself
# a bundle, CR LF, no final newline, trailing whitespace, an empty file, a
# binary file, and a non-ASCII name with a space.
TREE: dict[str, bytes] = {
    "README.md": (
        b"# Demo\n\nA fenced sample:\n\n```text\n<<<FILE x.txt>>>\nhello\n"
        b"<<<END FILE>>>\n```\n\nDone.\n"
    ),
    "nested.bundle": (
        b"<<<FILE inner/a.txt>>>\ninner text\n<<<END FILE>>>\n"
        b"<<<FILE: inner/b.txt>>>\nmore\n<<<END FILE>>>\n"
    ),
    "crlf.txt": b"line one\r\nline two\r\n",
    "nofinal.txt": b"no final newline",
    "trailing.txt": b"trailing   \nspaces\t\n",
    "empty.txt": b"",
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
    "docs dir/\u00fcmlaut name.txt": "Gr\u00fc\u00dfe aus K\u00f6ln\n".encode(),
    "src/app.py": (b'def main():\n    print("hi")\n\n\nif __name__ == "__main__":\n    main()\n'),
}

# An ordinary project: what most packed trees look like.
PROJECT: dict[str, bytes] = {
    "pyproject.toml": b'[project]\nname = "greet"\nversion = "1.0"\n',
    "greet/__init__.py": b'"""Say hello."""\n\n\ndef hello(name: str) -> str:\n    return f"Hello, {name}!"\n',
    "greet/__main__.py": b"import sys\n\nfrom greet import hello\n\nprint(hello(sys.argv[1]))\n",
    "docs/index.md": b"# greet\n\n```console\n$ python -m greet World\nHello, World!\n```\n",
    "tests/test_greet.py": b'from greet import hello\n\n\ndef test_hello():\n    assert hello("x") == "Hello, x!"\n',
}

# (output file, command); {out} is the output path, the tree is the working directory.
RUNS = [
    ("files-to-prompt.txt", ["files-to-prompt", "."]),
    ("files-to-prompt-cxml.txt", ["files-to-prompt", ".", "--cxml"]),
    ("files-to-prompt-markdown.md", ["files-to-prompt", ".", "--markdown"]),
    ("files-to-prompt-n.txt", ["files-to-prompt", ".", "-n"]),
    ("repomix.xml", ["repomix", "--style", "xml", "-o", "{out}", "."]),
    (
        "repomix-parsable.xml",
        ["repomix", "--style", "xml", "--parsable-style", "-o", "{out}", "."],
    ),
    ("repomix.md", ["repomix", "--style", "markdown", "-o", "{out}", "."]),
    ("repomix.txt", ["repomix", "--style", "plain", "-o", "{out}", "."]),
    ("repomix.json", ["repomix", "--style", "json", "-o", "{out}", "."]),
    ("gitingest.txt", ["gitingest", ".", "-o", "{out}"]),
    ("code2prompt.md", ["code2prompt", "-p", ".", "-o", "{out}"]),
    ("code2prompt-no-codeblock.md", ["code2prompt", "-p", ".", "--no-codeblock", "-o", "{out}"]),
    ("dir2text.xml", ["dir2text", ".", "-o", "{out}"]),
    ("dir2text-base64.xml", ["dir2text", "-B", "encode", ".", "-o", "{out}"]),
    ("dir2text.json", ["dir2text", "-f", "json", "-B", "encode", ".", "-o", "{out}"]),
    ("repo-to-text.txt", ["repo-to-text", "--stdout", "."]),
]

VERSION_COMMANDS = {
    "files-to-prompt": ["files-to-prompt", "--version"],
    "repomix": ["repomix", "--version"],
    "gitingest": ["pip", "show", "gitingest"],
    "code2prompt": ["code2prompt", "--version"],
    "dir2text": ["dir2text", "--version"],
    "repo-to-text": ["pip", "show", "repo-to-text"],
}


def _version(command: list[str]) -> str:
    found = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    for line in found.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    last = found.strip().splitlines()[-1] if found.strip() else "unknown"
    return last.rsplit(" ", 1)[-1]


def _pack(tree_files: dict[str, bytes], suffix: str) -> None:
    """Write *tree_files* to a scratch tree and run every tool on it."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "tree"
        for name, data in tree_files.items():
            path = tree / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for output, command in RUNS:
            stem, dot, extension = output.partition(".")
            target = HERE / f"{stem}{suffix}{dot}{extension}"
            target.unlink(missing_ok=True)
            argv = [part.replace("{out}", str(target)) for part in command]
            if shutil.which(argv[0]) is None:
                print(f"{argv[0]} is not installed; {target.name} is left as it was")
                continue
            result = subprocess.run(
                argv,
                cwd=tree,
                capture_output=True,
                check=False,
                env=os.environ | {"NO_COLOR": "1"},
            )
            if "{out}" not in command:
                target.write_bytes(result.stdout)
            print(f"{target.name}: exit {result.returncode}")


def main() -> None:
    _pack(TREE, "")
    _pack(PROJECT, "-project")
    for name, files in (("tree.json", TREE), ("project.json", PROJECT)):
        manifest = {path: base64.b64encode(data).decode("ascii") for path, data in files.items()}
        (HERE / name).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    versions = [f"{tool} {_version(command)}" for tool, command in VERSION_COMMANDS.items()]
    (HERE / "VERSIONS").write_text("\n".join(versions) + "\n")


if __name__ == "__main__":
    main()
