"""The shape of `council/`: no import circle, no hidden import, models without the web layer.

The graph counts every `import` of a council module, also those inside functions: a circle
held together by a function-level import still means two modules that cannot be understood
(or loaded) one without the other.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "council"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _owner(name: str) -> str | None:
    """The module `name` is, or the nearest package holding it (`a.b.c` where c is a name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from the module's package, up level - 1
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    # `from council.polls import queries` imports the module council.polls.queries.
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        for alias in node.names
    ]


def _function_imports(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            ids |= {
                id(sub) for sub in ast.walk(node) if isinstance(sub, ast.Import | ast.ImportFrom)
            }
    return ids


def import_graph() -> dict[str, set[str]]:
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name in _imported(module, node):
                target = _owner(name) if name.startswith("council") else None
                if target is not None and target != module:
                    graph[module].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_function_level_imports_and_circles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    tree = ast.parse("def f():\n    from council.polls import queries\n")
    [node] = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert id(node) in _function_imports(tree)
    assert _imported("council.proceedings", node) == ["council.polls.queries"]
    assert "council.polls.closing" in import_graph()["council.proceedings"]


def test_council_has_no_import_circle():
    assert circles(import_graph()) == []


def _unexplained_function_imports(path: Path) -> list[str]:
    """Imports of council modules inside a function with no comment saying why: on the
    import's lines, or on a comment line just above its run of imports."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    module = _module_name(path)
    problems = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        previous_end, explained = function.lineno, False
        for statement in function.body:
            is_import = isinstance(statement, ast.Import | ast.ImportFrom)
            if is_import:
                between = lines[previous_end : statement.lineno - 1]
                own = lines[statement.lineno - 1 : statement.end_lineno]
                explained = (
                    any(line.strip().startswith("#") for line in between)
                    or any("#" in line for line in own)
                    or (explained and not any(line.strip() for line in between))
                )
                council = any(n.startswith("council") for n in _imported(module, statement))
                if council and not explained:
                    problems.append(f"{path.relative_to(ROOT)}:{statement.lineno}")
            else:
                explained = False
            previous_end = statement.end_lineno
    return problems


def test_imports_inside_functions_say_why():
    problems = [line for path in MODULES.values() for line in _unexplained_function_imports(path)]
    assert problems == []


def test_importing_the_models_does_not_load_the_web_layer():
    """A script, a migration or a test that needs the models should not pay for the views
    (nor depend on them): every domain's models load without any view or blueprint."""
    script = (
        "import sys, council.models\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('council')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "council.polls.models" in loaded
    web = [m for m in loaded if m == "council.web" or "view" in m or m.endswith(".blueprint")]
    assert web == []
