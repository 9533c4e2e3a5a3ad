# SPDX-License-Identifier: GPL-2.0-or-later
"""Per depth: sequence models over well logs (a table of well, depth, curves, or LAS files, one well each).

Each depth sample gets a window of samples centred on it (`WindowRows`: built per window of the
engine, never for all wells at once) and runs through the shared table run (tables.py). The
results go to a CSV per depth sample and, for class models, per-well summary fields (dominant
class, thickness per class) on a copy of the well points or, when asked, on the points themselves;
strip logs as PNGs beside them; all committed together.
"""

from __future__ import annotations

from typing import Sequence

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
from ..progress import CancelFn, LogFn, ProgressFn, quiet
from ..sources.base import EXTREME_VALUE
from ..sources.checks import series_value_warnings
from ..sources.features import check_join, layer_keys
from ..sources.las import LasFiles, wells_from_las
from ..sources.series import Series, feature_order, reorder_columns
from ..sources.table import TableSource, WindowRows
from ..sources.wells import WellTable, null_values_as_gaps, thickness, wells_from_table
from .result import RunResult
from .tables import SequenceModel, TableOptions, cancellable, check_outputs, run_table, table_inputs


def _curve_name(names: Sequence[str], f: int) -> str:
    return str(names[f]) if f < len(names) else f"curve {f + 1}"


def _sample_label(wells: Series, reader: WindowRows, names: Sequence[str]):
    """Depth sample k in messages (its well is its group): its depth and the curves with nodata in its window."""
    keys = list(wells)

    def label(k: int) -> str:
        s = int(np.searchsorted(reader.starts, k, side="right")) - 1
        depth = wells[keys[s]][0][k - reader.starts[s]]
        window = reader.read(k, k + 1).reshape(reader.window, -1)
        missing = [_curve_name(names, f) for f in range(window.shape[1]) if not np.isfinite(window[:, f]).all()]
        return f"depth {depth:g}" + (f": no {', '.join(missing)}" if missing else "")

    return label


def _masked_wells(wells: Series, written: np.ndarray, names: Sequence[str], limit: int = 5) -> str | None:
    """Which wells had depth samples masked, how many, and which curves are empty or have gaps there."""
    parts = []
    start = 0
    for well, (depths, values) in wells.items():
        masked = int((~written[start : start + len(depths)]).sum())
        start += len(depths)
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


def summarise_wells(wells: Series, result: RunResult) -> tuple[list[tuple[str, str]], dict[str, tuple]]:
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
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    in_place: bool = False,
    field_prefix: str = "",
) -> RunResult:
    """Per depth: a window of samples centred on each depth of each well through the model.

    Writes `output_table` (CSV: well, depth and the model's fields per sample) and, given
    `wells_layer` (path, layer name, well id field) and `output_wells`, a GeoPackage copy of
    the well points with the summary fields (dominant class, thickness per class). Only with
    `in_place` (and no `output_wells`) do the summary fields go onto the well points layer itself
    (`InPlaceWrite`). `table` is a well table or LAS files (`LasFiles`, curves by mnemonic).
    The result's fields and outputs are per depth sample (ids (well, sample)), its summary per well.
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
    with output_lock(outputs + inputs[:1] if in_place else outputs, log):
        runner, wells, curve_names = _read_wells(model, table, nodata, options, log)
        if wells_layer is not None:
            what = "the LAS files" if isinstance(table, LasFiles) else "the well table"
            check_join(list(wells), layer_keys(*wells_layer), what, log, strict=False)
        result = _run_wells(runner, wells, curve_names, options, log, progress, is_cancelled)
        result.summary_fields, result.summary = summarise_wells(wells, result)
        if (output_wells or in_place) and not result.summary_fields:
            log("Warning: the model gives no classes, so the well points get no summary fields.")
        copy = None if in_place else output_wells
        write = _writer(
            result,
            wells,
            curve_names,
            (output_table, wells_layer, copy, target),
            field_prefix,
            options,
            log,
            is_cancelled,
        )
        result.paths = commit_outputs(cancellable(write, is_cancelled), target)
        if target is not None and result.summary_fields:
            log(target.describe())
    return result


def _read_wells(model: str, table: WellTable | LasFiles, nodata, options: TableOptions, log: LogFn):
    """The opened model, the wells' series (curves in the model's order) and the curves' names.

    Without a nodata value given, the LAS null values (-999.25, -9999) are read as gaps, and the log says so.
    """
    runner, wells, curve_names = _read_logs(model, table, nodata, options, log)
    if nodata is None:
        wells, counts = null_values_as_gaps(wells)
        # A LAS file declares its null value (NULL in its header): reading it as a gap is no news. A table does not.
        said = "" if isinstance(table, LasFiles) else "Warning: "
        for null, count in counts.items():
            log(
                f"{said}{count} value(s) of {null:g} in the logs were read as gaps (the LAS null value); give the "
                "nodata value if the logs use another, or if that value is a real measurement in them."
            )
    for warning in series_value_warnings(wells, "values of the logs"):
        log(f"Warning: {warning}")
    wells = {
        well: (depths, np.where(np.abs(values) >= EXTREME_VALUE, np.nan, values))
        for well, (depths, values) in wells.items()
    }
    return runner, wells, curve_names


def _read_logs(model: str, table: WellTable | LasFiles, nodata, options: TableOptions, log: LogFn):
    """The opened model, the wells' series (curves in the model's order) and the curves' names, as read."""
    runner = SequenceModel(model, options.device, options.threads)
    if isinstance(table, LasFiles):
        curve_names = tuple(c.strip() for c in table.curves if c and c.strip())
        order = feature_order(curve_names, runner.contract.band_names, "curves", log)
        curve_names = tuple(curve_names[i] for i in order) if order else curve_names
        wells = wells_from_las(table.paths, curve_names or runner.contract.band_names, nodata, log)
        return runner, wells, curve_names or tuple(runner.contract.band_names)
    wells = wells_from_table(table, nodata)
    curve_names = tuple(table.curve_names)
    order = feature_order(curve_names, runner.contract.band_names, "curves", log)
    if order is not None:
        wells = reorder_columns(wells, order)
        curve_names = tuple(curve_names[i] for i in order)
    return runner, wells, curve_names


