# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequence models over tables: the shared table run of the per-feature and per-depth pipelines.

A table's series (rows) become a `TableSource` whose windows are rows, and run through the same
engine as a raster's pixels (`run_table`: plan, probe, batches, NaN screen, head); `RowWriter`s
keep the values per row, and the head says which fields they are (`Head.table_fields`). The
pipelines around it read the series (features.py: date fields or a long table; wells.py: well
logs and LAS files) and write the fields (a GeoPackage copy, the layer itself, a CSV), all
committed together.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Callable, Hashable, Sequence

import numpy as np

from ..engine.plan import Plan, RunStats
from ..engine.runner import execute
from ..engine.tiling import TileGrid
from ..engine.windows import probe
from ..errors import CancelledError, InputError, ModelError, examples
from ..kinds.encoding import SequenceEncoding
from ..kinds.sequences import (
    all_masked,
    gaps_refused,
    model_steps,
    plan_sequence,
    sample_units_warning,
    window_length,
)
from ..kinds.tasks import build_kind, task_and_layout
from ..model.registry import resolve_model
from ..model.session import open_model
from ..outputs.files import OutputTransaction
from ..outputs.geotiff import check_output_path
from ..outputs.rows import RowWriter
from ..progress import CancelFn, LogFn, ProgressFn, quiet
from ..sources.las import LasFiles
from ..sources.series import LongTable
from ..sources.table import ArrayRows, TableSource
from ..sources.wells import WellTable
from .result import RunResult


@dataclass
class TableOptions:
    """Engine settings of a table run (as in ClassifyParams)."""

    device: str = "auto"
    threads: int = 0
    batch_size: int = 1024
    band_offset: tuple[float, ...] | None = None  # per feature; override the model's scaling
    band_scale: tuple[float, ...] | None = None
    nonfinite: str = "fail"  # NaN or infinity from the model: "fail" the run or "mask" the series
    plots: bool = True  # PNGs beside the outputs (series per feature, strip log per well), committed with them


class SequenceModel:
    """An opened sequence model for tables: (N, T, F) series in, one row of fields per series out."""

    def __init__(self, model: str, device: str = "auto", threads: int = 0) -> None:
        self.path = resolve_model(model)
        self.device, self.threads = device, threads
        self.session = open_model(self.path, device, threads)
        self.contract = self.session.contract
        self.task, layout = task_and_layout(self.contract, self.session)
        if layout != "sequences":
            raise ModelError(
                f"The model {os.path.basename(self.path)} takes input of shape {list(self.session.inputs[0].shape)}; "
                "the sequence tools run models that take series (N, T, F). Use Classify raster for it."
            )

    def window(self) -> int:
        """Samples of a per-depth window (the model's steps, before step and differencing)."""
        return window_length(self.contract, self.session.inputs[0].shape)

    def stack_features(self, bands: int, what: str) -> int:
        """Features per step of a raster stack of `bands` (as a per-pixel run plans it)."""
        return plan_sequence(self.contract, self.session.inputs[0].shape, bands=bands, what=what).features

    def series_steps(self) -> int | None:
        """Raw steps of a regular table series when the model reads the latest ones (sequence_window last)."""
        if self.contract.sequence_window != "last" or not model_steps(self.contract, self.session.inputs[0].shape):
            return None
        return self.window()

    def predict(
        self,
        ids: Sequence[Hashable],
        series: np.ndarray,
        what: str,
        options: TableOptions | None = None,
        log: LogFn | None = None,
        progress: ProgressFn | None = None,
        is_cancelled: CancelFn | None = None,
    ) -> RunResult:
        """Run the model on raw series (N, T_raw, F), NaN at nodata steps, pre-processed as the contract says."""
        source = TableSource(ArrayRows(series), what, lambda i: str(ids[i]))
        return run_table(self, source, ids, series.shape[1:], options, log, progress, is_cancelled)


