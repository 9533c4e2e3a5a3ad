# SPDX-License-Identifier: GPL-2.0-or-later
"""Extract the plugin's tr() strings into resources/i18n/lithoscope_zh_CN.ts and compile it with lrelease.

Qt 5's lupdate does not read Python and pylupdate5 is often missing, so the extraction is done here with `ast`:
every string literal passed as the first argument of `tr(...)` or `self.tr(...)` in the modules that import
`tr` from the plugin's i18n.py (and ui/, processing/, plugin.py, labels.py, i18n.py), including implicitly
concatenated literals. A non-literal argument (an f-string, a variable, "a" + b) never translates and is
reported as an error: write `tr("... {name} ...").format(name=...)` instead.

    python tools/update_translations.py                      # update the .ts, then run lrelease
    python tools/update_translations.py --check              # change nothing; exit 1 on a missing/unfinished one
    python tools/update_translations.py --apply batch.json   # merge {source: translation} into the .ts first

The core (inference/, susceptibility/, learning/) has no Qt: its error messages and log lines are read as templates
(each f-string expression a numbered `{0}`) into the context 'LithoscopeCore', with the literals of `label("...")`
(inference/text.py); resources/i18n/core_templates.json lists the templates for i18n.translate_message.

Updating keeps existing translations and keeps messages gone from the code as obsolete.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = "Lithoscope"
LANGUAGE = "zh_CN"
TS_PATH = os.path.join(ROOT, "resources", "i18n", f"lithoscope_{LANGUAGE}.ts")
QM_PATH = os.path.join(ROOT, "resources", "i18n", f"lithoscope_{LANGUAGE}.qm")
ALWAYS = ("ui", "processing", "plugin.py", "labels.py", "i18n.py")
SKIP_DIRS = {
    ".venv",
    ".venv-train",
    ".build",
    ".git",
    "tests",
    "training",
    "bench",
    "demo",
    "tools",
    "docs",
    "__pycache__",
}
# Placeholders and markup a translation must keep exactly: {name}, {0:.2f}, %1, %n, <b>, </a>, &amp;
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+|%n|</?[a-zA-Z][^<>]*>|&[a-z]+;")
# Qt widgets and Processing classes whose text arguments are user-facing: a bare literal there is untranslated.
USER_FACING_CALLS = {
    "QLabel": 0, "QPushButton": 0, "QCheckBox": 0, "QRadioButton": 0, "QGroupBox": 0, "QAction": 0,
    "QToolButton": 0, "setText": 0, "setToolTip": 0, "setWindowTitle": 0, "setPlaceholderText": 0,
    "setStatusTip": 0, "setTitle": 0, "addTab": 1, "setTabText": 1, "setHorizontalHeaderLabels": 0,
    "pushWarning": 1, "pushInfo": 1, "pushCritical": 1, "pushSuccess": 1,
    "setProgressText": 0, "reportError": 0, "InputError": 0, "QgsProcessingException": 0,
}  # fmt: skip
PROCESSING_PREFIXES = ("QgsProcessingParameter", "QgsProcessingOutput")


@dataclass
class Extraction:
    """What the code says: each source string with where it is, and the calls that cannot translate."""

    messages: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _imports_tr(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.level > 0
        and (node.module or "").split(".")[-1] == "i18n"
        and any(alias.name == "tr" for alias in node.names)
        for node in ast.walk(tree)
    )


def plugin_modules(root: str = ROOT) -> list[str]:
    """Every plugin module to read: the usual places and any other module importing `tr` from i18n.py."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel.startswith(tuple(p.rstrip("/") + ("/" if not p.endswith(".py") else "") for p in ALWAYS)):
                found.append(path)
                continue
            with open(path, encoding="utf-8") as handle:
                if _imports_tr(ast.parse(handle.read(), path)):
                    found.append(path)
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_tr(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "tr") or (
        isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name)
    )


def _is_text(node: ast.AST) -> bool:
    """A literal or f-string a user would read: it has words (an empty string or a separator is no text)."""
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"[A-Za-z]{2}", node.value) is not None
    )


