# SPDX-License-Identifier: GPL-2.0-or-later
"""Build the plugin zip for the QGIS plugin repository: the folder `lithoscope/` with the plugin only.

    python3 tools/package.py OUT.zip              # committed HEAD (what `make package` ships)
    python3 tools/package.py OUT.zip --worktree   # the tracked files as they are on disk, edits included

Both read the same list of files from git (tracked files, less the development folders below), so the test
that installs the zip into a fresh QGIS profile (tests/qgis/test_desktop_install.py) checks what `make package`
would ship, with the changes not committed yet.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Not part of the plugin: tests, training scripts, benchmarks, the demo, these tools and the dev files.
EXCLUDED = (
    "tests", "training", "bench", "demo", "tools", ".ci", "Makefile", "requirements-dev.txt",
    "requirements-train.txt", "constraints.txt", ".gitignore", "pyproject.toml",
)  # fmt: skip
PATHSPECS = ["."] + [f":!{name}" for name in EXCLUDED]


def _git(*args: str, root: str = ROOT) -> bytes:
    return subprocess.run(["git", "-C", root, *args], check=True, capture_output=True).stdout


def build_zip(out: str, worktree: bool = False, root: str = ROOT) -> str:
    """Write the plugin zip to `out`: committed HEAD (`git archive`), or with `worktree` the tracked files as
    they are on disk (a tracked file deleted on disk is left out)."""
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    if not worktree:
        _git("archive", "--format=zip", "--prefix=lithoscope/", "-o", os.path.abspath(out), "HEAD", "--", *PATHSPECS,
             root=root)  # fmt: skip
        return out
    names = [n for n in _git("ls-files", "-z", "--", *PATHSPECS, root=root).decode().split("\0") if n]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            path = os.path.join(root, name)
            if os.path.isfile(path):
                archive.write(path, f"lithoscope/{name}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the zip to write")
    parser.add_argument("--worktree", action="store_true", help="the tracked files on disk, not committed HEAD")
    args = parser.parse_args()
    print(build_zip(args.out, args.worktree))


if __name__ == "__main__":
    main()
