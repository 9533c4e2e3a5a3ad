# SPDX-License-Identifier: GPL-2.0-or-later
"""[from tables.py] The table path: sequence models over the series of features (monitoring points) and depths (wells).

Series come from tables instead of rasters but run through the pieces the raster path uses:
the session (session.py), the contract and its sequence pre-processing (sequences.py), the
model kind and its head (kinds.py, tasks.py: classes, probability or values), the same errors,
and outputs written under temporary names and renamed into place together
(files.OutputTransaction).

- Readers: a wide layer (numeric fields named by dates, as ground-motion exports are), a long
  table (id, time, values) joined to a layer by id, well logs (a table of well, depth, curves, or
  LAS files, one well each, read with lasio).
- `run_sequence_table` / `SequenceModel.predict`: (N, T, F) batches -> one row of fields per series.
- Writers: a GeoPackage copy of a layer with the new fields, or, only when the user asks, the
  fields on the layer itself (`InPlaceWrite`: all or nothing); and for wells a CSV per depth
  sample plus per-well summary fields (dominant class, thickness per class).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..errors import InputError
from ..outputs.files import OutputTransaction
from ..outputs.locks import output_lock
from ..outputs.plots import plots_available, well_pngs
from ..outputs.vector import (
    InPlaceWrite,
    check_prefix,
    commit_outputs,
    field_name,
    unique_names,
    write_csv,
    write_layer_copy,
)
from ..progress import LogFn
from ..sources.features import check_join, layer_keys
from ..sources.las import LasFiles, wells_from_las
from ..sources.series import Series, feature_order, reorder_columns
from ..sources.wells import WellTable, thickness, well_windows, wells_from_table
from .tables import SequenceModel, TableOptions, TableResult, cancellable, check_outputs, quiet, table_inputs


def _curve_name(names: Sequence[str], f: int) -> str:
    return str(names[f]) if f < len(names) else f"curve {f + 1}"


def _gap_label(depth: float, window: np.ndarray, names: Sequence[str]) -> str:
    """A depth sample whose window has gaps, for a message: its depth and the curves with nodata."""
    missing = [_curve_name(names, f) for f in range(window.shape[1]) if not np.isfinite(window[:, f]).all()]
    return f"depth {depth:g}: no {', '.join(missing)}"


def _masked_wells(wells: Series, outputs: dict, names: Sequence[str], limit: int = 5) -> str | None:
    """Which wells had depth samples masked, how many, and which curves are empty or have gaps there."""
    parts = []
    for well, (depths, values) in wells.items():
        masked = sum(1 for i in range(len(depths)) if outputs.get((well, i)) is None)
        if not masked:
            continue
        finite = np.isfinite(values)
        empty = [_curve_name(names, f) for f in range(values.shape[1]) if not finite[:, f].any()]
        gaps = [_curve_name(names, f) for f in range(values.shape[1]) if not finite[:, f].all()]
        why = f"{', '.join(empty)} empty" if empty else f"gaps in {', '.join(gaps)}" if gaps else "gaps"
        parts.append(f"'{well}' {masked} of {len(depths)} samples ({why})")
    if not parts:
        return None
    more = f" and {len(parts) - limit} more well(s)" if len(parts) > limit else ""
    return f"by well: {', '.join(parts[:limit])}{more}"


@dataclass
class WellsResult:
    """Per-depth results (ids (well, sample)) and, for classes, per-well summaries."""

    per_depth: TableResult
    summary_fields: list[tuple[str, str]]
    summary: dict[str, tuple]  # well -> (dominant class, thickness per class...)
    paths: list[str] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)  # strip logs (PNG), one per well (not in paths)


def summarise_wells(wells: Series, result: TableResult) -> tuple[list[tuple[str, str]], dict[str, tuple]]:
    """Dominant class (by thickness) and thickness per class of each well; none for other outputs."""
    if result.output_kind != "classes":
        return [], {}
    names = result.class_names
    columns = unique_names([f"thick_{field_name(n, f'class_{i}')}" for i, n in enumerate(names)])
    fields = [("dominant", "text")] + [(c, "real") for c in columns]
    out = {}
    for well, (depths, _) in wells.items():
        totals = dict.fromkeys(names, 0.0)
        for i, t in enumerate(thickness(depths)):
            row = result.outputs.get((well, i))
            if row is not None and row[1] in totals:
                totals[row[1]] += float(t)
        dominant = max(totals, key=totals.get) if any(totals.values()) else None
        out[well] = (dominant,) + tuple(round(totals[n], 6) for n in names)
    return fields, out


def run_well_logs(
    model: str,
    table: WellTable | LasFiles,
    output_table: str,
    wells_layer: tuple[str, str | None, str] | None = None,
    output_wells: str | None = None,
    nodata: float | None = None,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    in_place: bool = False,
    field_prefix: str = "",
) -> WellsResult:
    """Per depth: a window of samples centred on each depth of each well through the model.

    Writes `output_table` (CSV: well, depth and the model's fields per sample) and, given
    `wells_layer` (path, layer name, well id field) and `output_wells`, a GeoPackage copy of
    the well points with the summary fields (dominant class, thickness per class). Only with
    `in_place` (and no `output_wells`) do the summary fields go onto the well points layer itself
    (`InPlaceWrite`). `table` is a well table or LAS files (`LasFiles`, curves by mnemonic).
    """
    log = log or quiet
    options = options or TableOptions()
    field_prefix = check_prefix(field_prefix)
    outputs, inputs, target = [output_table], [], None
    if in_place:
        if wells_layer is None:
            raise InputError("Writing the summary onto the well points needs the points (WELLS) and their id field.")
        if output_wells:
            raise InputError("The summary goes either onto the well points or to a copy; give no copy in place.")
        target = InPlaceWrite(*wells_layer, is_cancelled)
        inputs.append(wells_layer[0])
    if output_wells:
        if wells_layer is None:
            raise InputError("A well summary layer needs the well points (WELLS) and their id field.")
        outputs.append(output_wells)
        inputs.append(wells_layer[0])
    check_outputs(outputs, inputs + table_inputs(table), [".csv", ".gpkg"])
    with output_lock(outputs + inputs[:1] if in_place else outputs):
        if isinstance(table, LasFiles):
            runner = SequenceModel(model, options.device, options.threads)
            curve_names = tuple(c.strip() for c in table.curves if c and c.strip())
            order = feature_order(curve_names, runner.contract.band_names, "curves", log)
            curve_names = tuple(curve_names[i] for i in order) if order else curve_names
            wells = wells_from_las(table.paths, curve_names or runner.contract.band_names, nodata, log)
            curve_names = curve_names or tuple(runner.contract.band_names)
        else:
            wells = wells_from_table(table, nodata)
            runner = SequenceModel(model, options.device, options.threads)
            curve_names = tuple(table.curve_names)
            order = feature_order(curve_names, runner.contract.band_names, "curves", log)
            if order is not None:
                wells = reorder_columns(wells, order)
                curve_names = tuple(curve_names[i] for i in order)
        window = runner.window()
        total = sum(len(d) for d, _ in wells.values())
        log(f"{len(wells)} well(s), {total} depth samples, windows of {window} sample(s) centred on each depth")
        if wells_layer is not None:
            what = "the LAS files" if isinstance(table, LasFiles) else "the well table"
            check_join(list(wells), layer_keys(*wells_layer), what, log, strict=False)
        features = next(iter(wells.values()))[1].shape[1]
        run = runner.start(window, features, "the well logs", options, log)
        done_samples = 0
        for well, (depths, values) in wells.items():  # one well at a time: memory of its windows only
            n = len(depths)
            share = (lambda f, d=done_samples, n=n: progress(min(1.0, (d + f * n) / total))) if progress else None
            windows = well_windows(depths, values, window)
            run.add(
                [(well, i) for i in range(n)],
                windows,
                share,
                is_cancelled,
                f"well '{well}'",
                lambda i, d=depths, w=windows: _gap_label(d[i], w[i], curve_names),
            )
            done_samples += n
        result = run.finish(log, _masked_wells(wells, run.result.outputs, curve_names), "depth samples")
        summary_fields, summary = summarise_wells(wells, result)
        if (output_wells or in_place) and not summary_fields:
            log("Warning: the model gives no classes, so the well points get no summary fields.")

        plots: list[str] = []

        def write(tx: OutputTransaction) -> list[str]:
            nonlocal summary_fields
            if options.plots and plots_available(log):
                colors = [runner.contract.class_color(i) for i in range(len(result.class_names))]
                plots.extend(
                    well_pngs(tx, output_table, wells, result, curve_names, colors, log=log, is_cancelled=is_cancelled)
                )
            header = ["well", "depth"] + [name for name, _ in result.fields]
            rows = []
            for well, (depths, _) in wells.items():
                for i, depth in enumerate(depths):
                    values = result.outputs[(well, i)] or (None,) * len(result.fields)
                    rows.append([well, float(depth), *values])
            write_csv(output_table, header, rows, tx)
            if not ((output_wells or in_place) and summary_fields):
                return [output_table]
            new = [(field_prefix + n, kind) for n, kind in summary_fields]
            if target is not None:
                names = target.write(new, summary, tx)
            else:
                names = write_layer_copy(*wells_layer[:2], output_wells, new, summary, wells_layer[2], tx, is_cancelled)
            summary_fields = [(n, kind) for n, (_, kind) in zip(names, summary_fields)]
            return [output_table, wells_layer[0] if in_place else output_wells]

        paths = commit_outputs(cancellable(write, is_cancelled), target)
        if target is not None and summary_fields:
            log(target.describe())
    return WellsResult(result, summary_fields, summary, paths, plots)