def extract(paths: list[str] | None = None, root: str = ROOT) -> Extraction:
    """Read the modules with `ast`: the tr() messages, and every call that leaves a user-facing text untranslated."""
    result = Extraction()
    for path in paths if paths is not None else plugin_modules(root):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
        for node in calls:
            if not isinstance(node, ast.Call):
                continue
            where = f"{rel}:{node.lineno}"
            if _is_tr(node):
                if isinstance(node.func, ast.Attribute) and node.func.value.id not in ("self", "cls"):
                    continue  # e.g. str.translate-like methods named tr on other objects
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    result.messages.setdefault(arg.value, []).append((rel, node.lineno))
                elif isinstance(arg, ast.JoinedStr):
                    result.errors.append(
                        f"{where}: f-string passed to tr() never translates; use tr('... {{x}}').format(x=...)"
                    )
                else:
                    result.errors.append(
                        f"{where}: tr() needs one string literal, got {ast.dump(arg)[:60] if arg else 'nothing'}"
                    )
                continue
            name = _call_name(node)
            if name in USER_FACING_CALLS:
                index = USER_FACING_CALLS[name]
                if len(node.args) > index and _is_text(node.args[index]):
                    text = ast.unparse(node.args[index])[:70]
                    result.errors.append(f"{where}: {name}() shows a text not passed through tr(): {text}")
            elif name.startswith(PROCESSING_PREFIXES) and len(node.args) > 1 and _is_text(node.args[1]):
                text = ast.unparse(node.args[1])[:70]
                result.errors.append(f"{where}: {name} description not passed through tr(): {text}")
    return result


# Exceptions that report a programming error, not something the user did: their text is for the developer.
DEVELOPER_ERRORS = {"ValueError", "TypeError", "AssertionError", "RuntimeError", "KeyError", "NotImplementedError"}


def untranslated_texts(paths: list[str] | None = None, root: str = ROOT) -> list[str]:
    """Sentences in the plugin's adapters written outside tr(): string literals (or f-string parts) of two words
    or more that are not a docstring, a tr() argument or the text of a programming-error exception."""
    found = []
    for path in paths if paths is not None else plugin_modules(root):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        exempt: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (_is_tr(node) or _call_name(node) in DEVELOPER_ERRORS):
                exempt.update(id(child) for child in ast.walk(node))
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                exempt.add(id(body[0].value))  # a docstring
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in exempt
                and re.search(r"[A-Za-z]{3,}", node.value)
                and re.search(r"[A-Za-z]+\s+[A-Za-z]+", node.value)
            ):
                found.append(f"{rel}:{node.lineno}: text outside tr(): {node.value[:70]!r}")
    return sorted(set(found))


# -- the core (inference/, susceptibility/): messages translated at display time, labels through text.label --------
CORE_CONTEXT = "LithoscopeCore"
CORE_DIRS = ("inference", "susceptibility", "learning")
TEMPLATES_PATH = os.path.join(ROOT, "resources", "i18n", "core_templates.json")
# Exceptions whose message the user reads (inference/errors.py): raised with a literal or f-string message.
CORE_ERRORS = {"LithoscopeError", "ModelError", "InputError", "CancelledError"}
# Functions whose returned text is a message or warning the core raises or logs (e.g. slope_factor_warning).
MESSAGE_FUNCTIONS = ("_message", "_warning")
# Functions that return a list of warnings (e.g. band_range_warnings): the texts they append or return in a list.
LIST_FUNCTIONS = ("_warnings", "_messages")


def core_modules(root: str = ROOT) -> list[str]:
    """Every module of the core: inference/ and susceptibility/."""
    found = []
    for top in CORE_DIRS:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found.extend(os.path.join(folder, name) for name in sorted(files) if name.endswith(".py"))
    return found


def template_of(node: ast.AST) -> str | None:
    """A message expression as a template: literal parts kept, each other expression a numbered `{0}`, `{1}`...;
    None when nothing of it is literal text (a variable, a call) and so nothing can be translated."""
    parts: list[str | None] = []  # str: literal text; None: a placeholder

    def walk(item: ast.AST) -> bool:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            parts.append(item.value)
        elif isinstance(item, ast.JoinedStr):
            for value in item.values:
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value))
                else:
                    parts.append(None)
        elif isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            return walk(item.left) and walk(item.right)
        elif (
            isinstance(item, ast.Call)
            and isinstance(item.func, ast.Attribute)
            and item.func.attr == "format"
            and isinstance(item.func.value, ast.Constant)
            and isinstance(item.func.value.value, str)
        ):
            for literal, field_name, _spec, _conv in __import__("string").Formatter().parse(item.func.value.value):
                parts.append(literal)
                if field_name is not None:
                    parts.append(None)
        else:
            parts.append(None)
        return True

    walk(node)
    literal = "".join(p for p in parts if p is not None)
    if not re.search(r"[A-Za-z]{2}", literal):
        return None
    text, number = [], 0
    for part in parts:
        if part is None:
            text.append(f"{{{number}}}")
            number += 1
        else:
            text.append(part)
    return "".join(text)