def run_table(
    model: SequenceModel,
    source: TableSource,
    ids: Sequence[Hashable],
    shape: tuple[int, int],
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    masked_detail: Callable[[np.ndarray], str | None] | None = None,
) -> RunResult:
    """Run a sequence model over the rows of a table source through the engine; one tuple of fields per id.

    `shape` is (raw steps, features) of each row's series. The rows go through the same probe,
    batching, NaN screen and head as a raster's pixels (engine/windows.py); the head gives the fields.
    `masked_detail(written)` says which rows were masked and why (wells: by well), for the messages.
    """
    log = log or quiet
    options = options or TableOptions()
    prep = plan_sequence(
        model.contract,
        model.session.inputs[0].shape,
        raw_steps=shape[0],
        features=shape[1],
        offset=options.band_offset,
        scale=options.band_scale,
        what=source.what,
    )
    log(prep.describe())
    if prep.gaps == "refuse":
        _refuse_gaps(source, prep)
    warning = sample_units_warning(source, prep, UNITS_SAMPLE)
    if warning:
        log(f"Warning: {warning}")
    plan = _table_plan(model, source, SequenceEncoding(prep), options)
    head = plan.kind.head
    writers = [RowWriter(spec, source.rows, source.width) for spec in head.output_specs()]
    empty = _all_masked(model, source, prep, writers, masked_detail)
    stats = execute(plan, model.session, writers, None, progress, is_cancelled, log, empty=empty)
    result = table_result(plan.kind, stats, model.contract, model.path, writers, ids)
    _report(stats, source, len(ids), log, masked_detail(writers[0].written) if masked_detail else None)
    return result


def table_result(kind, stats: RunStats, contract, model_path: str, writers: list[RowWriter], ids) -> RunResult:
    """The result of a table run: the head's fields, and each id's values (None where nothing was written)."""
    head = kind.head
    arrays, written = [w.values for w in writers], writers[0].written
    outputs = {k: head.table_row(arrays, j) if written[j] else None for j, k in enumerate(ids)}
    return RunResult.of(kind, stats, contract, model_path, fields=head.table_fields(), outputs=outputs)


# Rows sampled for the units check (input in other units than the model's), as a raster samples pixels.
UNITS_SAMPLE = 20_000


def _refuse_gaps(source: TableSource, prep) -> None:
    """A model that refuses gaps: refuse the first group of rows (a well, or the table) with gaps, counting them all.

    The engine refuses too, window by window; here the message counts and names the rows of the
    whole group, as the user sees the table.
    """
    for name, start, stop in source.row_groups():
        count, first = 0, []
        for a in range(start, stop, REFUSE_CHUNK):
            rows = source.reader.read(a, min(stop, a + REFUSE_CHUNK)).reshape(-1, prep.raw_steps, prep.features)
            gaps = np.flatnonzero(~np.isfinite(rows[:, list(prep.indices)]).all(axis=(1, 2)))
            count += len(gaps)
            first += [a + int(i) for i in gaps[: max(0, 5 - len(first))]]
        if count:
            names = [source.label(row) for row in first] + [""] * (count - len(first))
            raise gaps_refused(count, f"of {name} (e.g. {examples(names)})")


REFUSE_CHUNK = 65_536  # rows read at a time to look for gaps


