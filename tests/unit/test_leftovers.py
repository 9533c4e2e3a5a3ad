# SPDX-License-Identifier: GPL-2.0-or-later
"""What runs that died leave (temporary files, locks) is removed by the next run in that folder, with a log line;
what a live run holds is never touched; a lock is judged by its process's start time, not its pid alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest
from builders import make_cnn, write_raster
from lithoscope.inference.errors import InputError
from lithoscope.inference.outputs.locks import output_lock
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.inference.system import host_name, process_start, process_tag


def dead_tag() -> str:
    """The process tag of a process that has ended (on this machine)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process_start(child.pid) is None
    return f"{process_tag().split('.')[0]}.{child.pid}.12345"


def test_leftovers_of_a_dead_run_are_removed_and_a_live_runs_kept(tmp_path):
    dead = dead_tag()
    for name in (f".lithoscope-{dead}-abc.tif", f".lithoscope-{dead}-def.tif.aux.xml", f".lithoscope-{dead}-x.part"):
        (tmp_path / name).write_bytes(b"left by a killed run")
    (tmp_path / f".lithoscope-{dead}-folder").mkdir()
    (tmp_path / f".lithoscope-{dead}-folder" / "points.dbf").write_bytes(b"x")
    live = tmp_path / f".lithoscope-{process_tag()}-live.tif"  # this process's: a run that is writing
    live.write_bytes(b"in use")
    untagged = tmp_path / ".lithoscope-a1b2c3.previous"  # an older version's: maybe the only earlier copy
    untagged.write_bytes(b"earlier output")
    raster = write_raster(str(tmp_path / "r.tif"), np.ones((1, 20, 20), np.float32))
    lines: list[str] = []
    run_classify(
        ClassifyParams(raster, make_cnn(str(tmp_path / "m.onnx"), 1, 2), str(tmp_path / "c.tif")), log=lines.append
    )
    left = sorted(n for n in os.listdir(tmp_path) if n.startswith("."))
    assert left == sorted([live.name, untagged.name])
    assert any(line.startswith("Removed 4 temporary file(s) that runs which did not finish left in") for line in lines)


def test_a_lock_whose_pid_now_belongs_to_another_process_is_stale(tmp_path):
    target = str(tmp_path / "c.tif")
    lock = tmp_path / ".c.tif.lithoscope-lock"
    host = process_tag().split(".")[0]
    reused = f"{host}.{os.getpid()}.1"  # this pid, but a process that started at another time: not this one
    lock.write_text(f"{host_name()}:{reused}:0123abcd")
    lines: list[str] = []
    with output_lock([target], lines.append):
        assert lock.read_text().split(":")[1] == process_tag()  # taken over
    assert any("Removed 1 lock(s) of runs that ended" in line for line in lines)
    assert not lock.exists()


def test_a_lock_of_another_machine_holds_while_its_heartbeat_beats_and_its_file_is_named(tmp_path):
    target = str(tmp_path / "c.tif")
    lock = tmp_path / ".c.tif.lithoscope-lock"
    lock.write_text("other-host:0a0a0a0a.4242.99:token")
    with pytest.raises(InputError) as caught, output_lock([target]):
        pass
    message = str(caught.value)
    assert "process 4242 on other-host" in message and str(lock) in message and "delete that file" in message
    old = time.time() - 3600  # its heartbeat stopped an hour ago: that run is gone (a container's old name)
    os.utime(lock, (old, old))
    with output_lock([target]):
        pass
    assert not lock.exists()


def test_a_failure_to_remove_the_lock_never_hides_the_runs_own_error(tmp_path, monkeypatch):
    from lithoscope.inference.outputs import locks

    def refuse(path):
        raise PermissionError(13, "Permission denied", path)

    target = str(tmp_path / "c.tif")
    with pytest.raises(InputError, match="the run's own message"):
        with output_lock([target]):
            monkeypatch.setattr(locks, "remove_file", refuse)
            raise InputError("the run's own message")
