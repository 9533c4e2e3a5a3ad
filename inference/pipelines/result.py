# SPDX-License-Identifier: GPL-2.0-or-later
"""The one result type of every pipeline: what a run wrote and what it means."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable

import numpy as np

from ..engine.plan import RunStats
from ..kinds.sequences import GapCounts
from ..model.contract import ModelContract


@dataclass
class RunResult:
    """What a run wrote and what it means, for the dialogs, Processing, scripts and reports.

    Raster runs fill `output_path` (and `probabilities_path`, `polygons_path`, `styles`); table runs
    fill `fields` and `outputs` (one tuple of field values per series id, None where masked) and,
    for wells, `summary_fields` and `summary` (per well). `paths` lists every file written (for an
    in-place run, the input layer), `plots` the PNGs beside them.
    """

    output_kind: str  # classes, probability, values, latent or filled (the head's)
    task: str
    stats: RunStats
    contract: ModelContract | None = None
    model_path: str = ""
    paths: list[str] = field(default_factory=list)
    output_path: str | None = None
    probabilities_path: str | None = None
    polygons_path: str | None = None
    styles: list[str] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)
    class_names: list[str] = field(default_factory=list)
    class_colors: list[str] = field(default_factory=list)
    class_values: list[int] = field(default_factory=list)  # the value of each class in the class map
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, "integer" | "real" | "text")
    outputs: dict[Hashable, tuple | None] = field(default_factory=dict)
    times: np.ndarray | None = None  # the time steps table series were aligned on
    summary_fields: list[tuple[str, str]] = field(default_factory=list)
    summary: dict[Any, tuple] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: Any, stats: RunStats, contract: ModelContract, model_path: str, **values) -> RunResult:
        """The result of a run of `kind` (its head says what the output is and which classes it maps)."""
        classes = kind.head.classes
        return cls(
            output_kind=kind.head.output_kind,
            task=kind.task,
            stats=stats,
            contract=contract,
            model_path=model_path,
            class_names=[name for _, name, _ in classes],
            class_colors=[color for _, _, color in classes],
            class_values=[value for value, _, _ in classes],
            **values,
        )

    @property
    def gaps(self) -> GapCounts:
        """Series (pixels, rows) with nodata steps, and what became of them."""
        return self.stats.gaps

    @property
    def nonfinite(self) -> int:
        """Pixels or series masked because the model gave NaN or infinity (NONFINITE mask)."""
        return self.stats.nonfinite_pixels
