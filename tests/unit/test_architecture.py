# SPDX-License-Identifier: GPL-2.0-or-later
"""The architecture contracts (pyproject.toml [tool.importlinter]) hold, and break when they should.

`make test` runs lint-imports on the checkout; these tests also run it on a copy of the package with
one deliberate violation each (an import cycle, an upward import, QGIS in the core, a private name),
so that a contract that could never fail is caught too.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINT = os.path.join(os.path.dirname(sys.executable), "lint-imports")
PACKAGE = (
    "inference",
    "susceptibility",
    "learning",
    "processing",
    "ui",
    "plugin.py",
    "__init__.py",
    "i18n.py",
    "labels.py",
    "worker",
    "pyproject.toml",
)


def lint(plugins: str, config: str) -> subprocess.CompletedProcess:
    if not os.path.exists(LINT):
        pytest.fail(f"lint-imports is not installed beside {sys.executable}; run make setup (requirements-dev.txt)")
    env = {**os.environ, "PYTHONPATH": plugins}
    return subprocess.run(
        [LINT, "--no-cache", "--config", config], capture_output=True, text=True, env=env, cwd=plugins
    )


@pytest.fixture
def copy(tmp_path):
    """A copy of the plugin package under tmp_path/plugins/lithoscope; returns the package folder."""
    package = tmp_path / "plugins" / "lithoscope"
    package.mkdir(parents=True)
    for name in PACKAGE:
        source = os.path.join(ROOT, name)
        if os.path.isdir(source):
            shutil.copytree(source, package / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, package / name)
    (package / "tests").mkdir()
    shutil.copy2(os.path.join(ROOT, "tests", "import_contracts.py"), package / "tests" / "import_contracts.py")
    return package


def broken(package) -> str:
    result = lint(str(package.parent), str(package / "pyproject.toml"))
    assert result.returncode != 0, f"lint-imports passed a violation:\n{result.stdout}"
    return result.stdout


def append(path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def test_the_checkout_keeps_every_contract():
    result = lint(os.path.join(ROOT, ".build", "plugins"), os.path.join(ROOT, "pyproject.toml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 5


def test_the_copy_keeps_them_too(copy):
    result = lint(str(copy.parent), str(copy / "pyproject.toml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_cycle_breaks_a_contract(copy):
    # engine.tiling is imported by engine.windows; importing windows back closes a cycle inside engine/.
    append(copy / "inference" / "engine" / "tiling.py", "\nfrom . import windows  # noqa: E402, F401\n")
    out = broken(copy)
    assert "No import cycle inside any package BROKEN" in out


def test_an_upward_import_breaks_the_layers(copy):
    append(copy / "inference" / "sources" / "raster.py", "\nfrom ..pipelines import classify  # noqa: E402, F401\n")
    out = broken(copy)
    assert "inference/ flows one way" in out and "BROKEN" in out


def test_qgis_in_the_core_breaks_a_contract(copy):
    append(copy / "inference" / "errors.py", "\nimport qgis.core  # noqa: E402, F401\n")
    out = broken(copy)
    assert "The core never imports QGIS or Qt BROKEN" in out


def test_torch_outside_the_worker_script_breaks_a_contract(copy):
    # worker/run_job.py (no __init__.py: a script, outside the import graph) imports torch; nothing else may.
    append(copy / "ui" / "__init__.py", "\nimport torch  # noqa: E402, F401\n")
    out = broken(copy)
    assert "Nothing in the plugin imports torch" in out and "BROKEN" in out


def test_a_private_name_from_another_module_breaks_a_contract(copy):
    append(copy / "inference" / "engine" / "local.py", "\nfrom .cache import _gdal_cache_bytes  # noqa: E402, F401\n")
    out = broken(copy)
    assert "_gdal_cache_bytes" in out and "No module imports another module's private names BROKEN" in out


def _script_imports(folder: str) -> dict[str, set[str]]:
    """Which sibling scripts each script of `folder` imports (at any depth: lazy imports count)."""
    scripts = {f[:-3] for f in os.listdir(folder) if f.endswith(".py")}
    graph = {}
    for name in scripts:
        with open(os.path.join(folder, name + ".py"), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in scripts:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in scripts}
        graph[name] = found - {name}
    return graph


@pytest.mark.parametrize("folder", ["training", "bench"])
def test_scripts_import_no_cycle(folder):
    """training/ and bench/ are scripts, not a package, so import-linter does not see them: checked here."""
    graph = _script_imports(os.path.join(ROOT, folder))

    def reaches(start: str, goal: str, seen: set) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(name for name in graph if reaches(name, name, {name}))
    assert not cycles, f"scripts in {folder}/ that import each other in a cycle: {cycles}"


def test_an_adapter_running_the_engine_itself_breaks_a_contract(copy):
    append(copy / "ui" / "common.py", "\nfrom ..inference.engine import runner  # noqa: E402, F401\n")
    out = broken(copy)
    assert "Adapters run models only through inference.pipelines" in out and "BROKEN" in out
