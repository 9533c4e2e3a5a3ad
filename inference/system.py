# SPDX-License-Identifier: GPL-2.0-or-later
"""The Python this process runs: inside QGIS sys.executable is QGIS itself, so install hints and
Dask's worker processes need the interpreter found here.
"""

from __future__ import annotations

import os
import sys


def qgis_python() -> str:
    """The Python interpreter of this process (inside QGIS sys.executable is QGIS itself)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("bin", ""):
        for name in (version, "python3", "python.exe"):
            candidate = os.path.join(sys.exec_prefix, folder, name)
            if os.path.isfile(candidate):
                return candidate
    return sys.executable


def worker_python() -> str:
    """The interpreter for worker processes: sys.executable when it belongs to this Python's installation,
    else this installation's own (`qgis_python`). An embedded Python (QGIS, qgis_process) may have taken
    another Python found on PATH as sys.executable."""
    exe = sys.executable or ""
    name = os.path.basename(exe).lower()
    if exe and os.path.isfile(exe) and "python" in name and _inside(exe, (sys.exec_prefix, sys.base_exec_prefix)):
        return exe
    return qgis_python()


def _inside(path: str, folders) -> bool:
    real = os.path.normcase(os.path.realpath(path))
    for folder in folders:
        top = os.path.normcase(os.path.realpath(folder))
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            return True
    return False


# -- processes: who owns a lock, a temporary file or a commit journal --------------------------------------


def process_start(pid: int) -> float | None:
    """When process `pid` started (seconds; comparable between calls on one machine), or None if it is not running.

    The start time tells a live run from a new process that got the same pid. /proc on Linux (the same
    answer from every Python on the machine), else psutil where it is installed (QGIS ships it on Windows
    and macOS), else Windows' own API, else only whether the pid exists (0.0: running, start unknown).
    """
    if sys.platform.startswith("linux"):
        return _linux_start(pid)
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            return float(psutil.Process(pid).create_time())
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            return None
        except psutil.Error:  # no access: it runs, as another user
            return 0.0
    if sys.platform == "win32":
        return _windows_start(pid)
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only checks that the process exists
    except ProcessLookupError:
        return None
    except PermissionError:
        return 0.0
    return 0.0


def _linux_start(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()  # after the command name, which may hold spaces
    if fields and fields[0] == "Z":
        return None  # a zombie has ended
    return float(fields[19]) / os.sysconf("SC_CLK_TCK") if len(fields) > 19 else 0.0


def _windows_start(pid: int) -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.windll.kernel32
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return 0.0 if ctypes.GetLastError() == 5 else None  # access denied: it runs
    try:
        code = wintypes.DWORD()
        if kernel.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
            return None
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel.GetProcessTimes(handle, *[ctypes.byref(t) for t in times]):
            return 0.0
        created = times[0]
        return ((created.dwHighDateTime << 32) + created.dwLowDateTime) / 1e7
    finally:
        kernel.CloseHandle(handle)


def host_name() -> str:
    """This machine's name, as locks and journals record it."""
    import socket

    return socket.gethostname()


_OWN: dict[str, str] = {}


def process_tag() -> str:
    """This process as `host-hash.pid.start`: put in the names of its temporary files, so that the next run
    can tell the files of a run that has died (`tag_alive`)."""
    tag = _OWN.get("tag")
    if tag is None or _OWN.get("pid") != str(os.getpid()):  # a forked child is another process
        import hashlib

        host = hashlib.sha1(host_name().encode()).hexdigest()[:8]
        start = process_start(os.getpid()) or 0.0
        tag = f"{host}.{os.getpid()}.{int(start * 100)}"
        _OWN.update(tag=tag, pid=str(os.getpid()))
    return tag


def tag_alive(tag: str) -> bool | None:
    """Whether the process a tag names runs: True, False, or None when it ran on another machine (unknown)."""
    parts = tag.split(".")
    if len(parts) != 3 or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    own_host = process_tag().split(".")[0]
    if parts[0] != own_host:
        return None
    pid, start = int(parts[1]), int(parts[2])
    now = process_start(pid)
    if now is None:
        return False
    return now == 0.0 or start == 0 or abs(int(now * 100) - start) <= 1


def state_folder() -> str:
    """Where Lithoscope keeps what it must find again after a crash (the index of unfinished commits).

    LITHOSCOPE_STATE_DIR if set, else the user's cache folder (Windows: %LOCALAPPDATA%, macOS:
    ~/Library/Caches, else $XDG_CACHE_HOME or ~/.cache), under `lithoscope`.
    """
    given = os.environ.get("LITHOSCOPE_STATE_DIR")
    if given:
        return given
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "lithoscope")
