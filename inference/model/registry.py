# SPDX-License-Identifier: GPL-2.0-or-later
"""Shipped models: the .onnx files in models/, found by name."""

from __future__ import annotations

import os

from ..errors import ModelError

# models/ of the plugin folder: three levels up from inference/model/registry.py.
MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "models")


def shipped_models() -> dict[str, str]:
    """Name -> path of every model shipped in models/ (name = file name without .onnx)."""
    if not os.path.isdir(MODELS_DIR):
        return {}
    return {
        os.path.splitext(f)[0]: os.path.join(MODELS_DIR, f)
        for f in sorted(os.listdir(MODELS_DIR))
        if f.endswith(".onnx")
    }


def model_card(model_path: str) -> str | None:
    """Path of the model card (.md beside the .onnx), if there is one."""
    card = os.path.splitext(model_path)[0] + ".md"
    return card if os.path.exists(card) else None


def resolve_model(name_or_path: str) -> str:
    """A path to an .onnx file, or the name of a shipped model -> the model's path."""
    text = (name_or_path or "").strip()
    if not text:
        raise ModelError("No model was given: choose an .onnx file or a shipped model.")
    if os.path.exists(text):
        return text
    shipped = shipped_models()
    key = text[:-5] if text.endswith(".onnx") else text
    if key in shipped:
        return shipped[key]
    names = ", ".join(shipped) or "none installed"
    raise ModelError(f"Model '{text}' is neither an existing file nor a shipped model (shipped: {names}).")


# The tasks each run tool takes (the model manager and the tools' model lists show only these).
TOOL_TASKS = {
    "classify": ("segmentation", "patch_classification", "classification", "regression", "autoencoder", "generator"),
    "sequence": ("sequence",),
    "susceptibility": ("susceptibility",),
}


def folder_models(folders) -> dict[str, str]:
    """Path -> path of every .onnx file in the user's model `folders` (not their subfolders), in folder order."""
    out = {}
    for folder in folders or ():
        if not os.path.isdir(folder):
            continue
        for f in sorted(os.listdir(folder)):
            path = os.path.join(folder, f)
            if f.lower().endswith(".onnx") and os.path.isfile(path):
                out[path] = path
    return out


def models_for(tool: str, folders=()) -> dict[str, str]:
    """The models a run tool (a key of TOOL_TASKS) can run, by their contract's task: the shipped models by name,
    then those of the user's model `folders` by path (name -> path; a folder model's name is its path), each in the
    order of the tool's tasks (for Classify: maps of classes first, then values, latent features, filled rasters)."""
    from ..errors import LithoscopeError
    from .contract import read_contract

    tasks = TOOL_TASKS[tool]
    found = []
    shipped = shipped_models()
    for order, (name, path) in enumerate({**shipped, **folder_models(folders)}.items()):
        try:
            task = read_contract(path).task
        except (LithoscopeError, OSError):
            continue  # a broken file is not offered; choosing it by path names what is wrong
        if task in tasks:  # shipped before the user's, then in the order of the tool's tasks (maps of classes first)
            found.append((name not in shipped, tasks.index(task), order, name, path))
    return {name: path for *_, name, path in sorted(found)}


# Keys that make an ONNX file's metadata a model contract (Lithoscope's own, or Deepness's model type).
CONTRACT_KEYS = ("lithoscope_task", "task", "model_type")


class MissingContractError(ModelError):
    """An ONNX file that reads but has no Lithoscope contract: its metadata can be written, then it imports."""


def import_model(path: str, folder: str, overwrite: bool = False) -> str:
    """Copy the model at `path` into the user's model `folder` once its contract reads; the copy's path.

    A file that is not ONNX, whose metadata does not read, or that has no Lithoscope contract (no task: a model
    exported elsewhere) is refused with a ModelError saying so and what to do.
    """
    import shutil

    from .contract import read_contract

    name = os.path.basename(path)
    contract = read_contract(path)  # ModelError when the file or its metadata is broken
    if not any(key in contract.raw for key in CONTRACT_KEYS):
        raise MissingContractError(
            f"'{name}' has no Lithoscope contract in its metadata (no task, such as segmentation or sequence): "
            "Lithoscope would not know how to feed it or read its outputs. Write its metadata first (Edit "
            "metadata… or the algorithm Set model metadata), then import it."
        )
    if not folder:
        raise ModelError("No model folder is set: add one in Settings > Options > Lithoscope.")
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, name)
    if os.path.abspath(target) == os.path.abspath(path):
        return target
    if os.path.exists(target) and not overwrite:
        raise ModelError(f"'{name}' is already in {folder}; rename the file or remove the other one first.")
    shutil.copyfile(path, target)
    card = model_card(path)
    if card:
        shutil.copyfile(card, os.path.join(folder, os.path.basename(card)))
    return target
