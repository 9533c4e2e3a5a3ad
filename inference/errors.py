# SPDX-License-Identifier: GPL-2.0-or-later
"""[from errors.py] Errors the core raises for the user to read: each says what went wrong and what to do.

[from sequences.py] Sequence pre-processing declared in the model contract, and the dates of a series.

A sequence model takes (N, T, F): T steps of F features. The contract says how a series of
raw steps becomes that feed (`SequencePrep`), in this order:

1. step: every k-th step, counted back from the last one (the latest step is always used);
2. gaps: nodata steps (NaN) are refused, or the series is masked, or they are interpolated
   linearly between the nearest valid steps (held constant before the first and after the
   last valid step), when at least `min_valid` of the steps are valid;
3. difference: first differences along time (one step fewer);
4. scaling: none, per_series (each feature of each series z-scored over its steps), or
   per_feature ((x - band_offset) / band_scale, one value per feature or one for all).

The same `SequencePrep` serves the per-pixel raster path (kinds.SequenceEncoding, band
t * F + f of a stack is feature f at step t) and the table path (tables.py).
"""

from __future__ import annotations

from typing import Sequence


class LithoscopeError(Exception):
    """A problem the user can fix; the message is shown as is in QGIS and on the command line."""


class ModelError(LithoscopeError):
    """The model file cannot be used (not ONNX, corrupt, too new, wrong shape, bad metadata)."""


class InputError(LithoscopeError):
    """The input raster, vector, extent or output path cannot be used."""


class CancelledError(LithoscopeError):
    """The user cancelled the run; nothing was written."""

    def __init__(self, message: str = "Cancelled by the user; no output was written.") -> None:
        super().__init__(message)


def examples(values: Sequence, limit: int = 5) -> str:
    """'a', 'b', 'c' and 4 more: a few values for a message."""
    shown = ", ".join(f"'{v}'" for v in list(values)[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")
