"""The package's layout: stages import one way (docs/architecture.md), no cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import frenemy

PACKAGE = Path(frenemy.__file__).resolve().parent

# A module may import its own stage and the stages below it, never one beside or above it.
# The order of docs/architecture.md: cli, web -> forecasting, watch -> analysis, datasets,
# news -> coding, petrarch -> store -> core; within those levels cli uses web, forecasting uses
# analysis, watch uses news, datasets and analysis, and the PETRARCH dictionary coder uses
# coding's actors and places.
RANK = {
    "core": 0, "store": 1, "coding": 2, "petrarch": 3,
    "news": 4, "datasets": 4, "analysis": 4, "forecasting": 5, "watch": 5, "web": 6,
    "cli": 7,
}
CORE = {"model", "errors", "taxonomy", "version", "schema", "query", "days"}
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str | None:
    """frenemy.coding.coder -> coding; frenemy.model -> core; the package root -> None."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return None  # the public API and `python -m` gather every stage on purpose
    if parts[1] in CORE:
        return "core"
    return parts[1]


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _imports(path: Path, module: str) -> set[str]:
    """The frenemy modules a module imports at run time (top level or inside functions;
    imports only for type checkers are left out: they run no code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if _in_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("frenemy"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("frenemy"):
                continue
            for alias in node.names:  # `from frenemy.cli import forecast` imports a module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _known(candidate) else base)
    return found


def _known(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return ((PACKAGE / relative).with_suffix(".py").is_file()
            or (PACKAGE / relative / "__init__.py").is_file())


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path, name) if m in modules and m != name}
            for name, path in modules.items()}


def test_every_import_runs_down_the_pipeline():
    wrong = []
    for module, imported in sorted(_graph().items()):
        stage = _stage(module)
        if stage is None:
            continue
        for other in sorted(imported):
            other_stage = _stage(other)
            if other_stage is None:
                wrong.append(f"{module} imports the package root {other} (import the module)")
            elif other_stage != stage and RANK[other_stage] >= RANK[stage]:
                wrong.append(f"{module} ({stage}) imports {other} ({other_stage})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_every_stage_is_known_and_every_module_is_small():
    stages = {_stage(m) for m in _graph()} - {None}
    assert stages <= set(RANK), stages - set(RANK)
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_module_opens_with_a_docstring():
    missing = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert not missing, missing


def test_public_api_is_listed_and_importable():
    names = set(frenemy.__all__)
    assert {"code_text", "code_documents", "ingest", "open_store", "Store", "Event",
            "FrenemyError", "__version__"} <= names
    for name in names:
        assert getattr(frenemy, name) is not None, name
    public = {n for n in vars(frenemy) if not n.startswith("_")
              and not isinstance(getattr(frenemy, n), type(frenemy))}
    assert public <= names | {"annotations"}, public - names


def test_architecture_page_names_every_module():
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    unnamed = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
               if p.name not in {"__init__.py", "__main__.py"}
               and f"`{p.relative_to(PACKAGE)}`" not in page]
    assert not unnamed, f"docs/architecture.md does not name: {unnamed}"
