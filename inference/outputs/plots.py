# SPDX-License-Identifier: GPL-2.0-or-later
"""The PNGs beside a run's outputs, committed with them: series per feature with their class or
forecast, strip logs per well, class profiles or sample pixels of a per-pixel run. A plot is a
by-product: one that fails is logged and left out, never costing the run its results.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, Sequence

import numpy as np

from ..errors import LithoscopeError
from ..sources.series import span_rows
from ..text import label as _label
from .figures import (
    day_times,
    feature_labels,
    forecast_layout,
    import_matplotlib,
    new_figure,
    plot_class_profiles,
    plot_series_grid,
    plot_strip_log,
    safe_name,
    save_png,
)


def png_path(output: str, suffix: str) -> str:
    """`<output stem><suffix>.png` beside `output`."""
    stem = os.path.splitext(output)[0]
    return f"{stem}{suffix}.png"


MAX_SERIES = 6  # series drawn side by side per feature or pixel


MAX_PROFILE_PIXELS = 2000  # pixels sampled for the class profiles of a per-pixel run


MAX_WELL_PLOTS = 100  # strip logs per run (one PNG per well)


_SAMPLE_TILE = 64  # pixels a side of each tile read for the sample


_SAMPLE_GRID = 4  # tiles per side of the lattice of sample tiles


def plots_available(log: Any) -> bool:
    """Whether matplotlib can be imported; if not, log why the run writes no plots."""
    try:
        import_matplotlib()
    except LithoscopeError as exc:
        log(f"Warning: no plots are written. {exc}")
        return False
    return True


def write_png(transaction: Any, target: str, draw: Any, log: Any) -> str | None:
    """Draw a figure (`draw()` returns it) into a temporary PNG that joins `transaction` as `target`.

    A plot that cannot be drawn is logged and left out (the run's other outputs are still written);
    a cancel stops the run.
    """
    from ..errors import CancelledError
    from .files import temporary_path

    tmp = temporary_path(target, ".png")
    try:
        save_png(draw(), tmp)
    except CancelledError:
        os.unlink(tmp)
        raise
    except Exception as exc:  # a plot is a by-product: it never costs the run its results
        os.unlink(tmp)
        log(f"Warning: the plot {os.path.basename(target)} could not be drawn ({exc}); it was not written.")
        return None
    transaction.add(tmp, target)
    log(f"Plot: {target}")
    return target


def _pick(groups: list[int], limit: int) -> list[int]:
    """Up to `limit` positions, taking the groups (classes) in turn so that each one shows, in order."""
    by_group: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    queues = [list(v) for _, v in sorted(by_group.items())]
    out: list[int] = []
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                # Spread over the group rather than taking its first members.
                out.append(q.pop(len(q) // 2 if len(out) % 2 else 0))
    return sorted(out)


def _describe(kind: str, row: Sequence, fields: Sequence[tuple[str, str]], limit: int = 4) -> str:
    """The prediction of one series as text: class (p), probability, or the first values."""
    if kind == "classes":
        probs = [float(v) for v in row[2:]]
        return f"{row[1]}" + (f" (p = {max(probs):.2f})" if probs else "")
    if kind == "probability":
        return f"p = {float(row[0]):.2f}"
    shown = [f"{name} = {float(v):.3g}" for (name, _), v in zip(fields[:limit], row)]
    return ", ".join(shown) + (" ..." if len(row) > limit else "")


def table_series_png(
    transaction: Any,
    output_path: str,
    series: dict,
    result: Any,
    *,
    dates: bool,
    feature_names: Sequence[str] | None = None,
    id_label: str = "id",
    log: Any = None,
    contract: Any = None,
) -> list[str]:
    """`<output stem>_series.png`: up to MAX_SERIES features' series with their class or forecast.

    `series` maps id -> (times, values (T, F)); `result` is the run's RunResult; `contract` the
    model's (its sequence_step and sequence_interval_days place a forecast). Features with a
    result come first, the classes in turn; value outputs are drawn as a forecast continuing the
    series (`forecast_layout`: horizons by output name, from where the model's feed ends).
    """
    log = log or (lambda message: None)
    with_result = [k for k in series if result.outputs.get(k) is not None]
    candidates = with_result or list(series)
    if result.output_kind == "classes" and with_result:
        chosen = [candidates[i] for i in _pick([result.outputs[k][0] for k in candidates], MAX_SERIES)]
    else:
        index = np.unique(np.linspace(0, len(candidates) - 1, min(MAX_SERIES, len(candidates))).round().astype(int))
        chosen = [candidates[i] for i in index]
    # The model's own fields (a regular-grid run appends the series' last time: not a model output).
    fields = [f for f in result.fields if f[0] not in ("last_date", "last_time")]
    step, interval = (contract.sequence_step, contract.sequence_interval_days) if contract else (1, None)
    # Without a declared interval the model was fed the steps of all series aligned: its feed ends at their last time.
    aligned = getattr(result, "times", None)
    aligned = day_times(np.asarray(aligned, np.float64), dates) if aligned is not None and len(aligned) else None
    items = []
    for k in chosen:
        times, values = series[k]
        order = np.argsort(np.asarray(times, np.float64), kind="stable")
        t = day_times(np.asarray(times, np.float64)[order], dates)
        v = np.asarray(values, np.float64).reshape(len(t), -1)[order]
        row = result.outputs.get(k)
        item: dict[str, Any] = {"times": t, "values": v, "feature_names": feature_names, "title": f"{id_label} {k}"}
        if row is None:
            item["prediction"] = _label("no result (masked: gaps or no values)")
            items.append(item)
            continue
        row = tuple(row)[: len(fields)]
        item["prediction"] = _describe(result.output_kind, row, fields)
        layout = None
        names = [name for name, _ in fields]
        if result.output_kind == "values" and interval is not None:
            # On the model's regular grid, each series is forecast from its own last complete time (as the run does).
            rows = span_rows(v)
            if len(rows):
                unit = timedelta(days=interval) if dates else interval
                layout = forecast_layout(names, t, v.shape[1], 1, t[rows[-1]], unit)
        elif result.output_kind == "values" and len(t):
            layout = forecast_layout(names, t if aligned is None else aligned, v.shape[1], step)
        if layout is not None:
            forecast_times, index = layout
            forecast = np.asarray(row, np.float64)[index]
            item["forecast"] = forecast[:, 0] if forecast.shape[1] == 1 else forecast
            item["forecast_times"] = forecast_times
            item.pop("prediction")
        items.append(item)
    if not items:
        return []

    def draw() -> Any:
        columns = 2 if len(items) > 1 else 1
        rows = (len(items) + columns - 1) // columns
        figure = new_figure(6.0 * columns, 3.2 * rows + 0.6)
        title = _label("{name}: {n} of {total} series").format(
            name=os.path.basename(output_path), n=len(items), total=len(series)
        )
        return plot_series_grid(figure, items, title=title, time_label="Date" if dates else "Time", columns=columns)

    written = write_png(transaction, png_path(output_path, "_series"), draw, log)
    return [written] if written else []


def well_png_paths(output_table: str, wells: Sequence[Any]) -> dict[Any, str]:
    """`<output_table stem>_<well>.png` per well, names made safe and distinct.

    Distinct whatever the case: wells 'A' and 'a' would be one file on Windows and macOS (and on any
    disk the PNGs are copied to), so names are compared case-folded.
    """
    out, seen = {}, set()
    for well in wells:
        base = png_path(output_table, "_" + safe_name(well))
        path, i = base, 2
        while path.casefold() in seen:
            path, i = f"{base[:-4]}_{i}.png", i + 1
        seen.add(path.casefold())
        out[well] = path
    return out


def well_pngs(
    transaction: Any,
    output_table: str,
    wells: dict,
    result: Any,
    curve_names: Sequence[str] | None = None,
    class_colors: Sequence[str] | None = None,
    *,
    log: Any = None,
    is_cancelled: Any = None,
) -> list[str]:
    """A strip log per well (`<output_table stem>_<well>.png`): the curves and the predicted classes.

    `wells` maps well -> (depths, curves (n, F)); `result` is the per-depth RunResult
    (ids (well, sample)). Outputs other than classes are drawn as further tracks.
    """
    from ..errors import CancelledError

    log = log or (lambda message: None)
    names = list(wells)
    if len(names) > MAX_WELL_PLOTS:
        log(f"Warning: {len(names)} wells; strip logs are drawn for the first {MAX_WELL_PLOTS} only.")
        names = names[:MAX_WELL_PLOTS]
    paths = well_png_paths(output_table, names)
    written = []
    for well in names:
        if is_cancelled and is_cancelled():
            raise CancelledError()
        depths, values = wells[well]
        v = np.asarray(values, np.float64).reshape(len(depths), -1)
        labels = list(curve_names or ())
        curves = {
            (labels[f] if f < len(labels) else _label("curve {n}").format(n=f + 1)): v[:, f] for f in range(v.shape[1])
        }
        rows = [result.outputs.get((well, i)) for i in range(len(depths))]
        classes = None
        if result.output_kind == "classes":
            classes = np.array([row[1] if row is not None else "" for row in rows], dtype=object)
        else:
            for j, (field, _) in enumerate(result.fields):
                curves[_label("{field} (model)").format(field=field)] = np.array(
                    [row[j] if row is not None else np.nan for row in rows], float
                )

        def draw(depths=depths, curves=curves, classes=classes, well=well) -> Any:
            figure = new_figure(1.7 * len(curves) + (2.8 if classes is not None else 0.6), 8.0)
            return plot_strip_log(
                figure,
                depths,
                curves,
                classes,
                result.class_names,
                _label("well {well}").format(well=well),
                class_colors=class_colors,
            )

        path = write_png(transaction, paths[well], draw, log)
        if path:
            written.append(path)
    return written


def _sample_tiles(source: Any, output_tmp: str) -> tuple[np.ndarray, np.ndarray]:
    """Series (n, bands) and output values (n, C) of the valid pixels of a few tiles spread over the run."""
    import rasterio
    from rasterio.windows import Window

    size = min(_SAMPLE_TILE, source.width, source.height)
    ys = np.unique(np.linspace(0, source.height - size, _SAMPLE_GRID).round().astype(int))
    xs = np.unique(np.linspace(0, source.width - size, _SAMPLE_GRID).round().astype(int))
    series, outputs = [], []
    with source.open() as handle, rasterio.open(output_tmp) as out:
        nodata = out.nodata
        for y in ys:
            for x in xs:
                data, valid, _ = source.read_tile(handle, int(y), int(x), size)
                data, valid = data[:, :size, :size], valid[:size, :size]
                result = out.read(window=Window(int(x), int(y), size, size)).astype(np.float64)
                ok = valid & np.isfinite(result).all(axis=0)
                if nodata is not None:
                    ok &= result[0] != nodata
                series.append(data[:, ok].T)
                outputs.append(result[:, ok].T)
    return np.concatenate(series), np.concatenate(outputs)


def raster_series_png(
    transaction: Any,
    output_path: str,
    source: Any,
    head: Any,
    contract: Any,
    prep: Any,
    dates: Sequence[Any] | None,
    *,
    log: Any = None,
) -> list[str]:
    """`<output stem>_series.png` of a per-pixel sequence run, from tiles sampled over the area.

    Class outputs: mean ± std of the series of each predicted class (at most MAX_PROFILE_PIXELS
    pixels); probability and value outputs: a few pixels' series with their value (a forecast
    continuing a one-feature series).
    """
    log = log or (lambda message: None)
    tmp = next((t for t, target in transaction.pairs if target == output_path), None)
    if tmp is None:
        return []
    steps, features = prep.raw_steps, prep.features
    if dates and len(dates) == steps:
        times = np.asarray([np.datetime64(d, "s") for d in dates])
        label = "Date"
    else:
        times, label = np.arange(1, steps + 1, dtype=float), "Step"
    kind = head.output_kind
    target = png_path(output_path, "_series")

    def draw() -> Any:
        raw, values = _sample_tiles(source, tmp)
        if not len(raw):
            raise LithoscopeError("no valid pixel in the sampled tiles")
        x = raw.reshape(len(raw), steps, features)
        name = os.path.basename(output_path)
        # The y-axis labels: the model's feature names (contract band_names, e.g. NDVI) when they fit.
        fnames = feature_labels(features, contract.band_names if len(contract.band_names or ()) == features else None)
        if kind == "classes":
            return _class_profiles(x, values, head.classes, times, label, fnames, name)
        return _sample_pixels(x, values, kind, contract, times, label, fnames, name)

    written = write_png(transaction, target, draw, log)
    return [written] if written else []


def _class_profiles(x, values, classes, times, label: str, fnames, name: str) -> Any:
    """Mean ± std of the sampled pixels' series per predicted class (`classes`: the head's (value, name, colour))."""
    rng = np.random.default_rng(0)
    pick = rng.choice(len(x), min(len(x), MAX_PROFILE_PIXELS), replace=False)
    index = {int(v): i for i, (v, _, _) in enumerate(classes)}
    predicted = np.array([index.get(int(v), -1) for v in values[pick, 0]])
    figure = new_figure(8.0, 2.2 + 2.6 * x.shape[2])
    return plot_class_profiles(
        figure,
        times,
        x[pick],
        predicted,
        [n for _, n, _ in classes],
        _label("{name}: mean ± std of the series per predicted class ({n} sampled pixels)").format(
            name=name, n=len(pick)
        ),
        class_colors=[color for _, _, color in classes],
        feature_names=fnames,
        time_label=label,
    )


def _sample_pixels(x, values, kind: str, contract, times, label: str, fnames, name: str) -> Any:
    """A few sampled pixels' series, each with its probability, its forecast continuing it, or its values."""
    rng = np.random.default_rng(0)
    features = x.shape[2]
    pick = np.sort(rng.choice(len(x), min(len(x), MAX_SERIES), replace=False))
    fields = [(f"value {i + 1}", "real") for i in range(values.shape[1])]
    # The output bands' names as the table path names its fields: the model's, else forecast_<h>.
    names = list(contract.class_names)
    if len(names) != values.shape[1]:
        names = [f"forecast_{i + 1}" for i in range(values.shape[1])]
    layout = None
    if kind != "probability":
        layout = forecast_layout(names, times, features, contract.sequence_step)
    items = []
    for j, p in enumerate(pick):
        item = {
            "times": times,
            "values": x[p],
            "feature_names": fnames,
            "title": _label("sample pixel {n}").format(n=j + 1),
        }
        if kind == "probability":
            item["prediction"] = f"p = {values[p, 0]:.2f}"
        elif layout is not None:
            forecast = values[p][layout[1]]
            item["forecast"] = forecast[:, 0] if forecast.shape[1] == 1 else forecast
            item["forecast_times"] = layout[0]
        else:
            item["prediction"] = _describe("values", tuple(values[p]), fields)
        items.append(item)
    columns = 2 if len(items) > 1 else 1
    rows = (len(items) + columns - 1) // columns
    figure = new_figure(6.0 * columns, 3.2 * rows + 0.6)
    return plot_series_grid(
        figure,
        items,
        title=_label("{name}: {n} sample pixel(s)").format(name=name, n=len(items)),
        time_label=label,
        columns=columns,
    )
