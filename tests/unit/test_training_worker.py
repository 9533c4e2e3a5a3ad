# SPDX-License-Identifier: GPL-2.0-or-later
"""The training worker: a job runs in the training venv's Python (its own process), streams epochs, writes an ONNX
model atomically; cancel and crashes never leave a model file or take the caller down; nothing else imports torch."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from builders import training_python as _training_python
from lithoscope.inference.errors import CancelledError, LithoscopeError
from lithoscope.inference.training import TrainingEnvironment, find_environment, run_training
from lithoscope.inference.training.environment import PLUGIN_DIR, read_requirements

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKER = os.path.join("worker", "run_job.py")


def _data(tmp_path, n: int = 240) -> str:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = ((x[:, 0] + 0.5 * x[:, 1]) > 0).astype(np.int64) + 2 * (x[:, 2] > 0.8)
    path = str(tmp_path / "train.npz")
    np.savez(path, X=x, y=y)
    return path


class Recorder:
    def __init__(self) -> None:
        self.progress: list[float] = []
        self.log: list[str] = []


def _leftovers(tmp_path) -> list[str]:
    return sorted(p for p in os.listdir(tmp_path) if p.endswith((".onnx", ".part")))


def test_a_job_trains_streams_epochs_and_writes_a_usable_onnx(tmp_path):
    python = _training_python()
    data, out = _data(tmp_path), str(tmp_path / "model.onnx")
    rec = Recorder()
    started = time.perf_counter()
    done = run_training(
        {"kind": "mlp_demo", "data": data, "output": out, "epochs": 40},
        python, rec.progress.append, rec.log.append, lambda: False,
    )  # fmt: skip
    print(f"mlp_demo, 40 epochs: {time.perf_counter() - started:.1f} s")
    assert done["model"] == out and os.path.isfile(out)
    assert not os.path.exists(out + ".part")
    assert any(line == "Training on device: cpu" or line == "Training on device: cuda" for line in rec.log)
    epochs = [line for line in rec.log if line.startswith("Epoch ")]
    assert len(epochs) == 40 and epochs[-1].startswith("Epoch 40/40: loss")
    assert "validation" in epochs[0]
    losses = [float(line.split("loss ")[1].split(",")[0]) for line in epochs]
    assert losses[-1] < losses[0] * 0.7
    assert rec.progress[-1] == pytest.approx(1.0) and rec.progress == sorted(rec.progress)

    import onnxruntime as ort

    session = ort.InferenceSession(out, providers=["CPUExecutionProvider"])
    with np.load(data) as d:
        x, y = d["X"], d["y"]
    (probs,) = session.run(["probabilities"], {"features": x})
    accuracy = float((probs.argmax(1) == y).mean())
    chance = float(np.bincount(y).max() / len(y))  # always guessing the largest class
    assert probs.shape == (len(y), int(y.max()) + 1)
    assert accuracy > chance + 0.1, (accuracy, chance)


def test_cancel_after_the_first_epoch_stops_fast_and_leaves_no_model(tmp_path):
    python = _training_python()
    data, out = _data(tmp_path), str(tmp_path / "model.onnx")
    rec = Recorder()
    seen_epoch = threading.Event()
    cancelled_at: list[float] = []

    def log(line: str) -> None:
        rec.log.append(line)
        if line.startswith("Epoch "):
            seen_epoch.set()

    def is_cancelled() -> bool:
        if seen_epoch.is_set() and not cancelled_at:
            cancelled_at.append(time.perf_counter())
        return seen_epoch.is_set()

    with pytest.raises(CancelledError, match="no model file"):
        run_training(
            {"kind": "mlp_demo", "data": data, "output": out, "epochs": 10_000_000},
            python, rec.progress.append, log, is_cancelled,
        )  # fmt: skip
    stopped = time.perf_counter() - cancelled_at[0]
    print(f"cancel stopped the worker in {stopped:.2f} s")
    assert stopped < 5.0
    assert _leftovers(tmp_path) == []


def test_a_worker_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    # No torch needed: a stand-in worker that reports one epoch, then ignores SIGTERM and leaves a partial file.
    out = str(tmp_path / "model.onnx")
    script = tmp_path / "stubborn.py"
    script.write_text(
        "import json, signal, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "job = json.loads(sys.stdin.read())\n"
        "open(job['output'] + '.part', 'w').write('partial')\n"
        "print(json.dumps({'event': 'epoch', 'epoch': 1, 'epochs': 9, 'loss': 1.0}), flush=True)\n"
        "time.sleep(60)\n"
    )
    log: list[str] = []
    started = time.perf_counter()
    with pytest.raises(CancelledError):
        run_training(
            {"kind": "stub", "output": out}, sys.executable, lambda p: None, log.append,
            lambda: any(line.startswith("Epoch 1/9") for line in log), script=str(script),
        )  # fmt: skip
    assert time.perf_counter() - started < 5.0
    assert _leftovers(tmp_path) == []


def test_a_worker_that_dies_is_an_error_with_its_last_words(tmp_path):
    python = _training_python()
    out = str(tmp_path / "model.onnx")
    with pytest.raises(LithoscopeError, match=r"exited with status 3(.|\n)*crashing on purpose"):
        run_training({"kind": "crash", "output": out}, python, lambda p: None, lambda m: None, lambda: False)
    assert _leftovers(tmp_path) == []


def test_a_killed_worker_says_so(tmp_path):
    python = _training_python()
    out = str(tmp_path / "model.onnx")
    with pytest.raises(LithoscopeError, match=r"killed \(SIGKILL; out of memory\?\)(.|\n)*crashing on purpose"):
        run_training(
            {"kind": "crash", "signal": "KILL", "output": out}, python, lambda p: None, lambda m: None, lambda: False
        )
    assert _leftovers(tmp_path) == []


def test_a_bad_npz_is_an_error_naming_the_file(tmp_path):
    python = _training_python()
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not an npz at all")
    out = str(tmp_path / "model.onnx")
    with pytest.raises(LithoscopeError, match="cannot read the training data .*bad.npz"):
        run_training(
            {"kind": "mlp_demo", "data": str(bad), "output": out, "epochs": 3},
            python, lambda p: None, lambda m: None, lambda: False,
        )  # fmt: skip
    assert _leftovers(tmp_path) == []


def test_a_missing_python_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(LithoscopeError, match="make train-env"):
        run_training({"kind": "mlp_demo"}, str(tmp_path / "nope"), lambda p: None, lambda m: None, lambda: False)


def test_environment_commands_pin_torch_and_name_every_os(tmp_path):
    reqs = read_requirements()
    assert "torch==2.13.0" in reqs and "numpy==1.24.2" in reqs and any(r.startswith("onnx==") for r in reqs)
    env = TrainingEnvironment(str(tmp_path / "venv"))
    make_venv, pip = env.create_command(base_python="/usr/bin/python3")
    assert make_venv == ["/usr/bin/python3", "-m", "venv", env.venv]
    assert pip[0] == env.python and "torch==2.13.0" in pip and "-q" not in pip
    manual = env.manual_commands()
    assert set(manual) == {"Linux", "Windows", "macOS"}
    assert "Scripts" in manual["Windows"] and "torch==2.13.0" in manual["macOS"]
    assert '"protobuf>=6.31,<7"' in manual["Linux"]


def test_find_environment_prefers_the_variable_then_the_profile_venv(tmp_path, monkeypatch):
    profile = tmp_path / "profile"
    python = profile / "python" / "lithoscope-training" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    monkeypatch.delenv("LITHOSCOPE_TRAINING_PYTHON", raising=False)
    found = find_environment(str(profile))
    assert found is not None and found.python == str(python)
    other = tmp_path / "other" / "bin" / "python"
    other.parent.mkdir(parents=True)
    other.write_text("")
    monkeypatch.setenv("LITHOSCOPE_TRAINING_PYTHON", str(other))
    assert find_environment(str(profile)).python == str(other)


def _imports(path: str) -> set[str]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_worker_script_imports_torch():
    skip = {".venv", ".venv-train", ".build", ".git", "tests", "training", "bench", "tools", "__pycache__"}
    offenders = []
    for folder, dirs, files in os.walk(PLUGIN_DIR):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, PLUGIN_DIR)
            if name.endswith(".py") and rel != WORKER and "torch" in _imports(path):
                offenders.append(rel)
    assert offenders == []
    assert "torch" in _imports(os.path.join(PLUGIN_DIR, WORKER))


def test_importing_the_plugin_core_does_not_load_torch():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import lithoscope.inference, lithoscope.inference.training;"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, os.path.join(ROOT, ".build", "plugins")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "False"
