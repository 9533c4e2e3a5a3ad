# SPDX-License-Identifier: GPL-2.0-or-later
"""Run one training job in the training environment's Python, in a process (and process group) of its own.

The job goes to worker/run_job.py as JSON on stdin; the worker answers with one JSON object per line on stdout:

    {"event": "device", "name": "cpu"}
    {"event": "epoch", "epoch": 3, "epochs": 10, "loss": 0.41, "val": 0.77}
    {"event": "log", "message": "..."}
    {"event": "done", "model": "/path/model.onnx"}
    {"event": "error", "message": "..."}

A crash, a kill or an out-of-memory in the worker never takes the caller down: it becomes a LithoscopeError with
the worker's last stderr lines. Cancel stops the process group (SIGTERM, then SIGKILL after 3 s) and removes the
partial model; the worker writes `<output>.part` and renames it to `output` only at the end.
"""

from __future__ import annotations

import collections
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time

from ..errors import CancelledError, LithoscopeError
from ..progress import CancelFn, LogFn, ProgressFn
from .environment import WORKER_SCRIPT

TERMINATE_GRACE_S = 3.0
STDERR_LINES = 20


def partial_path(output: str) -> str:
    """Where the worker writes the model before renaming it to `output`."""
    return output + ".part"


def run_training(
    job: dict,
    python: str,
    progress: ProgressFn,
    log: LogFn,
    is_cancelled: CancelFn,
    script: str = WORKER_SCRIPT,
) -> dict:
    """Run `job` (a JSON-able dict with "kind" and "output") with interpreter `python`; return the "done" event.

    Raises CancelledError when `is_cancelled()` turns true (no model file is left), LithoscopeError when the worker
    reports an error or dies."""
    output = job.get("output", "")
    if not python or not os.path.isfile(python):
        raise LithoscopeError(
            f"The training environment's Python was not found ({python or 'none given'}). "
            "Install the training components (or run `make train-env` in a checkout)."
        )
    proc = _start(python, script)
    stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_LINES)
    events: list[dict] = []
    lines: collections.deque[str] = collections.deque()
    readers = [
        threading.Thread(target=_pump, args=(proc.stderr, stderr_tail), daemon=True),
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True),
    ]
    for t in readers:
        t.start()
    try:
        try:
            proc.stdin.write(json.dumps(job))
            proc.stdin.close()
        except OSError:
            pass  # the worker died at once: its exit status and stderr say why
        done, error = None, None
        while True:
            if is_cancelled():
                _stop(proc)
                _remove(partial_path(output)) if output else None
                raise CancelledError("Training cancelled; no model file was written.")
            while lines:
                event = _parse(lines.popleft(), log)
                if event is None:
                    continue
                events.append(event)
                kind = event.get("event")
                if kind == "device":
                    log(f"Training on device: {event.get('name')}")
                elif kind == "epoch":
                    epoch, epochs = int(event.get("epoch", 0)), max(1, int(event.get("epochs", 1)))
                    progress(min(1.0, epoch / epochs))
                    val = event.get("val")
                    text = f"Epoch {epoch}/{epochs}: loss {float(event.get('loss', float('nan'))):.4f}"
                    shown = val is not None and math.isfinite(float(val))
                    log(text + (f", validation {float(val):.4f}" if shown else ""))
                elif kind == "log":
                    log(str(event.get("message", "")))
                elif kind == "early_stop":
                    log(
                        f"Early stop ({_phase(event)}) after epoch {int(event.get('epoch', 0))}: no better validation "
                        f"score since epoch {int(event.get('best', 0))}, which is kept."
                    )
                elif kind == "time_budget":
                    log(
                        f"Time budget reached ({_phase(event)}) after epoch {int(event.get('epoch', 0))} "
                        f"({float(event.get('seconds', 0.0)):.0f} s); the best epoch so far is kept."
                    )
                elif kind == "final_fit":
                    log(
                        f"Final model trained on all {int(event.get('samples', 0))} samples for "
                        f"{int(event.get('epochs', 0))} epoch(s), the best epoch count of the validation run."
                    )
                elif kind == "done":
                    done = event
                elif kind == "error":
                    error = str(event.get("message", "unknown error"))
                    if event.get("code") == "nonfinite_loss":
                        raise LithoscopeError(
                            f"Training stopped: {error}. Check the inputs for extreme values (a nodata value the "
                            "raster or table does not declare, say) or lower the learning rate; no model was written."
                        )
            if proc.poll() is not None and not lines and not readers[1].is_alive():
                break
            time.sleep(0.05)
        for t in readers:
            t.join(timeout=1.0)
        code = proc.returncode
        if error is not None:
            raise LithoscopeError(f"Training failed: {error}")
        if code != 0 or done is None:
            raise LithoscopeError(_death_message(code, list(stderr_tail)))
        return done
    except BaseException:
        if proc.poll() is None:
            _stop(proc)
        if output:
            _remove(partial_path(output))
        raise


def _phase(event: dict) -> str:
    return "final fit" if event.get("phase") == "final" else "validation run"


def _start(python: str, script: str) -> subprocess.Popen:
    kwargs: dict = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True  # its own process group: a cancel stops the worker and its children
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    for name in ("PYTHONPATH", "PYTHONHOME"):  # QGIS's paths would mix its packages into the venv's
        env.pop(name, None)
    return subprocess.Popen(
        [python, "-u", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        **kwargs,
    )


def _pump(stream, sink) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))
    stream.close()


def _parse(line: str, log: LogFn) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        event = None
    if not isinstance(event, dict):
        if line.strip():
            log(line)  # a stray print in the worker: shown, not fatal
        return None
    return event


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the worker's process group, SIGKILL after TERMINATE_GRACE_S."""
    if proc.poll() is not None or not _signal(proc, kill=False):
        return
    try:
        proc.wait(TERMINATE_GRACE_S)
        return
    except subprocess.TimeoutExpired:
        pass
    _signal(proc, kill=True)
    proc.wait()


def _signal(proc: subprocess.Popen, kill: bool) -> bool:
    """SIGTERM (or SIGKILL) to the worker's process group; terminate() or kill() on Windows. False: it is gone."""
    if sys.platform == "win32":
        (proc.kill if kill else proc.terminate)()
        return True
    try:
        os.killpg(proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        return False
    return True


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _death_message(code: int | None, stderr: list[str]) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = f"the training process was killed ({name}"
        why += "; out of memory?)" if -code == getattr(signal, "SIGKILL", 9) else ")"
    elif code:
        why = f"the training process exited with status {code}"
    else:
        why = "the training process ended without writing a model"
    tail = "\n".join(line for line in stderr if line.strip())
    return f"Training failed: {why}." + (f"\nLast lines it printed:\n{tail}" if tail else "")
