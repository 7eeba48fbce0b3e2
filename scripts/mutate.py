"""Mutation testing: plant small bugs in a module, one at a time, and count those the tests catch.

    python scripts/mutate.py names              # the name rules of unpacking
    python scripts/mutate.py names --min 90     # exit 1 below 90 % (what CI runs)
    python scripts/mutate.py header frame       # several modules, one after the other

Runs mutmut (``pip install mutmut``) on a copy of this tree, in a virtual
environment of its own where corpusfmt is installed from that copy (not
editable, so that the mutated source, put first on ``sys.path``, is what the
tests and the console script import). Prints, for each module, the mutants
killed, those that survived, and the score: killed / all mutants. A mutant no
test reaches counts as a survivor. The modules, their tests and the score
each reached are on the Testing page of the docs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Module(NamedTuple):
    """A module to mutate and the tests that guard it."""

    source: str
    tests: tuple[str, ...]


MODULES: dict[str, Module] = {
    "names": Module(
        "src/corpusfmt/tree/_names.py",
        ("tests/test_name_rules.py", "tests/test_unpack_safety.py"),
    ),
    "unpack": Module(
        "src/corpusfmt/tree/_unpack.py",
        (
            "tests/test_name_rules.py",
            "tests/test_unpack_safety.py",
            "tests/test_pack_tree.py",
            "tests/test_file_edge.py",
        ),
    ),
    "header": Module(
        "src/corpusfmt/v1/_header.py",
        (
            "tests/test_table.py",
            "tests/test_errors.py",
            "tests/test_shared_rules.py",
            "tests/test_oracle.py",
            "tests/test_header_errors.py",
        ),
    ),
    "frame": Module(
        "src/corpusfmt/v1/_frame.py",
        (
            "tests/test_table.py",
            "tests/test_errors.py",
            "tests/test_stream.py",
            "tests/test_oracle.py",
            "tests/test_base64_rule.py",
        ),
    ),
}
# What mutmut prints of each mutant: its name, then its status.
_RESULT = re.compile(r"^\s*(\S+): (.+)$")
_KILLED = {"killed", "timeout"}


def copy_tree(target: Path) -> None:
    """The files a clean clone holds, without what local runs leave behind."""
    ignore = shutil.ignore_patterns(
        ".git", "mutants", ".venv", "*.egg-info", "__pycache__", "_build", ".mypy_cache"
    )
    shutil.copytree(ROOT, target, ignore=ignore)


def configure(tree: Path, module: Module) -> None:
    """Point mutmut at *module* and its tests in the copy's pyproject.toml."""
    pyproject = tree / "pyproject.toml"
    text = pyproject.read_text()
    start = text.find("[tool.mutmut]")
    if start >= 0:
        end = text.find("\n[", start + 1)
        text = text[:start] + (text[end + 1 :] if end >= 0 else "")
    tests = ", ".join(f'"{test}"' for test in module.tests)
    pyproject.write_text(
        text
        + "\n[tool.mutmut]\n"
        + f'source_paths = ["{module.source}"]\n'
        # The whole package: a package of the mutated module alone would be
        # shadowed by the installed one.
        + 'also_copy = ["src/corpusfmt"]\n'
        + f"pytest_add_cli_args_test_selection = [{tests}]\n"
    )


def environment(venv: Path, tree: Path) -> Path:
    """A virtual environment with corpusfmt installed from *tree*, its tests' needs and mutmut."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(tree)],
        check=True,
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"{tree}[test]", "mutmut>=3.3"], check=True
    )
    return venv / "bin"


class _Mutmut(NamedTuple):
    """mutmut as installed for one run: its copy of the tree and its environment."""

    bin_dir: Path
    tree: Path
    env: dict[str, str]

    def ask(self, *arguments: str) -> str:
        """What ``mutmut ARGUMENTS`` prints."""
        return subprocess.run(
            [str(self.bin_dir / "mutmut"), *arguments],
            cwd=self.tree,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def changed_lines(self, survivor: str) -> str:
        diff = self.ask("show", survivor)
        changed = [
            line
            for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        return "\n".join(f"      {line}" for line in changed)


def run(name: str, venv: Path, show: bool) -> tuple[Counter[str], list[str]]:
    """How many mutants of module *name* mutmut gave each status, and those the
    tests did not catch: their names, or with *show* their changes."""
    module = MODULES[name]
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "tree"
        copy_tree(tree)
        configure(tree, module)
        bin_dir = environment(venv, tree)
        # The copy's src/ first: the mutated module is what every import finds.
        env = {
            **os.environ,
            "PYTHONPATH": "src",
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        }
        mutmut = _Mutmut(bin_dir, tree, env)
        # Its exit status says only that some mutants survived: the listing tells.
        subprocess.run(
            [str(bin_dir / "mutmut"), "run"],
            cwd=tree,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        statuses: dict[str, str] = {}
        for line in mutmut.ask("results", "--all", "true").splitlines():
            match = _RESULT.match(line)
            if match is not None:
                statuses[match[1]] = match[2]
        survivors = sorted(key for key, status in statuses.items() if status not in _KILLED)
        if show:
            survivors = [
                f"{survivor} ({statuses[survivor]})\n" + mutmut.changed_lines(survivor)
                for survivor in survivors
            ]
    return Counter(statuses.values()), survivors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", choices=sorted(MODULES))
    parser.add_argument("--min", type=float, help="exit 1 when a module scores below this %%")
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(tempfile.gettempdir()) / "corpusfmt-mutation-venv",
        help="the virtual environment to install into (made if missing)",
    )
    parser.add_argument(
        "--show", action="store_true", help="also show each survivor: its name and its change"
    )
    args = parser.parse_args()
    failed = False
    for name in args.modules:
        counts, survivors = run(name, args.venv, args.show)
        total = sum(counts.values())
        if total == 0:
            print(f"{name}: mutmut made no mutants of {MODULES[name].source}", file=sys.stderr)
            failed = True
            continue
        score = 100 * (total - len(survivors)) / total
        # A timeout counts as caught: the planted bug made the tests hang.
        shown = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        print(f"{name:8} {MODULES[name].source:32} {total:5} mutants ({shown}): {score:5.1f} %")
        if args.show:
            for survivor in survivors:
                print(f"    {survivor}")
        if args.min is not None and score < args.min:
            print(f"{name}: {score:.1f} % is below {args.min:.0f} %", file=sys.stderr)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
