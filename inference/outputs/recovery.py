# SPDX-License-Identifier: GPL-2.0-or-later
"""What a killed run leaves behind, found and put right by the next run in that folder, and by the plugin at load.

- An unfinished commit (its journal, files.py): completed when every new file was in place, undone
  otherwise, so a folder holds all the new outputs or all the earlier ones, never a mix or a gap.
- Temporary files and folders of runs that have died (`.lithoscope-<process tag>-...`): removed.
- Locks of runs that have died: removed by locks.output_lock, which calls `recover_folder` first.

A journal or temporary file of a run that still runs is never touched: its process tag says which
process wrote it and when that process started (system.tag_alive). One written on another machine
(a shared folder) is judged by its age.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time

from ..progress import LogFn, quiet
from ..system import process_tag, state_folder, tag_alive
from .files import JOURNAL_PREFIX, TEMP_PREFIX, complete_or_undo, read_journal, remove_file

FOREIGN_COMMIT_SECONDS = 600.0  # a commit takes seconds: a journal of another machine this old is a dead run's
FOREIGN_TEMP_SECONDS = 24 * 3600.0  # a temporary file of another machine this old belongs to no run
CLAIMED = ".claimed-"  # a journal a recovery has taken over: <journal>.claimed-<process tag of that recovery>


def recover_folder(folder: str, log: LogFn | None = None) -> None:
    """Put right what killed runs left in `folder`: finish or undo their commits, remove their files and locks."""
    log = log or quiet
    try:
        names = os.listdir(folder)
    except OSError:
        return  # not there (yet), or not readable: the run's own checks say so
    for name in sorted(names):
        if name.startswith(JOURNAL_PREFIX) and (name.endswith(".json") or CLAIMED in name):
            recover_journal(os.path.join(folder, name), log)
    remove_leftovers(folder, log)


def recover_pending(log: LogFn | None = None) -> int:
    """Recover every unfinished commit in the index (at plugin load); returns how many were found."""
    log = log or quiet
    index = os.path.join(state_folder(), "journals")
    try:
        names = [n for n in os.listdir(index) if n.endswith(".json")]
    except OSError:
        return 0
    found = 0
    for name in names:
        entry = os.path.join(index, name)
        record = read_journal(entry)
        if record is None:
            continue
        copies = [c for c in record.get("copies", []) if os.path.exists(c)]
        claimed = [c for c in _claimed_copies(record) if os.path.exists(c)]
        for path in copies + claimed:
            found += 1
            recover_journal(path, log)
            break  # one copy is enough: it lists every file
        if not any(os.path.exists(c) for c in record.get("copies", []) + _claimed_copies(record)):
            remove_file(entry)  # finished, or recovered meanwhile
    return found


def _claimed_copies(record: dict) -> list[str]:
    out = []
    for copy in record.get("copies", []):
        folder, name = os.path.split(copy)
        with contextlib.suppress(OSError):
            out += [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(name + CLAIMED)]
    return out


def recover_journal(path: str, log: LogFn) -> str | None:
    """Complete or undo the commit of a journal whose run has died; None when it is left alone (still running)."""
    record = read_journal(path)
    if record is None:
        return None
    journal, _, claimer = path.partition(CLAIMED)
    owner = claimer or record.get("owner", "")  # a journal another recovery took over: judge that recovery
    if not _dead(owner, path, FOREIGN_COMMIT_SECONDS):
        return None
    claimed = f"{journal}{CLAIMED}{process_tag()}"
    try:
        os.replace(path, claimed)  # one recoverer at a time: whoever renames it has it
    except OSError:
        return None
    outcome = complete_or_undo(record)
    folders = sorted({os.path.dirname(c) for c in record.get("copies", [])})
    for copy in record.get("copies", []):
        remove_file(copy)
    for copy in _claimed_copies(record):
        remove_file(copy)
    remove_file(os.path.join(state_folder(), "journals", f"{record.get('id')}.json"))
    files = len(record.get("moves", []))
    what = "completed: every new file is in place" if outcome == "completed" else "undone: every earlier file is back"
    log(
        f"An earlier Lithoscope run was stopped (killed, or QGIS closed) while it put {files} output file(s) in "
        f"place in {', '.join(folders)}; its commit was {what}."
    )
    return outcome


def remove_leftovers(folder: str, log: LogFn) -> int:
    """Remove the temporary files and folders of runs that have died; returns how many were removed."""
    removed = []
    for name in os.listdir(folder):
        if not name.startswith(TEMP_PREFIX) or name.startswith(JOURNAL_PREFIX):
            continue
        tag = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        path = os.path.join(folder, name)
        if not _dead(tag, path, FOREIGN_TEMP_SECONDS):
            continue
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError:
            continue
        removed.append(name)
    if removed:
        shown = ", ".join(removed[:3]) + (f" and {len(removed) - 3} more" if len(removed) > 3 else "")
        log(f"Removed {len(removed)} temporary file(s) that runs which did not finish left in {folder}: {shown}.")
    return len(removed)


def _dead(tag: str, path: str, foreign_seconds: float) -> bool:
    """Whether the run of `tag` is over: its process ended (this machine), or its file is old (another machine).

    A name without a process tag (written by a version before the tags) is never judged dead: such a
    file may be the only copy of an earlier output, and is left for the user.
    """
    if tag.count(".") != 2:
        return False
    alive = tag_alive(tag)
    if alive is None:  # another machine's: by age
        return _older(path, foreign_seconds)
    return not alive


def _older(path: str, seconds: float) -> bool:
    try:
        return time.time() - os.path.getmtime(path) > seconds
    except OSError:
        return False
