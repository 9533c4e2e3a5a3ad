# SPDX-License-Identifier: GPL-2.0-or-later
"""Atomic file output: temporary files beside the targets, renamed into place all together.

A run writes every output (rasters, side-cars, polygons, styles) under a temporary name in
the target's folder, then `OutputTransaction.commit` renames them all into place. An earlier
file of a target's name is kept aside until every rename has succeeded, so a failure half-way
puts every earlier file back byte for byte. `output_lock` keeps two runs from writing the same
outputs at once.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
from typing import Iterator

from .errors import InputError


def temporary_path(target: str, suffix: str) -> str:
    """A new, unique temporary file name in the target's folder (same file system => atomic rename)."""
    folder = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".lithoscope-", suffix=suffix, dir=folder)
    except OSError as exc:
        raise InputError(
            f"Cannot write in the folder {folder} ({exc.strerror or exc}); choose an output folder you can write to."
        ) from None
    os.close(fd)
    return tmp


def publish(tmp: str, target: str) -> str:
    """Give `tmp` the permissions a normally created file would have and rename it to `target`."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
    return target


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class OutputTransaction:
    """Files to rename into place together (and stale side-cars to delete), or none of them."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []
        self.stale: list[str] = []

    def add(self, tmp: str, target: str) -> None:
        self.pairs.append((tmp, target))

    def remove(self, target: str) -> None:
        """Delete `target` on commit (a side-car left by an earlier file of that name)."""
        self.stale.append(target)

    def commit(self) -> list[str]:
        """Rename every temporary file into place; on any failure restore every earlier file."""
        saved: list[tuple[str, str]] = []  # (backup, target)
        placed: list[str] = []
        try:
            for target in [t for _, t in self.pairs] + self.stale:
                if os.path.lexists(target):
                    backup = temporary_path(target, ".previous")
                    os.replace(target, backup)
                    saved.append((backup, target))
            for tmp, target in self.pairs:
                publish(tmp, target)
                placed.append(target)
        except BaseException:
            for target in placed:
                _remove(target)
            for backup, target in saved:
                os.replace(backup, target)
            self.abort()
            raise
        for backup, _ in saved:
            _remove(backup)
        return [t for _, t in self.pairs]

    def abort(self) -> None:
        """Delete every temporary file; the targets are left as they were."""
        for tmp, _ in self.pairs:
            _remove(tmp)


_held: set[str] = set()
_held_lock = threading.Lock()


def _lock_path(target: str) -> str:
    folder, name = os.path.split(os.path.abspath(target))
    return os.path.join(folder, f".{name}.lithoscope-lock")


def _owner_alive(text: str) -> bool:
    try:
        host, pid = text.split(":", 1)
        pid_number = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True  # another machine's run (a shared folder): assume it is still going
    if pid_number == os.getpid():
        return False  # not held by this process (checked before), so a leftover of an earlier crash
    try:
        os.kill(pid_number, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def output_lock(targets: list[str]) -> Iterator[None]:
    """Hold a lock on each output path for the length of a run; refuse paths another run holds."""
    taken: list[str] = []  # held in this process
    created: list[str] = []  # lock files this run made (and so removes)
    try:
        for target in targets:
            lock = _lock_path(target)
            with _held_lock:
                busy = lock in _held
                if not busy:
                    _held.add(lock)
            if busy:
                raise InputError(_busy_message(target, "this QGIS"))
            taken.append(lock)
            for _ in range(2):
                try:
                    fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                except FileExistsError:
                    try:
                        with open(lock, encoding="utf-8") as f:
                            owner = f.read().strip()
                    except OSError:
                        owner = ""
                    if owner and _owner_alive(owner):
                        raise InputError(_busy_message(target, f"process {owner}")) from None
                    _remove(lock)  # stale: its run ended without removing it
                    continue
                except OSError as exc:
                    raise InputError(
                        f"Cannot write in the folder of {target} ({exc.strerror or exc}); choose an output folder "
                        "you can write to."
                    ) from None
                created.append(lock)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(f"{socket.gethostname()}:{os.getpid()}")
                break
        yield
    finally:
        for lock in created:
            _remove(lock)
        for lock in taken:
            with _held_lock:
                _held.discard(lock)


def _busy_message(target: str, who: str) -> str:
    return (
        f"Another Lithoscope run ({who}) is writing {target} right now. Wait until it has finished, or choose "
        "another output file name."
    )
