# SPDX-License-Identifier: GPL-2.0-or-later
"""Atomic file output: temporary files beside the targets, renamed into place all together, with a journal.

A run writes every output (rasters, side-cars, polygons, styles) under a temporary name in the
target's folder, then `OutputTransaction.commit` renames them all into place. An earlier file of a
target's name is kept aside until every rename has succeeded, so a failure half-way puts every
earlier file back byte for byte; so does a failure of the commit's last step (`finish`, e.g. a
GeoPackage transaction committed after the renames). A file that cannot be renamed (open in
another program, disk full) is named in an OutputFileError with the fix.

A killed process (QGIS, qgis_process, an out-of-memory kill, a power cut) cannot undo anything
itself, so before its first rename a commit writes a journal (as SQLite's rollback journal): every
(temporary, final, kept-aside) triple, in each folder it touches and in an index in the user's
cache folder. The commit marks the journal "renamed" when every file is in place and removes it at
the end. Whoever finds a journal whose process has died (the next run on that folder, the plugin at
load: recovery.py) completes the commit when every new file was in place (and the GeoPackage
transaction, if any, committed), and undoes it otherwise: all new files, or all earlier ones.

Temporary files are named `.lithoscope-<process tag>-...` (system.process_tag), so the next run can
tell the leftovers of a run that died from the files of one that is running.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
import uuid
from typing import Any, Callable

from ..errors import InputError, LithoscopeError
from ..system import process_tag, state_folder

TEMP_PREFIX = ".lithoscope-"
JOURNAL_PREFIX = ".lithoscope-journal-"


def _own_prefix() -> str:
    return f"{TEMP_PREFIX}{process_tag()}-"


def _cannot_write(folder: str, exc: OSError) -> InputError:
    return InputError(
        f"Cannot write in the folder {folder} ({exc.strerror or exc}); choose an output folder you can write to."
    )


def temporary_path(target: str, suffix: str) -> str:
    """A new, unique temporary file name in the target's folder (same file system => atomic rename)."""
    folder = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=_own_prefix(), suffix=suffix, dir=folder)
    except OSError as exc:
        raise _cannot_write(folder, exc) from exc
    os.close(fd)
    return tmp


def temporary_folder(target: str) -> str:
    """A new temporary folder beside `target` (for files that must keep their names, as a Shapefile's .dbf)."""
    folder = os.path.dirname(os.path.abspath(target))
    try:
        return tempfile.mkdtemp(prefix=_own_prefix(), dir=folder)
    except OSError as exc:
        raise _cannot_write(folder, exc) from exc