def _table_plan(model: SequenceModel, source: TableSource, encoding: SequenceEncoding, options: TableOptions) -> Plan:
    """The probed plan of a table run: windows of `tile` x `tile` rows, `batch_size` series per model call."""
    series_per_call = max(1, int(options.batch_size))
    tile = max(8, min(256, math.isqrt(series_per_call)))
    source.width = tile  # a window is a block of consecutive rows
    paths = {"output": source.what, "probabilities": source.what}  # rows, not files: the head's outputs by name
    kind = build_kind(model.contract, model.session, paths, {}, source.what, encoding)
    labels = tuple(model.session.class_labels)
    kind = probe(model.session, kind, encoding.features, tile, labels)
    return Plan(
        source=source,
        model_path=model.path,
        device=model.device,
        threads=model.threads,
        kind=kind,
        encoding=encoding,
        grid=TileGrid(source.height, source.width, tile, 0),
        batch_size=model.session.fixed_batch or max(1, series_per_call // (tile * tile)),
        labels=labels,
        nonfinite=options.nonfinite,
        read_dtype="float64",  # the pre-processing sees the table's values as they are
    )


def _all_masked(model: SequenceModel, source: TableSource, prep, writers: list[RowWriter], masked_detail):
    """The error of a table run that wrote nothing: every series masked for its gaps, or NaN from the model."""

    def error(stats: RunStats) -> Exception:
        if not stats.gaps.masked:
            return ModelError(
                f"The model gave NaN or infinity for every {source.unit} of {source.what}, so nothing was written. "
                "Check the scaling (feature offsets and scales) and the model."
            )
        detail = masked_detail(writers[0].written) if masked_detail else None
        detail = f" {detail[0].upper()}{detail[1:]}." if detail else ""
        interval = model.contract.sequence_interval_days
        step = f"{interval:g} day(s), sequence_interval_days" if interval else ""
        return all_masked(prep, source.rows, source.unit, stats.gaps.best_share, detail, step)

    return error


def _report(stats: RunStats, source: TableSource, count: int, log: LogFn, masked: str | None) -> None:
    """The gap counts and the rows left empty, logged."""
    gaps = stats.gaps
    if gaps.with_gaps:
        log(gaps.summary())
    if gaps.masked:
        names = [source.label(source.row_of(y, x)) for y, x in gaps.lost]
        shown = masked or f"e.g. {examples(names + [''] * (gaps.masked - len(names)))}"
        log(
            f"Warning: {gaps.masked} of {count} {source.unit} were masked for their gaps (their fields are "
            f"empty): {shown}."
        )
    if stats.nonfinite_pixels:
        log(f"Warning: {stats.nonfinite_pixels} series where the model gave NaN or infinity were left empty.")


def table_inputs(table: LongTable | WellTable | LasFiles | None) -> list[tuple[str, str]]:
    """The files a run reads its table (or LAS files) from, which no output may overwrite."""
    if isinstance(table, LasFiles):
        return [(os.fspath(p), "a LAS file of the input") for p in table.paths if os.path.isfile(os.fspath(p))]
    source = getattr(table, "source", None)
    return [(source, "the well table" if isinstance(table, WellTable) else "the input table")] if source else []


def _same_file(a: str, b: str) -> bool:
    """Whether two paths (relative, through links, in other case on Windows) name one file."""
    if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
        return True
    try:
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(outputs: list[str], inputs: list[str | tuple[str, str]], suffixes: list[str]) -> None:
    """Refuse outputs of the wrong type or that are an input: `inputs` are paths (the input layer) or (path, what)."""
    for path, suffix in zip(outputs, suffixes):
        if not str(path).lower().endswith(suffix):
            raise InputError(f"The output {path} must be a {suffix} file.")
        for source in inputs:
            source, what = source if isinstance(source, tuple) else (source, "the input layer")
            if source and _same_file(path, source):
                raise InputError(
                    f"The output {path} is {what} itself; choose another file name (the results go to a new file, "
                    "and the input is never changed)."
                )
        check_output_path(path)
    if len({os.path.abspath(p) for p in outputs}) != len(outputs):
        raise InputError("Two outputs have the same file name; give each output its own file.")


def cancellable(write: Callable[[OutputTransaction], list[str]], is_cancelled: Callable[[], bool] | None):
    """`write`, then a last look at the cancel button: a cancel before the commit leaves every file as it was."""

    def wrapped(transaction: OutputTransaction) -> list[str]:
        paths = write(transaction)
        if is_cancelled and is_cancelled():
            raise CancelledError()
        return paths

    return wrapped
