"""The layout DESIGN.md section 2 describes, checked from the source: imports point from
``ui/`` and the command line to the core and from the core to ``model/``, never back;
no module imports another that (directly or not) imports it again, except for type
hints; ReportLab only in ``export/``, Qt only in ``ui/``, SQL never in a widget; the
shell at ``ui/``'s top level stays small and every capability has one home."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "imr_desktop"
CORE_CAPABILITIES = {"cases", "guidelines", "letter", "letters", "records", "security", "spelling"}
SHELL_LIMIT = 8  # modules at ui/'s top level, __init__ not counted


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(importer: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The imr_desktop modules an import statement loads (the named module, or the
    package it names a name of)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "imr_desktop"]
    base = node.module or ""
    if node.level:
        package = importer if MODULES[importer].name == "__init__.py" else importer
        parts = package.split(".")
        if MODULES[importer].name != "__init__.py":
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([base] if base else []))
    if base.split(".")[0] != "imr_desktop":
        return []
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in MODULES else base)
    return found


def imports(name: str, *, lazy: bool) -> set[str]:
    """What module ``name`` imports: at import time only, or also inside functions
    (``lazy``). Imports under ``if TYPE_CHECKING`` never count."""
    tree = ast.parse(MODULES[name].read_text())
    out: set[str] = set()

    def visit(nodes: list[ast.stmt], top: bool) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse, top)
                continue
            if isinstance(node, ast.Import | ast.ImportFrom) and (top or lazy):
                out.update(_resolve(name, node))
            inner_top = top and not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            for field in ("body", "orelse", "finalbody", "handlers"):
                block = getattr(node, field, None)
                if isinstance(block, list):
                    visit(
                        [b for b in block if isinstance(b, ast.stmt | ast.ExceptHandler)], inner_top
                    )
            if isinstance(node, ast.ExceptHandler):
                visit(node.body, inner_top)

    visit(tree.body, True)
    out.discard(name)
    return {m for m in out if m in MODULES}


def cycles(lazy: bool) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = {m: imports(m, lazy=lazy) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def strongconnect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            strongconnect(module)
    return found


def side(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_cycles_at_import_time():
    assert cycles(lazy=False) == []


def test_no_import_cycles_even_through_imports_inside_functions():
    assert cycles(lazy=True) == []


def test_imports_point_from_the_shell_to_the_core_and_from_the_core_to_the_model():
    wrong = []
    for module in MODULES:
        for target in imports(module, lazy=True):
            here, there = side(module), side(target)
            if here != "ui" and there == "ui" and module not in {"imr_desktop.cli"}:
                wrong.append(f"{module} -> {target} (the core imports the window)")
            if here != "commands" and there == "commands" and module != "imr_desktop.cli":
                wrong.append(f"{module} -> {target} (only the CLI uses commands/)")
            if here == "model" and there != "model":
                wrong.append(f"{module} -> {target} (model/ imports only model/)")
    assert wrong == []


def _third_party(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_qt_only_in_ui_and_reportlab_only_in_export():
    wrong = []
    for module in MODULES:
        used = _third_party(module)
        if "PySide6" in used and side(module) != "ui":
            wrong.append(f"{module} imports PySide6")
        if "reportlab" in used and side(module) != "export":
            wrong.append(f"{module} imports reportlab")
    assert wrong == []


SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")


def test_no_sql_in_widgets():
    assert [m for m in MODULES if side(m) == "ui" and SQL.search(MODULES[m].read_text())] == []


def test_the_shell_is_small_and_every_capability_has_one_home():
    shell = [p.stem for p in (PACKAGE / "ui").glob("*.py") if p.stem != "__init__"]
    assert len(shell) <= SHELL_LIMIT, sorted(shell)
    ui_packages = {p.name for p in (PACKAGE / "ui").iterdir() if (p / "__init__.py").exists()}
    core_packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    # Every feature package of the window mirrors a core package of the same name.
    assert ui_packages <= core_packages, ui_packages - core_packages
    assert core_packages >= CORE_CAPABILITIES
