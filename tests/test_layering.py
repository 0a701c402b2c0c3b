"""Structure that keeps jimcode fast to start and its core free of the terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


# Which package (or top-level module) may import which: the architecture of docs/architecture.md.
# A lower layer never imports a higher one; `render` draws any core result; `cli` wires everything.
FOUNDATIONS = {"_platform", "diagnostics", "errors", "fileio", "yamlsrc", "modelerrors", "i18n", "typed"}
ALLOWED: dict[str, set[str]] = {
    "_platform": set(),  # the calls that differ between operating systems
    "diagnostics": set(),
    "i18n": set(),  # the catalogs of jimcode's own words: every layer may speak
    "typed": set(),  # numbers as a person types them
    "errors": {"diagnostics"},
    "fileio": {"errors", "diagnostics", "_platform", "i18n"},  # why a write failed, in the user's words
    "_yaml_hints": {"diagnostics"},  # yamlsrc's private helper: explains YAML syntax errors
    "yamlsrc": {"diagnostics", "errors", "_yaml_hints", "fileio"},
    "modelerrors": {"diagnostics", "yamlsrc", "i18n"},
    "transcripts": FOUNDATIONS,
    "codebook": FOUNDATIONS | {"transcripts"},
    "project": FOUNDATIONS | {"codebook"},
    "records": FOUNDATIONS | {"transcripts", "codebook"},
    "corpus": FOUNDATIONS | {"codebook", "records", "project"},
    "session": FOUNDATIONS | {"transcripts", "codebook", "records", "project"},
    "summary": FOUNDATIONS | {"codebook", "records", "corpus"},
    "agreement": FOUNDATIONS | {"transcripts", "codebook", "records", "corpus"},
    "reconcile": FOUNDATIONS | {"transcripts", "codebook", "records", "corpus", "session", "agreement"},
    "refi": FOUNDATIONS | {"transcripts", "codebook", "records"},
    "validate": FOUNDATIONS | {"transcripts", "codebook", "records", "corpus", "project"},
    "pseudonymise": FOUNDATIONS | {"transcripts", "records", "corpus", "project"},
}
CORE = set(ALLOWED)
ALLOWED["render"] = CORE
ALLOWED["cli"] = CORE | {"render"}


def _unit(path: Path) -> str:
    return path.relative_to(ROOT / "jimcode").parts[0].removesuffix(".py")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted((ROOT / "jimcode").rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every jimcode module `path` imports, at the top or inside a function (a late import is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:  # `from jimcode.session import moves` imports the module moves
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {name for name in found if name in MODULES and name != "jimcode"}


def test_every_package_imports_only_the_layers_below_it():
    offenders = []
    for name, path in MODULES.items():
        unit = _unit(path)
        if unit in {"__init__", "__main__"}:
            continue
        allowed = ALLOWED[unit] | {unit}
        if path.name == UI_MODULE_NAME:  # a package's terminal adapter draws with render
            allowed = allowed | {"render"}
        offenders += [
            f"{name} imports {imported}" for imported in sorted(_imports(path)) if imported.split(".")[1] not in allowed
        ]
    assert offenders == []


def test_the_layers_themselves_form_no_cycle():
    order: list[str] = []
    remaining = {unit: set(deps) for unit, deps in ALLOWED.items()}
    while remaining:
        ready = sorted(unit for unit, deps in remaining.items() if not deps - set(order))
        assert ready, f"a cycle among {sorted(remaining)}"
        order += ready
        for unit in ready:
            del remaining[unit]
    assert set(order[:2]) == {"_platform", "diagnostics"} and order[-1] == "cli"


def test_no_module_imports_itself_back():
    graph = {name: _imports(path) for name, path in MODULES.items()}
    cycles = []
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                cycles.append(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    assert len(graph) > 80 and cycles == []
