"""No package of thaiocr imports a package that (transitively) imports it back: the layers stay layers.

Parsed with ast (nothing imported), so it is fast and sees lazy imports inside functions too.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "python" / "thaiocr"


def _unit(module: str) -> str:
    """thaiocr.data.layout -> thaiocr.data; thaiocr.cli -> thaiocr.cli (top-level modules are their own unit)."""
    return ".".join(module.split(".")[:2])


def _exists(unit: str) -> bool:
    """A real module or package (not a name such as thaiocr.__version__)."""
    rel = PACKAGE.parent.joinpath(*unit.split("."))
    return rel.is_dir() or rel.with_suffix(".py").is_file()


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        src = _unit(name)
        is_pkg = path.name == "__init__.py"
        deps = graph.setdefault(src, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                    pkg = pkg[: len(pkg) - (node.level - 1)]
                    base = ".".join(pkg + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for t in targets:  # `from thaiocr import x` is seen as thaiocr.x via the second form
                unit = _unit(t)
                if t.startswith("thaiocr.") and unit != src and _exists(unit):
                    deps.add(unit)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state, stack = [], {}, []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return cycles


def test_no_package_import_cycles():
    cycles = find_cycles(import_graph())
    assert not cycles, "package import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
