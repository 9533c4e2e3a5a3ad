# SPDX-License-Identifier: GPL-2.0-or-later
"""Atomic file output: write to a temporary file beside the target, then rename it into place."""

from __future__ import annotations

import os
import tempfile


def temporary_path(target: str, suffix: str) -> str:
    """A new, unique temporary file name in the target's folder (same file system => atomic rename)."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".lithoscope-", suffix=suffix, dir=folder)
    os.close(fd)
    return tmp


def publish(tmp: str, target: str) -> str:
    """Give `tmp` the permissions a normally created file would have and rename it to `target`."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
    return target