def _run_wells(runner: SequenceModel, wells: Series, curve_names, options, log, progress, is_cancelled) -> RunResult:
    """Every depth sample's window through the model (windows built per window of the run, not held)."""
    window = runner.window()
    reader = WindowRows([values for _, values in wells.values()], window)
    log(f"{len(wells)} well(s), {reader.rows} depth samples, windows of {window} sample(s) centred on each depth")
    label = _sample_label(wells, reader, curve_names)
    groups = [(f"well '{well}'", int(reader.starts[i]), int(reader.starts[i + 1])) for i, well in enumerate(wells)]
    source = TableSource(reader, "the well logs", label, unit="depth samples", groups=groups)
    ids = [(well, i) for well, (depths, _) in wells.items() for i in range(len(depths))]
    features = next(iter(wells.values()))[1].shape[1]

    def masked(written: np.ndarray) -> str | None:
        return _masked_wells(wells, written, curve_names)

    return run_table(runner, source, ids, (window, features), options, log, progress, is_cancelled, masked)


def _writer(result, wells, curve_names, where, field_prefix, options, log, is_cancelled=None):
    """The write step of a wells run: strip logs, the CSV per depth sample, the summary fields (copy or in place).

    `where`: (output table, well points (path, layer, id field), copy of the points or None, in-place write or None).
    """
    output_table, wells_layer, copy, target = where

    def write(tx: OutputTransaction) -> list[str]:
        if options.plots and plots_available(log):
            colors = list(result.class_colors)
            result.plots = well_pngs(
                tx, output_table, wells, result, curve_names, colors, log=log, is_cancelled=is_cancelled
            )
        header = ["well", "depth"] + [name for name, _ in result.fields]
        rows = []
        for well, (depths, _) in wells.items():
            for i, depth in enumerate(depths):
                values = result.outputs[(well, i)] or (None,) * len(result.fields)
                rows.append([well, float(depth), *values])
        write_csv(output_table, header, rows, tx)
        if not ((copy or target is not None) and result.summary_fields):
            return [output_table]
        new = [(field_prefix + n, kind) for n, kind in result.summary_fields]
        if target is not None:
            names = target.write(new, result.summary, tx)
        else:
            names = write_layer_copy(*wells_layer[:2], copy, new, result.summary, wells_layer[2], tx, is_cancelled)
        result.summary_fields = [(n, kind) for n, (_, kind) in zip(names, result.summary_fields)]
        return [output_table, wells_layer[0] if target is not None else copy]

    return write
