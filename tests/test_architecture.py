"""The package's structure: layers, no import cycles, no hidden imports, a complete public API.

import-linter checks the layers in CI; these tests check what it does not:
cycles inside a layer, imports inside functions, and that every name a
public signature uses is exported.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

import corpusfmt

PACKAGE = Path(corpusfmt.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_module(name: str) -> bool:
    return name in MODULES


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The project modules an import statement loads (a name from a package is its __init__)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("corpusfmt")]
    if node.module is None or not node.module.startswith("corpusfmt"):
        return []
    found = []
    for alias in node.names:
        submodule = f"{node.module}.{alias.name}"
        found.append(submodule if _is_module(submodule) else node.module)
    return found


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = {target for node in _module_level_imports(tree) for target in _imported(node)}
        # Importing a submodule runs its package's __init__ first, but that is
        # not an edge of the submodule: a package may import its own modules.
        graph[name] = {target for target in edges if target != name}
    return graph


def test_there_is_no_import_cycle_among_the_modules() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if state.get(target) is None:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_graph_sees_the_imports_it_checks() -> None:
    """The cycle test would pass on an empty graph; it must see the real edges."""
    graph = _graph()
    assert "corpusfmt.v1._frame" in graph["corpusfmt.v1._read"]
    assert "corpusfmt.v1" in graph["corpusfmt.dialects._v1"]
    assert (
        "corpusfmt._errors" in graph["corpusfmt._model"]
        or "corpusfmt._lexicon" in (graph["corpusfmt._model"])
    )


def _imports_inside_functions(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    names = _imported(inner)
                    if names:
                        found.append((inner.lineno, ", ".join(names)))
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_imports_a_project_module(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    assert _imports_inside_functions(tree) == []


def test_the_function_import_check_finds_one() -> None:
    tree = ast.parse("def f():\n    from corpusfmt.v1 import _frame\n")
    assert _imports_inside_functions(tree) == [(2, "corpusfmt.v1._frame")]


_PUBLIC_CALLABLES = [
    corpusfmt.loads,
    corpusfmt.dumps,
    corpusfmt.load,
    corpusfmt.dump,
    corpusfmt.parse,
    corpusfmt.sniff,
    corpusfmt.iter_load,
    corpusfmt.index,
    corpusfmt.pack,
    corpusfmt.plan_unpack,
    corpusfmt.unpack,
    corpusfmt.unsafe_name_reason,
    corpusfmt.Document,
    corpusfmt.Document.from_bytes,
    corpusfmt.Dialect,
    corpusfmt.Bundle,
    corpusfmt.Block,
    corpusfmt.Diagnostic,
    corpusfmt.Diagnostic.at,
    corpusfmt.Diagnostic.from_error,
    corpusfmt.BundleIndex.read,
    corpusfmt.StreamParser.feed,
    corpusfmt.CorpusFormatError,
    corpusfmt.CorpusWriteError,
    corpusfmt.io.compression_of,
    corpusfmt.io.load_jsonl,
    corpusfmt.io.dump_jsonl,
]

# Names that typing spells out and that need no export.
_BUILTIN = {"str", "bytes", "int", "bool", "None", "NoneType", "object", "list", "dict", "tuple"}


def _names_in(annotation: object) -> set[str]:
    if isinstance(annotation, str):
        return set()
    origin = typing.get_origin(annotation)
    names: set[str] = set()
    if origin is not None:
        for argument in typing.get_args(annotation):
            names |= _names_in(argument)
        return names
    if isinstance(annotation, type) and annotation.__module__.startswith("corpusfmt"):
        names.add(annotation.__qualname__.split(".")[0])
    return names


@pytest.mark.parametrize("function", _PUBLIC_CALLABLES, ids=lambda f: f.__qualname__)
def test_every_class_in_a_public_signature_is_exported(function: object) -> None:
    target = function.__init__ if isinstance(function, type) else function  # type: ignore[misc]
    hints = typing.get_type_hints(target)
    used: set[str] = set()
    for hint in hints.values():
        used |= _names_in(hint)
    assert used - set(corpusfmt.__all__) - _BUILTIN == set()


def test_the_aliases_in_public_signatures_are_exported() -> None:
    for alias in ("PathOrFile", "MetaInput", "Newline", "Part", "Severity", "Compression"):
        assert alias in corpusfmt.__all__
        assert getattr(corpusfmt, alias) is not None


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert corpusfmt.__version__ == version("corpusfmt")
