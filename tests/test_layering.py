"""Structure that keeps jimcode fast to start and its core free of the terminal."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

UI_ONLY = {"typer", "rich", "click"}
UI_PACKAGES = {"cli", "render"}
UI_MODULE_NAME = "terminal.py"  # a package's own terminal adapter may use rich


def test_core_modules_never_import_the_terminal_layer():
    offenders = []
    for path in sorted((ROOT / "jimcode").rglob("*.py")):
        parts = path.relative_to(ROOT / "jimcode").parts
        if parts[0] in UI_PACKAGES or parts[-1] == UI_MODULE_NAME:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in UI_ONLY]
    assert offenders == []


def test_starting_the_cli_loads_no_models_or_heavy_libraries():
    code = (
        "import sys; from jimcode.cli import app; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('jimcode.', 'docx', 'rich.console', 'numpy')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    heavy = [m for m in loaded if not m.startswith(("jimcode.cli", "jimcode.errors", "jimcode.diagnostics"))]
    assert heavy == [], "import these lazily, inside the command that needs them"


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(m for m in sys.modules if m.startswith('jimcode.')))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_each_command_loads_only_its_own_result_contract():
    summary = _loaded_after("import jimcode.summary.aggregate, jimcode.summary.retrieve, jimcode.render.summary_layout")
    agreement = _loaded_after("import jimcode.agreement.report, jimcode.render.agreement_view")
    assert ("jimcode.summary.contract" in summary, "jimcode.agreement.contract" in summary) == (True, False)
    assert ("jimcode.agreement.contract" in agreement, "jimcode.summary.contract" in agreement) == (True, False)
