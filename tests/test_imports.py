"""The modules of kaart/ import each other in one direction: no circle (an import inside a
function counts too: it only hides one), and the stages after reading take the Project from
kaart/project.py, not from the reader.
"""

from __future__ import annotations

import ast

from support import REPO


def imports(path) -> set[str]:
    """The kaart modules a file imports anywhere in it, as 'kaart.x'."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "kaart":
            found.update(f"kaart.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kaart."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kaart."))
    return found


def import_graph() -> dict[str, set[str]]:
    return {f"kaart.{path.stem}": imports(path) for path in sorted((REPO / "kaart").glob("*.py"))}


def test_no_module_of_kaart_imports_itself_round_about():
    graph = import_graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, "import circle: " + " -> ".join(path[path.index(module) :] + [module])
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, path + [module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_the_stages_after_reading_do_not_import_the_reader():
    graph = import_graph()
    for stage in ("derive", "search_terms", "search_files", "export", "hsds", "report", "render", "warnings"):
        assert "kaart.gather" not in graph[f"kaart.{stage}"], stage
        assert "kaart.project" in graph[f"kaart.{stage}"], stage


def test_the_reading_stage_waits_for_no_module_only_the_render_needs():
    """build.py imports the reading stage only; the render's modules (Jinja, Python-Markdown) come
    later, while a worker already reads (build.later_stages), so the fork for reading is not delayed."""
    import subprocess
    import sys

    code = "import sys; import build; print(sorted({'jinja2', 'markdown', 'kaart.render'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
