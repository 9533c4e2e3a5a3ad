# SPDX-License-Identifier: GPL-2.0-or-later
"""Atomic file output: temporary files beside the targets, renamed into place all together.

A run writes every output (rasters, side-cars, polygons, styles) under a temporary name in
the target's folder, then `OutputTransaction.commit` renames them all into place. An earlier
file of a target's name is kept aside until every rename has succeeded, so a failure half-way
puts every earlier file back byte for byte; so does a failure of the commit's last step (`finish`,
e.g. a GeoPackage transaction committed after the renames). A file that cannot be renamed (open
in another program, disk full) is named in an OutputFileError with the fix. `output_lock` keeps
two runs from writing the same outputs at once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from typing import Callable

from ..errors import InputError, LithoscopeError


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


def remove_file(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def remove_sqlite(path: str) -> None:
    """Delete a temporary GeoPackage and the journal files SQLite may leave beside it."""
    for suffix in ("", "-wal", "-shm"):
        remove_file(path + suffix)


class OutputFileError(InputError, OSError):
    """A file that could not be renamed into place (open in another program, disk full, ...).

    An InputError that names the file and the fix; also an OSError, so that code which catches
    the file system's error still does.
    """


_IN_USE = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}


_WINDOWS_IN_USE = {5, 32, 33}  # access denied, sharing violation, lock violation


def replace_error(exc: OSError, path: str, kept: list[str] | None = None) -> OutputFileError:
    """The error of a file `path` that could not be put in place; `kept`: earlier files that could not be restored."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if isinstance(exc, PermissionError) or exc.errno in _IN_USE or getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
        fix = (
            "it may be open in another program (on Windows a file in use cannot be replaced): close it there, and in "
            "QGIS remove its layer or stop editing it, then run again"
        )
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        fix = "free some space on that disk, or write the outputs to another folder"
    else:
        fix = "check that its folder can be written to and that no other program holds the file, then run again"
    done = (
        f"The earlier file(s) could not be put back and are kept as {', '.join(kept)}."
        if kept
        else "Every earlier file was left as it was."
    )
    return OutputFileError(f"The file {path} could not be written ({reason}); {fix}. {done}")


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

    def commit(self, finish: Callable[[], None] | None = None) -> list[str]:
        """Rename every temporary file into place, then call `finish`; on any failure restore every earlier file.

        `finish` is the last step of a two-phase commit (a GeoPackage's SQLite transaction, say): it
        runs while the earlier files are still kept aside, so if it fails they are all put back. A
        file that cannot be renamed (open in another program, disk full) raises an OutputFileError
        naming it, after the earlier files are restored.
        """
        saved: list[tuple[str, str]] = []  # (backup, target)
        placed: list[str] = []
        current: str | None = None  # the file being moved when an OSError comes
        try:
            for target in [t for _, t in self.pairs] + self.stale:
                if os.path.lexists(target):
                    current = target
                    backup = temporary_path(target, ".previous")
                    os.replace(target, backup)
                    saved.append((backup, target))
            for tmp, target in self.pairs:
                current = target
                publish(tmp, target)
                placed.append(target)
            current = None
            if finish is not None:
                finish()
        except BaseException as exc:
            kept = self._undo(saved, placed)
            self.abort()
            if isinstance(exc, OSError) and not isinstance(exc, LithoscopeError) and current is not None:
                raise replace_error(exc, current, kept) from None
            raise
        for backup, _ in saved:
            remove_file(backup)
        return [t for _, t in self.pairs]

    @staticmethod
    def _undo(saved: list[tuple[str, str]], placed: list[str]) -> list[str]:
        """Remove the files placed and put every earlier one back; the backups that could not be put back."""
        for target in placed:
            with contextlib.suppress(OSError):
                remove_file(target)
        kept = []
        for backup, target in saved:
            try:
                os.replace(backup, target)
            except OSError:
                kept.append(backup)
        return kept

    def abort(self) -> None:
        """Delete every temporary file; the targets are left as they were."""
        for tmp, _ in self.pairs:
            remove_file(tmp)


class FolderSnapshot:
    """Undo a multi-step run's changes to the files of a folder that `owned(name)` says are the run's.

    Every earlier file of those names is hard-linked (or copied) aside first. Steps replace files
    by renaming new ones into place, so the links keep the earlier contents; `restore()` deletes
    what the run added and puts every earlier file back byte for byte, `discard()` drops the copies.
    """

    def __init__(self, folder: str, owned: Callable[[str], bool]) -> None:
        self.folder = folder
        self.owned = owned  # exact names and patterns of the run's files, never a bare prefix: a user's
        # own file that merely starts like an output must not be rolled back
        self.aside = tempfile.mkdtemp(prefix=".lithoscope-previous-", dir=folder)
        self.saved: dict[str, tuple[int, int]] = {}  # name -> (inode, mtime_ns) when saved
        for name in self._names():
            source, copy = os.path.join(folder, name), os.path.join(self.aside, name)
            try:
                os.link(source, copy)
            except OSError:
                import shutil

                shutil.copy2(source, copy)
            stat = os.stat(source)
            self.saved[name] = (stat.st_ino, stat.st_mtime_ns)

    def _names(self) -> list[str]:
        return [n for n in os.listdir(self.folder) if self.owned(n) and os.path.isfile(os.path.join(self.folder, n))]

    def restore(self) -> None:
        """Remove the run's new files and bring every earlier one back."""
        for name in self._names():
            stat = os.stat(os.path.join(self.folder, name))
            if self.saved.get(name) != (stat.st_ino, stat.st_mtime_ns):
                remove_file(os.path.join(self.folder, name))
        for name in self.saved:
            target = os.path.join(self.folder, name)
            if not os.path.exists(target):
                os.replace(os.path.join(self.aside, name), target)
        self.discard()

    def discard(self) -> None:
        import shutil

        shutil.rmtree(self.aside, ignore_errors=True)
