# SPDX-License-Identifier: GPL-2.0-or-later
"""Locks on output paths for the length of a run, so that two runs never write the same files.

A lock is a file beside the output (`.<name>.lithoscope-lock`) holding its owner: the process tag
(machine, pid and the process's start time: system.process_tag) and a token of the run. While the
run lasts a heartbeat touches it every HEARTBEAT_SECONDS. A lock is stale when its process has
ended, or its pid now belongs to another process (a different start time), or, written on another
machine (a shared folder, a container's earlier host name), when its heartbeat stopped long ago.
The next run on that folder removes stale locks (and, first, what killed runs left: recovery.py).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
import uuid
from typing import Iterator

from ..errors import InputError
from ..progress import LogFn, quiet
from ..system import host_name, process_start, process_tag, tag_alive
from .files import TEMP_PREFIX, remove_file
from .recovery import recover_folder

LOCK_SUFFIX = ".lithoscope-lock"
HEARTBEAT_SECONDS = 20.0
STALE_HEARTBEAT_SECONDS = 180.0  # a lock of another machine not touched for this long belongs to no run
_STALE_EMPTY_SECONDS = 30.0  # an empty lock younger than this is a run that is still writing its owner

_held: set[str] = set()
_held_lock = threading.Lock()


def lock_path(target: str) -> str:
    folder, name = os.path.split(os.path.realpath(target))
    return os.path.join(folder, f".{name}{LOCK_SUFFIX}")


def _read_owner(lock: str) -> str | None:
    try:
        with open(lock, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


def _age(path: str) -> float:
    try:
        return time.time() - os.path.getmtime(path)
    except OSError:
        return 0.0


def owner_alive(owner: str, lock: str) -> bool:
    """Whether the run that wrote `owner` (host name : process tag : token) into `lock` may still be running."""
    parts = owner.split(":")
    if len(parts) < 3:  # empty or half-written: a run that is creating it, unless it has been like that for long
        return os.path.exists(lock) and _age(lock) < _STALE_EMPTY_SECONDS
    if len(parts) == 3 and parts[1].isdigit():  # host:pid:token, written by a version before process tags
        if parts[0] == host_name():
            return process_start(int(parts[1])) is not None
        return _age(lock) < STALE_HEARTBEAT_SECONDS
    alive = tag_alive(parts[1])
    if alive is None:  # another machine's run: alive while its heartbeat beats
        return _age(lock) < STALE_HEARTBEAT_SECONDS
    return alive


def _describe(owner: str) -> str:
    parts = owner.split(":")
    if len(parts) >= 3 and parts[1].count(".") == 2:
        return f"process {parts[1].split('.')[1]} on {parts[0]}"
    return f"process {owner.rsplit(':', 1)[0]}" if owner else "starting"


def _create_lock(lock: str, token: str) -> bool:
    """Create `lock` holding `token` in one step (a complete file or none); False if it exists."""
    folder = os.path.dirname(lock)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{process_tag()}-", suffix=".lock", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token)
        try:
            os.link(tmp, lock)  # atomic, and fails if the lock exists
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive create, then write
            try:
                with open(lock, "x", encoding="utf-8") as f:
                    f.write(token)
            except FileExistsError:
                return False
        return True
    finally:
        remove_file(tmp)


def _take_stale(lock: str, owner: str) -> bool:
    """Remove a stale lock, unless another run replaced it since it was read; whether it was removed."""
    aside = f"{lock}.{uuid.uuid4().hex}.stale"
    try:
        os.rename(lock, aside)
    except OSError:
        return False
    taken = _read_owner(aside) == owner
    if not taken:  # not the one judged stale: put it back if the name is free
        with contextlib.suppress(OSError):
            os.link(aside, lock)
    remove_file(aside)
    return taken


def remove_stale_locks(folder: str, log: LogFn | None = None) -> int:
    """Remove the locks in `folder` whose runs have ended; returns how many."""
    removed = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(LOCK_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        lock = os.path.join(folder, name)
        owner = _read_owner(lock)
        if owner is not None and not owner_alive(owner, lock) and _take_stale(lock, owner):
            removed.append(name)
    if removed:
        (log or quiet)(
            f"Removed {len(removed)} lock(s) of runs that ended without removing them: {', '.join(removed)}."
        )
    return len(removed)


class _Heartbeat(threading.Thread):
    """Touches the run's lock files while it lasts, so that another machine can tell a live lock."""

    def __init__(self, locks: list[str]) -> None:
        super().__init__(daemon=True, name="lithoscope-lock-heartbeat")
        self.locks = locks
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(HEARTBEAT_SECONDS):
            for lock in list(self.locks):
                with contextlib.suppress(OSError):
                    os.utime(lock)


@contextlib.contextmanager
def output_lock(targets: list[str], log: LogFn | None = None) -> Iterator[None]:
    """Hold a lock on each output path for the length of a run; refuse paths another run holds.

    First, in each folder of the outputs, what killed runs left is put right (recovery.recover_folder)
    and stale locks are removed. On release only a lock still holding this run's token is removed, and
    a failure to remove it never hides the run's own error.
    """
    token = f"{host_name()}:{process_tag()}:{uuid.uuid4().hex}"
    for folder in sorted({os.path.dirname(os.path.realpath(t)) for t in targets}):
        recover_folder(folder, log)
        remove_stale_locks(folder, log)
    held: list[str] = []  # in this process
    created: list[str] = []  # lock files of this run
    heartbeat = _Heartbeat(created)
    try:
        for target in targets:
            _acquire(target, token, held, created)
        heartbeat.start()
        yield
    finally:
        heartbeat.stop.set()
        for lock in created:
            with contextlib.suppress(OSError):  # e.g. the folder became read-only: the run's own message wins
                if _read_owner(lock) == token:
                    remove_file(lock)
        with _held_lock:
            for key in held:
                _held.discard(key)


def _acquire(target: str, token: str, held: list[str], created: list[str]) -> None:
    """Take the lock of one output (see output_lock), or raise the message that says who holds it."""
    lock = lock_path(target)
    key = os.path.normcase(lock)
    with _held_lock:
        busy = key in _held
        if not busy:
            _held.add(key)
    if busy:
        raise InputError(_busy_message(target, "in this QGIS", None))
    held.append(key)
    for _ in range(3):
        try:
            if _create_lock(lock, token):
                created.append(lock)
                return
        except OSError as exc:
            raise InputError(
                f"Cannot write in the folder of {target} ({exc.strerror or exc}); choose an output folder "
                "you can write to."
            ) from exc
        owner = _read_owner(lock)
        if owner is None:
            continue  # removed meanwhile: try again
        if owner_alive(owner, lock):
            raise InputError(_busy_message(target, _describe(owner), lock))
        _take_stale(lock, owner)
    raise InputError(_busy_message(target, "starting", lock))


def _busy_message(target: str, who: str, lock: str | None) -> str:
    where = (
        f" Its lock file is {lock}: if no Lithoscope run is writing that output (QGIS or qgis_process was "
        "closed), delete that file and run again."
        if lock
        else ""
    )
    return (
        f"Another Lithoscope run ({who}) is writing {target} right now. Wait until it has finished, or choose "
        f"another output file name.{where}"
    )
