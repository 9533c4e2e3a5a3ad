# SPDX-License-Identifier: GPL-2.0-or-later
"""Locks on output paths for the length of a run, so that two runs never write the same files."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
import uuid
from typing import Iterator

from ..errors import InputError
from .files import remove_file

_held: set[str] = set()


_held_lock = threading.Lock()


_STALE_EMPTY_SECONDS = 30.0  # an empty lock younger than this is a run that is still writing its owner


def _lock_path(target: str) -> str:
    folder, name = os.path.split(os.path.realpath(target))
    return os.path.join(folder, f".{name}.lithoscope-lock")


def _read_owner(lock: str) -> str | None:
    try:
        with open(lock, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


def _owner_alive(owner: str, lock: str) -> bool:
    """Whether the run that wrote `owner` (host:pid:token) into `lock` may still be running."""
    parts = owner.split(":")
    if len(parts) < 3 or not parts[1].isdigit():
        try:  # empty or half-written: a run that is creating it, unless it has been like that for long
            age = time.time() - os.path.getmtime(lock)
        except OSError:
            return False
        return age < _STALE_EMPTY_SECONDS
    host, pid = parts[0], int(parts[1])
    if host != socket.gethostname() or pid == os.getpid():
        return True  # another machine's run (a shared folder), or a live run of this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create_lock(lock: str, token: str) -> bool:
    """Create `lock` holding `token` in one step (a complete file or none); False if it exists."""
    folder = os.path.dirname(lock)
    fd, tmp = tempfile.mkstemp(prefix=".lithoscope-", suffix=".lock", dir=folder)
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


def _take_stale(lock: str, owner: str) -> None:
    """Remove a stale lock, unless another run replaced it since it was read."""
    aside = f"{lock}.{uuid.uuid4().hex}.stale"
    try:
        os.rename(lock, aside)
    except OSError:
        return
    if _read_owner(aside) != owner:  # not the one judged stale: put it back if the name is free
        with contextlib.suppress(OSError):
            os.link(aside, lock)
    remove_file(aside)


@contextlib.contextmanager
def output_lock(targets: list[str]) -> Iterator[None]:
    """Hold a lock on each output path for the length of a run; refuse paths another run holds.

    The lock is a file beside the output holding host:pid:token. A lock whose process has ended
    is stale and taken over; on release only a lock still holding this run's token is removed.
    """
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
    held: list[str] = []  # in this process
    created: list[str] = []  # lock files of this run
    try:
        for target in targets:
            lock = _lock_path(target)
            key = os.path.normcase(lock)
            with _held_lock:
                busy = key in _held
                if not busy:
                    _held.add(key)
            if busy:
                raise InputError(_busy_message(target, "in this QGIS"))
            held.append(key)
            for _ in range(3):
                try:
                    if _create_lock(lock, token):
                        created.append(lock)
                        break
                except OSError as exc:
                    raise InputError(
                        f"Cannot write in the folder of {target} ({exc.strerror or exc}); choose an output folder "
                        "you can write to."
                    ) from None
                owner = _read_owner(lock)
                if owner is None:
                    continue  # removed meanwhile: try again
                if _owner_alive(owner, lock):
                    who = f"process {owner.rsplit(':', 1)[0]}" if owner else "starting"
                    raise InputError(_busy_message(target, who))
                _take_stale(lock, owner)
            else:
                raise InputError(_busy_message(target, "starting"))
        yield
    finally:
        for lock in created:
            if _read_owner(lock) == token:
                remove_file(lock)
        with _held_lock:
            for key in held:
                _held.discard(key)


def _busy_message(target: str, who: str) -> str:
    return (
        f"Another Lithoscope run ({who}) is writing {target} right now. Wait until it has finished, or choose "
        "another output file name."
    )