def _aside_name(target: str) -> str:
    """A name to keep an earlier file of `target` under during a commit (not created: it exists only once moved)."""
    folder = os.path.dirname(os.path.abspath(target))
    return os.path.join(folder, f"{_own_prefix()}{uuid.uuid4().hex[:12]}.previous")


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
    """Files to rename into place together (and stale side-cars to delete), or none of them (see the module)."""

    def __init__(self) -> None:
        self.id = uuid.uuid4().hex
        self.pairs: list[tuple[str, str]] = []
        self.stale: list[str] = []
        # How recovery tells whether `finish` took effect after a crash (a GeoPackage transaction: the token
        # its layer holds once committed); None: the commit has no finish step, or recovery need not ask.
        self.finish_check: dict[str, Any] | None = None

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
        naming it, after the earlier files are restored. The journal (see the module) lets the next
        run finish or undo a commit whose process was killed.
        """
        moves = [
            {"tmp": tmp, "target": target, "aside": _aside_name(target) if os.path.lexists(target) else None}
            for tmp, target in self.pairs
        ]
        stale = [{"target": t, "aside": _aside_name(t)} for t in self.stale if os.path.lexists(t)]
        journal = Journal(self.id, moves, stale, self.finish_check)
        saved: list[tuple[str, str]] = []  # (aside, target)
        placed: list[str] = []
        current: str | None = None  # the file being moved when an OSError comes
        try:
            journal.write("prepared")
            for entry in moves + stale:
                if entry["aside"]:
                    current = entry["target"]
                    os.replace(entry["target"], entry["aside"])
                    saved.append((entry["aside"], entry["target"]))
            for tmp, target in self.pairs:
                current = target
                publish(tmp, target)
                placed.append(target)
            current = None
            journal.write("renamed")
            if finish is not None:
                finish()
            journal.write("done")
        except BaseException as exc:
            kept = self._undo(saved, placed)
            self.abort()
            journal.remove()
            if isinstance(exc, OSError) and not isinstance(exc, LithoscopeError) and current is not None:
                raise replace_error(exc, current, kept) from exc
            raise
        for aside, _ in saved:
            remove_file(aside)
        journal.remove()
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


class Journal:
    """The record of one commit, written before its first rename (see the module's docstring).

    One copy in each folder the commit touches (`.lithoscope-journal-<id>.json`) and one in the index of
    unfinished commits (system.state_folder()/journals), so that a run in any of those folders, or the
    plugin at load, finds it. Each copy is written whole (a temporary file renamed over it).
    """

    def __init__(self, ident: str, moves: list[dict], stale: list[dict], finish: dict | None) -> None:
        self.id = ident
        self.moves, self.stale, self.finish = moves, stale, finish
        folders = {os.path.dirname(os.path.abspath(e["target"])) for e in moves + stale}
        self.copies = sorted(os.path.join(f, f"{JOURNAL_PREFIX}{ident}.json") for f in folders)
        self.index = os.path.join(state_folder(), "journals", f"{ident}.json")
        self.written = False

    def record(self, state: str) -> dict:
        return {
            "version": 1,
            "id": self.id,
            "owner": process_tag(),
            "state": state,
            "moves": self.moves,
            "stale": self.stale,
            "finish": self.finish,
            "copies": self.copies,
        }

    def write(self, state: str) -> None:
        """Write (or update) every copy with `state`: prepared, renamed (every file in place), done."""
        if not self.moves and not self.stale:
            return  # nothing to rename: nothing to recover
        text = json.dumps(self.record(state), indent=1)
        self.written = True  # from the first copy on, remove() cleans up whatever was written
        for path in self.copies:
            try:
                _write_whole(path, text)
            except OSError as exc:
                raise _cannot_write(os.path.dirname(path), exc) from exc
        with contextlib.suppress(OSError):  # the index only helps the plugin find it at load: best effort
            os.makedirs(os.path.dirname(self.index), exist_ok=True)
            _write_whole(self.index, text)

    def remove(self) -> None:
        """Delete every copy (the commit is complete, or undone)."""
        if self.written:
            for path in [self.index] + self.copies:
                remove_file(path)
            self.written = False


def _write_whole(path: str, text: str) -> None:
    """Write `text` to `path` so that a reader sees the earlier content or the new one, never a part."""
    tmp = os.path.join(os.path.dirname(path), f"{_own_prefix()}{uuid.uuid4().hex[:8]}.part")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        remove_file(tmp)
        raise


def read_journal(path: str) -> dict | None:
    """A journal's record, or None when it cannot be read as one (then it is left where it is)."""
    try:
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    ok = isinstance(record, dict) and record.get("version") == 1 and isinstance(record.get("moves"), list)
    return record if ok else None


def finish_took_effect(check: dict | None) -> bool:
    """Whether a commit's last step (a GeoPackage transaction) committed: its layer holds the commit's token."""
    if not check:
        return True
    if check.get("kind") != "gpkg":
        return False
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    try:
        ds = ogr.Open(check["path"], 1)  # for update: SQLite rolls back a transaction a killed run left open
        layer = ds.GetLayerByName(check["layer"]) if check.get("layer") else ds.GetLayer(0)
        token = layer.GetMetadataItem(check["item"]) if layer is not None else None
    except (RuntimeError, KeyError, AttributeError):
        return False
    finally:
        ds = None
    return token == check.get("token")


def complete_or_undo(record: dict) -> str:
    """Finish a killed commit when every new file was in place (and its finish step took effect), else undo it.

    Every step can be repeated: a recovery that is itself killed is recovered again. Returns "completed"
    or "undone".
    """
    forward = record.get("state") == "done" or (
        record.get("state") == "renamed" and finish_took_effect(record.get("finish"))
    )
    moves, stale = record.get("moves", []), record.get("stale", [])
    if forward:
        for entry in moves + stale:
            if entry.get("aside"):
                remove_file(entry["aside"])
        return "completed"
    for entry in reversed(moves + stale):
        target, aside, tmp = entry["target"], entry.get("aside"), entry.get("tmp")
        if aside and os.path.lexists(aside):
            os.replace(aside, target)  # the earlier file back, over a new one if it was placed
        elif not aside and tmp and not os.path.lexists(tmp) and os.path.lexists(target):
            remove_file(target)  # a new file where there was none: placed by the killed commit
        if tmp:
            remove_file(tmp)
    return "undone"


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
        self.aside = tempfile.mkdtemp(prefix=f"{_own_prefix()}previous-", dir=folder)
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
