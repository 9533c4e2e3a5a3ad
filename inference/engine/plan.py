# SPDX-License-Identifier: GPL-2.0-or-later
"""A run as plain values: the `Plan` (source, model, configured kind, encoding, tile grid) and its `RunStats`.

The work for any window is a function of the plan alone (windows.py), so an executor can ship the
plan to another process; sessions and readers are opened where the work runs (`session_for`).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..kinds.encoding import Encoding, SequenceEncoding
from ..kinds.layouts import ModelKind
from ..kinds.sequences import GapCounts
from ..model.session import ModelSession, narrowed, open_model
from .tiling import TileGrid

QUEUE_DEPTH = 3


@dataclass
class RunStats:
    """What a run did, for logs, reports and benchmarks."""

    tiles: int = 0
    tiles_skipped: int = 0
    batches: int = 0
    valid_pixels: int = 0
    inference_seconds: float = 0.0
    total_seconds: float = 0.0
    tile: int = 0
    overlap: int = 0
    batch_size: int = 0
    providers: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    executor: str = "local"
    chunks: int = 0
    nonfinite_pixels: int = 0  # masked as nodata (nonfinite="mask")
    probability_min: float = float("inf")  # range of the probabilities written, to spot logits
    probability_max: float = float("-inf")
    gaps: GapCounts = field(default_factory=GapCounts)  # sequence models: pixels whose series have nodata steps
    value_min: float = float("inf")  # range of the values written that style the output (Head.observed)
    value_max: float = float("-inf")

    def add(self, other: RunStats) -> None:
        for name in ("tiles", "tiles_skipped", "batches", "valid_pixels", "inference_seconds", "nonfinite_pixels"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.gaps.add(other.gaps)
        self.probability_min = min(self.probability_min, other.probability_min)
        self.probability_max = max(self.probability_max, other.probability_max)
        self.value_min = min(self.value_min, other.value_min)
        self.value_max = max(self.value_max, other.value_max)

    def observe(self, values: np.ndarray | None, nodata: float) -> None:
        """Widen the range of the values written (those that are not nodata), for the output's style."""
        if values is None:
            return
        ok = values != nodata
        if ok.any():
            self.value_min = min(self.value_min, float(values[ok].min()))
            self.value_max = max(self.value_max, float(values[ok].max()))

    @property
    def value_range(self) -> tuple[float, float]:
        """(minimum, maximum) of the values observed; (inf, -inf) when none were."""
        return self.value_min, self.value_max


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything the work for a window needs, as plain values an executor can ship anywhere.

    Built once the probe has configured the kind (windows.probe), and never changed after.
    """

    source: Any
    model_path: str
    device: str
    threads: int
    kind: ModelKind
    encoding: Encoding | SequenceEncoding
    grid: TileGrid
    batch_size: int
    labels: tuple = ()
    nonfinite: str = "fail"  # NaN or infinity from the model: "fail" the run, or "mask" those pixels as nodata
    read_dtype: str = "float32"  # float64 where copy-through must give back float64 or 32-bit integer values

    def block_cache_bytes(self) -> int:
        """GDAL block cache for a run: enough to re-read one row of input tiles, 64 to 256 MiB.

        GDAL's default (5 % of RAM) lets the cache, and so memory, grow with the raster while
        dirty output blocks wait in it; a cap keeps peak memory independent of raster size.
        """
        itemsize = np.dtype(getattr(self.source, "dtype", "float32") or "float32").itemsize
        tile_row = self.source.width * self.grid.tile * self.source.count * itemsize
        # Overlapping tiles re-read the bottom of the row above: two rows. Without overlap (per-pixel
        # models) no block is read twice, so one row is enough (a striped file's strips of the row).
        # At most 256 MiB, so that memory stays bounded on very wide rasters too (overlapping
        # tiles may then re-read a few input blocks).
        rows = 2 if self.grid.overlap else 1
        return min(max(64 << 20, rows * tile_row), 256 << 20)

    @property
    def block(self) -> int:
        """Block size of the output GeoTIFFs: the stride where it suits GDAL, else 256."""
        return self.grid.stride if self.grid.stride % 16 == 0 else 256


_sessions: dict[tuple, ModelSession] = {}


_sessions_lock = threading.Lock()


def session_for(plan: Plan) -> ModelSession:
    """This process's onnxruntime session for the plan's model (opened once per process)."""
    stat = os.stat(plan.model_path)
    used = plan.kind.used_outputs
    key = (os.path.abspath(plan.model_path), stat.st_mtime_ns, stat.st_size, plan.device, plan.threads, used)
    with _sessions_lock:
        session = _sessions.get(key)
        if session is None:
            if len(_sessions) >= 4:
                _sessions.clear()
            session = open_model(plan.model_path, plan.device, plan.threads)
            session = _sessions[key] = narrowed(session, plan.model_path, used, plan.device, plan.threads)
    return session


@dataclass
class ExecutorSpec:
    """Where the windows run: "local" (threads in this process) or "dask" (a LocalCluster of
    `workers` processes when `scheduler` is empty, else the cluster at that address)."""

    kind: str = "local"
    scheduler: str | None = None
    workers: int = 2
    chunk: int = 2048  # pixels per side of a Dask chunk (rounded to whole tiles)


EXECUTORS = ("local", "dask")