def _label_names(tree: ast.AST) -> set[str]:
    """The names under which a module imports `label` from the core's text.py (other functions named label are
    not it)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "text"
        for alias in node.names
        if alias.name == "label"
    }


def extract_core(paths: list[str] | None = None, root: str = ROOT) -> tuple[Extraction, list[str]]:
    """The core's user-facing texts for the 'LithoscopeCore' context, and which of them are message templates.

    Message templates: the message of a raised LithoscopeError/ModelError/InputError/CancelledError (and its
    default), the text returned by a function named `*_message` or `*_warning`, and the argument of a
    `log(...)` or `note(...)` call (f-string expressions become `{0}`, `{1}`...; i18n.translate_message matches
    them at display time). Labels: the literal of a `label("...")` call (inference/text.py), translated as is."""
    result, templates = Extraction(), []
    for path in paths if paths is not None else core_modules(root):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        found: list[tuple[int, int, str, bool]] = []
        labels = _label_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in CORE_ERRORS:
                for item in node.body:  # a default message: CancelledError's
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        for default in item.args.defaults:
                            template = template_of(default)
                            if template is not None:
                                found.append((default.lineno, default.col_offset, template, True))
            if isinstance(node, ast.FunctionDef) and node.name.endswith(MESSAGE_FUNCTIONS):
                for item in ast.walk(node):  # a function that words a message or a warning for the user
                    if isinstance(item, ast.Return) and item.value is not None:
                        template = template_of(item.value)
                        if template is not None:
                            found.append((item.lineno, item.col_offset, template, True))
            if isinstance(node, ast.FunctionDef) and node.name.endswith(LIST_FUNCTIONS):
                for item in ast.walk(node):  # a function that returns a list of warnings: its items
                    values = []
                    if isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute) and item.args:
                        if item.func.attr == "append":
                            values = [item.args[0]]
                    elif isinstance(item, ast.Return) and isinstance(item.value, ast.List):
                        values = list(item.value.elts)
                    for value in values:
                        template = template_of(value)
                        if template is not None:
                            found.append((value.lineno, value.col_offset, template, True))
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                if _call_name(node.exc) in CORE_ERRORS:
                    template = template_of(node.exc.args[0])
                    if template is not None:
                        found.append((node.lineno, node.col_offset, template, True))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("log", "note"):
                if node.args:
                    template = template_of(node.args[0])
                    if template is not None:
                        found.append((node.lineno, node.col_offset, template, True))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in labels:
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, node.col_offset, arg.value, False))
                else:
                    result.errors.append(f"{rel}:{node.lineno}: label() needs one string literal")
        for line, _col, text, is_template in sorted(found):
            result.messages.setdefault(text, []).append((rel, line))
            if is_template and text not in templates:
                templates.append(text)
    return result, templates


def read_ts(path: str = TS_PATH, context: str = CONTEXT) -> dict[str, tuple[str, str]]:
    """{source: (translation, type)} of one context of a .ts; type is '' (finished), 'unfinished', 'obsolete' or
    'vanished'."""
    if not os.path.exists(path):
        return {}
    found = {}
    for element in ET.parse(path).getroot().iter("context"):
        if (element.findtext("name") or "") != context:
            continue
        for message in element.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text or "" if translation is not None else ""
            kind = translation.get("type", "") if translation is not None else "unfinished"
            found[source] = (text, kind)
    return found


def placeholder_problems(source: str, translation: str) -> list[str]:
    """Placeholders or tags that the translation lost or added (order may change)."""
    wanted, got = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(translation))
    return [] if wanted == got else [f"placeholders differ: source {wanted}, translation {got}"]


def write_ts(
    extraction: Extraction,
    existing: dict[str, tuple[str, str]],
    path: str = TS_PATH,
    core: Extraction | None = None,
    core_existing: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Write the .ts: code order, existing translations kept, messages gone from the code kept as obsolete; the
    plugin's tr() messages in the context 'Lithoscope', the core's templates and labels in 'LithoscopeCore'."""
    ts = ET.Element("TS", version="2.1", language=LANGUAGE, sourcelanguage="en")

    def add_context(name: str, found: Extraction, known: dict[str, tuple[str, str]]) -> None:
        context = ET.SubElement(ts, "context")
        ET.SubElement(context, "name").text = name

        def add(source: str, translation: str, kind: str, locations: list[tuple[str, int]]) -> None:
            message = ET.SubElement(context, "message")
            for filename, line in locations:
                ET.SubElement(message, "location", filename=f"../../{filename}", line=str(line))
            ET.SubElement(message, "source").text = source
            element = ET.SubElement(message, "translation")
            element.text = translation
            if kind:
                element.set("type", kind)

        for source, locations in found.messages.items():
            translation, kind = known.get(source, ("", "unfinished"))
            if kind in ("obsolete", "vanished"):
                kind = "" if translation else "unfinished"
            add(source, translation, kind if translation else "unfinished", locations)
        for source, (translation, _kind) in known.items():
            if source not in found.messages and translation:
                add(source, translation, "obsolete", [])

    add_context(CONTEXT, extraction, existing)
    if core is not None:
        add_context(CORE_CONTEXT, core, core_existing or {})
    ET.indent(ts, space="    ")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        handle.write(ET.tostring(ts, encoding="unicode"))
        handle.write("\n")


