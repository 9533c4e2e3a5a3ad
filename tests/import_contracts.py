# SPDX-License-Identifier: GPL-2.0-or-later
"""An import-linter contract type of our own: no module imports another module's private names.

`from .engine.windows import _read_batches` couples the importer to what the other module keeps to
itself; a name another module needs is part of its interface and gets a public name. Each module's
source is parsed (grimp's import graph has no imported names), and every `from X import _name`
where X is another module of the package breaks the contract. Modules of the containers only.
"""

from __future__ import annotations

import ast
import importlib.util
import os

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _source_path(module: str, root: str, root_path: str) -> str | None:
    parts = module.split(".")[1:]
    base = os.path.join(root_path, *parts)
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def private_imports(module: str, path: str, root: str) -> list[tuple[int, str, str]]:
    """(line, imported module, name) of each private name `module` imports from another module of `root`."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    is_package = os.path.basename(path) == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = _absolute(node, module, is_package)
        if source == module or not (source == root or source.startswith(root + ".")):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append((node.lineno, source, alias.name))
    return found


class PrivateNamesContract(Contract):
    """Modules in `containers` import no private name (`_x`) of another module of the root package."""

    type_name = "private_names"
    containers = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        root = sorted(self.containers)[0].split(".")[0]
        spec = importlib.util.find_spec(root)
        root_path = list(spec.submodule_search_locations)[0]
        illegal = []
        for module in sorted(graph.modules):
            if not any(module == c or module.startswith(c + ".") for c in self.containers):
                continue
            path = _source_path(module, root, root_path)
            if path is None:
                continue
            illegal += [(module, *item) for item in private_imports(module, path, root)]
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal}, warnings=[])

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Private names imported from another module (give them a public name there):", bold=False)
        output.new_line()
        for module, line, source, name in check.metadata["illegal"]:
            output.print_error(f"- {module} (l.{line}) imports {name} from {source}", bold=False)
            output.new_line()