def write_templates(templates: list[str], path: str = TEMPLATES_PATH) -> None:
    """The core's message templates, for i18n.translate_message to match (their translations are in the .qm)."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(templates, handle, ensure_ascii=False, indent=0)
        handle.write("\n")


def read_templates(path: str = TEMPLATES_PATH) -> list[str]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def lrelease(ts: str = TS_PATH, qm: str = QM_PATH) -> None:
    """Compile the .ts with Qt's lrelease (Qt 5's, or `LRELEASE=/path/to/lrelease`)."""
    tool = os.environ.get("LRELEASE") or shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if tool is None:
        raise SystemExit("lrelease not found: install qttools5-dev-tools, or set LRELEASE=/path/to/lrelease")
    subprocess.run([tool, "-silent", ts, "-qm", qm], check=True)


def problems(extraction: Extraction, existing: dict[str, tuple[str, str]]) -> list[str]:
    """Everything that keeps a message from reaching the user in Chinese."""
    found = list(extraction.errors)
    for source, locations in extraction.messages.items():
        where = "{}:{}".format(*locations[0])
        translation, kind = existing.get(source, ("", "missing"))
        if source not in existing:
            found.append(f"{where}: not in {os.path.basename(TS_PATH)}: {source!r}")
        elif not translation.strip() or kind in ("unfinished", "obsolete", "vanished"):
            found.append(f"{where}: translation unfinished: {source!r}")
        else:
            found.extend(f"{where}: {problem}: {source!r}" for problem in placeholder_problems(source, translation))
    return found


def core_problems(core: Extraction, templates: list[str], existing: dict[str, tuple[str, str]]) -> list[str]:
    """The core's templates and labels lacking a finished translation, and a stale core_templates.json."""
    found = problems(core, existing)
    if read_templates() != templates:
        found.append(f"{os.path.relpath(TEMPLATES_PATH, ROOT)} is stale: run tools/update_translations.py")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on any problem")
    parser.add_argument("--apply", metavar="JSON", action="append", default=[], help="merge {source: translation}")
    args = parser.parse_args(argv)
    extraction = extract()
    core, templates = extract_core()
    existing = read_ts()
    core_existing = read_ts(context=CORE_CONTEXT)
    count = f"{len(extraction.messages)} messages and {len(core.messages)} core templates/labels"
    if args.check:
        found = problems(extraction, existing) + core_problems(core, templates, core_existing)
        print("\n".join(found) if found else f"{count}, all translated")
        return 1 if found else 0
    for batch in args.apply:
        with open(batch, encoding="utf-8") as handle:
            for source, translation in json.load(handle).items():
                entry = (translation, "" if translation else "unfinished")
                if source in core.messages:
                    core_existing[source] = entry
                if source in extraction.messages or source not in core.messages:
                    existing[source] = entry
    write_ts(extraction, existing, core=core, core_existing=core_existing)
    write_templates(templates)
    lrelease()
    found = problems(extraction, read_ts()) + core_problems(core, templates, read_ts(context=CORE_CONTEXT))
    print("\n".join(found[:50]))
    print(f"{count}, {len(found)} problems; wrote {os.path.relpath(TS_PATH, ROOT)}, .qm and core_templates.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
