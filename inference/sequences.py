# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequence pre-processing declared in the model contract, and the dates of a series.

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

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Callable, Sequence

import numpy as np

from .contract import ModelContract
from .errors import InputError

DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y_%m_%d", "%Y.%m.%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m")
# A date inside a longer name: 2020-01-31, 2020_01_31, 20200131, 31.01.2020.
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}[-_/.]\d{2}[-_/.]\d{2}|\d{8}|\d{2}\.\d{2}\.\d{4})(?!\d)")


@dataclass
class GapCounts:
    """Series seen with nodata steps, and what became of them."""

    with_gaps: int = 0
    interpolated: int = 0
    masked: int = 0

    def add(self, other: GapCounts | None) -> None:
        if other is not None:
            self.with_gaps += other.with_gaps
            self.interpolated += other.interpolated
            self.masked += other.masked

    def summary(self, unit: str = "series") -> str:
        return (
            f"{self.with_gaps} {unit} with nodata steps: {self.interpolated} interpolated, "
            f"{self.masked} masked (written as nodata)"
        )


@dataclass(eq=False)
class SequencePrep:
    """How raw series (N, raw_steps, F) become the model's feed (N, steps, F)."""

    raw_steps: int
    features: int
    steps: int
    indices: tuple[int, ...]  # raw steps used, in time order
    step: int = 1
    difference: int = 0
    scaling: str = "none"
    offset: np.ndarray = field(default_factory=lambda: np.zeros((1, 1), np.float32))  # (1 or steps, F)
    scale: np.ndarray = field(default_factory=lambda: np.ones((1, 1), np.float32))
    gaps: str = "mask"
    min_valid: float = 0.5
    fill: float = 0.0

    @property
    def channels(self) -> int:
        """Values fed per series (steps x features)."""
        return self.steps * self.features

    def describe(self) -> str:
        used = self.indices[-1] - self.indices[0] + 1
        latest = f"the last {used} of " if used < self.raw_steps else ""
        parts = [f"{self.steps} step(s) x {self.features} feature(s) from {latest}{self.raw_steps} raw step(s)"]
        if self.step > 1:
            parts.append(f"every {self.step}-th step")
        if self.difference:
            parts.append("first differences")
        parts.append(f"scaling {self.scaling}")
        gaps = self.gaps + (f" (at least {self.min_valid:.0%} valid)" if self.gaps == "interpolate" else "")
        parts.append(f"gaps: {gaps}")
        return "Sequence pre-processing: " + ", ".join(parts)

    def prepare(self, series: np.ndarray) -> tuple[np.ndarray, np.ndarray, GapCounts]:
        """Raw series (N, raw_steps, F), NaN where a step is nodata -> feed (N, steps, F), kept (N,), counts.

        Series not kept (gaps when masking or refusing, too few valid steps when interpolating)
        get `fill`; the caller leaves them out and, when refusing, stops with the count.
        """
        x = np.asarray(series[:, list(self.indices)], np.float64)  # fancy indexing already copies
        bad = ~np.isfinite(x)
        has_gaps = bad.any(axis=(1, 2))
        keep = ~has_gaps
        counts = GapCounts(with_gaps=int(has_gaps.sum()))
        if self.gaps == "interpolate" and has_gaps.any():
            valid_share = 1.0 - bad.mean(axis=1)  # (N, F)
            enough = ((valid_share >= self.min_valid) & (valid_share > 0)).all(axis=1)
            fix = has_gaps & enough
            if fix.any():
                x[fix] = _interpolate(x[fix])
            keep |= fix
            counts.interpolated = int(fix.sum())
        counts.masked = int((~keep).sum())
        x[~keep] = 0.0
        if self.difference:
            x = np.diff(x, axis=1)
        if self.scaling == "per_series":
            std = x.std(axis=1, keepdims=True)
            x = (x - x.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)
        elif self.scaling == "per_feature":
            x = (x - self.offset) / self.scale
        x[~keep] = self.fill
        return x.astype(np.float32), keep, counts


def _interpolate(x: np.ndarray) -> np.ndarray:
    """Fill NaN steps of (N, T, F) linearly between the nearest valid steps; ends held constant.

    Every (series, feature) has at least one valid step.
    """
    t = x.shape[1]
    ok = np.isfinite(x)
    index = np.arange(t)[None, :, None]
    before = np.maximum.accumulate(np.where(ok, index, -1), axis=1)
    after = np.minimum.accumulate(np.where(ok, index, t)[:, ::-1], axis=1)[:, ::-1]
    lo = np.where(before >= 0, before, after)
    hi = np.where(after < t, after, before)
    x_lo = np.take_along_axis(x, lo, axis=1)
    x_hi = np.take_along_axis(x, hi, axis=1)
    weight = np.where(hi > lo, (index - lo) / np.maximum(hi - lo, 1), 0.0)
    return x_lo + weight * (x_hi - x_lo)


def gaps_refused(count: int, where: str) -> InputError:
    """The error of a run whose model refuses gaps (sequence_gaps = refuse)."""
    return InputError(
        f"{count} series {where} have nodata steps (gaps), and the model's metadata says to refuse gaps "
        "(sequence_gaps = refuse); nothing was written. Fill the gaps first, or set sequence_gaps to mask or "
        "interpolate (Set model metadata)."
    )


def all_masked(
    prep: SequencePrep, count: int, unit: str = "series", best_share: float | None = None, detail: str = "", step=""
) -> InputError:
    """The error of a run whose every series was masked for its gaps (nothing would be written).

    `best_share`: the largest share of valid steps among them; `step`: the model's step, for the fix.
    """
    share = f"at best {best_share:.0%} of their steps are valid" if best_share is not None else ""
    step = f" ({step})" if step else ""
    if prep.gaps == "interpolate":
        why = (
            f"{share or 'too few of their steps are valid'}, and the model needs at least {prep.min_valid:.0%} "
            "(sequence_min_valid) to interpolate the gaps"
        )
        fix = (
            f"Give series on the model's step{step} (resample them to it) or fill the gaps first, or lower "
            "sequence_min_valid (Set model metadata)."
        )
    else:
        why = (
            f"each has nodata steps (gaps){f' ({share})' if share else ''}, and the model's metadata says to mask "
            "such series (sequence_gaps = mask)"
        )
        fix = (
            f"Fill the gaps first (or resample the series to the model's step{step}), or set sequence_gaps to "
            "interpolate (Set model metadata)."
        )
    return InputError(f"All {count} {unit} were masked, so nothing was written: {why}.{detail} {fix}")


def _numbers(values: np.ndarray, limit: int = 5) -> str:
    flat = [f"{v:g}" for v in np.asarray(values, np.float64).reshape(-1)]
    return ", ".join(flat[:limit]) + (", ..." if len(flat) > limit else "")


def units_warning(prep: SequencePrep, series: np.ndarray) -> str | None:
    """A warning when a sample of raw series (N, raw_steps, F), once scaled, looks like other units than the model's.

    Only with per_feature scaling (the model's or the run's offsets and scales): a model so scaled is
    fed values of about unit spread around 0, so fed values whose spread is below 0.01, or whose median
    is beyond +-20, mean the input is in other units (NDVI as 0..1 for a model of NDVI x 10000).
    """
    if prep.scaling != "per_feature" or not len(series):
        return None
    x, keep, _ = prep.prepare(series)
    return fed_values_warning(prep, x[keep])


def fed_values_warning(prep: SequencePrep, fed: np.ndarray) -> str | None:
    """`units_warning` for series already pre-processed (the kept rows of `prepare`)."""
    if prep.scaling != "per_feature" or np.size(fed) < 2:
        return None
    spread, middle = float(np.std(fed)), float(np.median(fed))
    if spread >= 0.01 and abs(middle) <= 20:
        return None
    how = f"after its scaling (offset {_numbers(prep.offset)}, scale {_numbers(prep.scale)})"
    if spread < 0.01:
        seen = f"span only {spread:.2g} (standard deviation; median {middle:.3g}) {how}"
    else:
        seen = f"sit around {middle:.3g} (median; standard deviation {spread:.3g}) {how}, far from 0"
    return (
        f"the values fed to the model {seen}: the input is likely in other units than the model's (see its model "
        "card; e.g. NDVI as 0..1 where the model takes NDVI x 10000). Give the input in the model's units, or set "
        "feature offsets and scales (x' = (x - offset) / scale: BAND_OFFSET / BAND_SCALE in Processing, Feature "
        "offsets / scales in the dialog) to match them."
    )


def sample_units_warning(source, prep: SequencePrep, max_pixels: int = 10_000) -> str | None:
    """`units_warning` for a raster stack, from a decimated sample of its pixels."""
    data, valid = source.read_decimated(max_pixels)
    data = np.asarray(data, np.float64)
    extra = getattr(source, "extra_nodata", None)
    if extra is not None:
        data[data == extra] = np.nan
    rows = data[:, valid].T
    if rows.shape[1] != prep.raw_steps * prep.features:
        return None
    return units_warning(prep, rows.reshape(-1, prep.raw_steps, prep.features))


def fill_value_warnings(paths: Sequence[str], max_pixels: int = 65_536) -> list[str]:
    """16-bit integer rasters without nodata whose sampled values often sit at the type's extreme: a fill value."""
    import rasterio
    from rasterio.windows import Window

    from .raster_io import lattice

    out = []
    for path in paths:
        with rasterio.open(path) as ds:
            dtype = ds.dtypes[0]
            if dtype not in ("int16", "uint16") or any(nd is not None for nd in ds.nodatavals):
                continue
            # Small windows, not a subsampled read: that decodes every block of a large file.
            data = np.concatenate(
                [ds.read(window=Window(x, y, w, h)).ravel() for x, y, w, h in lattice(ds.width, ds.height, max_pixels)]
            )
        info = np.iinfo(dtype)
        # 0 is a plain value of unsigned data; -32768, 32767 and 65535 are the usual fills.
        for value, end in ((info.min, "smallest"), (info.max, "largest")):
            share = float((data == value).mean())
            if share >= 0.01 and value != 0:
                out.append(
                    f"{share:.0%} of the sampled values of '{os.path.basename(path)}' are {value}, the {end} {dtype} "
                    "value, and the raster has no nodata value: likely a fill value, which the model now reads as "
                    f"data. Set the raster's nodata (e.g. gdal_edit.py -a_nodata {value} on the file, or Raster > "
                    "Conversion > Translate with that nodata value) and run again."
                )
    return out


def model_features(model: str, bands: int) -> int | None:
    """The features per step a sequence model takes from a stack of `bands` (as the run plans them); None if unknown."""
    from .registry import resolve_model
    from .session import open_model

    session = open_model(resolve_model(model), "cpu", 1)
    shape = session.inputs[0].shape
    if len(shape) != 3:
        return None
    try:
        return plan_sequence(session.contract, shape, bands=bands).features
    except InputError:
        return shape[2] or session.contract.sequence_features


def model_steps(contract: ModelContract, input_shape: Sequence[int | None]) -> int | None:
    """T the model takes: its input shape, else the contract's sequence_length; None = any."""
    return input_shape[1] or contract.sequence_length


def window_length(contract: ModelContract, input_shape: Sequence[int | None]) -> int:
    """Raw samples a per-depth window needs: the model's steps, before step and differencing."""
    steps = model_steps(contract, input_shape)
    if steps is None:
        raise InputError(
            "The model takes series of any length, so the window of samples around each depth is unknown; give "
            "sequence_length in its metadata (Set model metadata)."
        )
    return (steps + contract.sequence_difference - 1) * contract.sequence_step + 1


def plan_sequence(
    contract: ModelContract,
    input_shape: Sequence[int | None],
    *,
    bands: int | None = None,
    raw_steps: int | None = None,
    features: int | None = None,
    offset: Sequence[float] | None = None,
    scale: Sequence[float] | None = None,
    what: str = "the input",
) -> SequencePrep:
    """The pre-processing of a run: a raster stack of `bands` (step by step), or `raw_steps` x `features`.

    `offset` / `scale` (the run's parameters) override the contract's and mean per_feature scaling.
    Raises InputError when the series are too short, or longer than a model of fixed length takes (unless its
    `sequence_window` is last: then the latest steps it takes are used).
    """
    want_steps = model_steps(contract, input_shape)
    want_features = input_shape[2] or contract.sequence_features
    k, d = contract.sequence_step, contract.sequence_difference
    if features is None:  # a raster stack: T x F bands
        features = want_features
        if features is None:
            # bands = T x F only when the stack is exactly the model's steps: a model that reads the latest
            # steps (sequence_window last) takes longer stacks, whose bands are steps of one feature.
            plain = want_steps and k == 1 and d == 0 and bands % want_steps == 0 and contract.sequence_window != "last"
            features = bands // want_steps if plain else 1
        if bands % features:
            total = want_steps * features if want_steps else "?"
            raise InputError(
                f"The sequence model takes {want_steps or '?'} time steps x {features} feature(s) per step "
                f"(= {total} bands, ordered step by step), but {what} has {bands} band(s). Give a stack with one "
                "band per step and feature."
            )
        raw_steps = bands // features
    elif want_features and features != want_features:
        raise InputError(
            f"The sequence model takes {want_features} feature(s) per step, but {what} gives {features}. Choose "
            "the value columns (curves) the model was trained on, in its order."
        )
    used = (raw_steps - 1) // k + 1 if raw_steps else 0
    fed = used - d
    need = ((want_steps or 1) + d - 1) * k + 1
    how = (f", every {k}-th one" if k > 1 else "") + (" (first differences: one more)" if d else "")
    # A stack of several features per step: say how its bands were counted (12 bands = 4 steps x 3 features).
    counted = (
        f" ({bands} bands = {raw_steps} steps x {features} features)" if bands is not None and features > 1 else ""
    )
    in_bands = f" ({need * features} bands)" if counted else ""
    if fed < (want_steps or 1):
        raise InputError(
            f"{raw_steps} time step(s) in {what}{counted} are too few for the model: it takes {want_steps or 1} "
            f"step(s){how}, so it needs {need} time steps{in_bands}. Give a longer series (more dates, bands or "
            "samples)."
        )
    if want_steps and fed > want_steps and contract.sequence_window != "last":
        origin = "its input shape" if input_shape[1] else "sequence_length in its metadata"
        raise InputError(
            f"The model takes exactly {want_steps} time steps{how} ({origin}), but there are {raw_steps} in {what}"
            f"{counted}, "
            f"which give {fed}: a step count the model does not accept. Give {need} time steps (the dates or bands "
            "the model was trained on), or, for a model that reads the latest steps (a forecaster), set "
            "sequence_window to last in its metadata."
        )
    # sequence_window last: only the latest steps the model takes (counted back from the last raw step).
    fed = min(fed, want_steps or fed)
    indices = tuple(range(raw_steps - 1, -1, -k))[: fed + d][::-1]
    prep = SequencePrep(
        raw_steps,
        features,
        fed,
        indices,
        k,
        d,
        gaps=contract.sequence_gaps,
        min_valid=contract.sequence_min_valid,
        fill=contract.nodata_fill,
    )
    scaling = contract.sequence_scaling
    if offset is not None or scale is not None:
        scaling, origin = "per_feature", "the parameters"
        offset = (0.0,) if offset is None else offset
        scale = (1.0,) if scale is None else scale
    else:
        offset, scale, origin = contract.band_offset, contract.band_scale, "the model metadata"
        if scaling is None:
            scaling = "per_feature" if scale is not None else "none"
    prep.scaling = scaling
    if scaling == "per_feature":
        prep.offset, prep.scale = _per_feature(offset, scale, fed, features, origin)
    return prep


def _per_feature(
    offset: Sequence[float], scale: Sequence[float], steps: int, features: int, origin: str
) -> tuple[np.ndarray, np.ndarray]:
    out = []
    for values in (offset, scale):
        v = np.asarray(values, np.float64).reshape(-1)
        if v.size in (1, features):
            v = v.reshape(1, -1)
        elif v.size == steps * features:
            v = v.reshape(steps, features)
        else:
            raise InputError(
                f"The scaling from {origin} gives {v.size} value(s); a sequence model takes one per feature "
                f"({features}), one for all, or one per step and feature ({steps * features})."
            )
        out.append(v)
    if not (np.isfinite(out[0]).all() and np.isfinite(out[1]).all()) or np.any(out[1] == 0):
        raise InputError(f"The scaling from {origin} holds NaN, infinity or a zero scale; give finite, non-zero ones.")
    return out[0], out[1]


# -- dates -----------------------------------------------------------------------------------------


def parse_date(text: object, date_format: str | None = None) -> datetime | None:
    """A date (or date and time) in a name: with `date_format` the whole name, else a default format.

    Without a format the name may carry text around the date ("ndvi_2020-01-31", "D20200131").
    """
    name = str(text).strip()
    if date_format:
        try:
            return datetime.strptime(name, date_format)
        except ValueError:
            return None
    found = _DATE_IN_NAME.search(name)
    for candidate in (name, found.group(1) if found else None):
        for fmt in DATE_FORMATS if candidate else ():
            try:
                return datetime.strptime(candidate, fmt)
            except ValueError:
                continue
    return None


def check_date_format(date_format: str | None) -> str | None:
    """The user's date format (stripped; None when empty); one strptime cannot use is refused."""
    fmt = (date_format or "").strip()
    if not fmt:
        return None
    try:  # a format must hold a directive (%Y, %m, ...) and read back what it writes
        ok = re.search(r"%[^%]", fmt.replace("%%", "")) is not None
        ok = ok and datetime.strptime(datetime(2001, 2, 3, 4, 5, 6).strftime(fmt), fmt) is not None
    except ValueError:
        ok = False
    if not ok:
        raise InputError(
            f"The date format '{fmt}' cannot be used: give one in strptime codes, such as %Y-%m-%d, %Y%m%d or "
            "%d/%m/%Y (%Y year, %m month, %d day, %H:%M:%S time), or leave it empty for the common formats."
        )
    return fmt


def parse_dates(names: Sequence[str], date_format: str | None = None, what: str = "field") -> list[datetime]:
    """The dates of `names` (fields, bands), checked: all dates, none twice, in date order."""
    dates = [parse_date(n, date_format) for n in names]
    wrong = [str(n) for n, d in zip(names, dates) if d is None]
    if wrong:
        tried = date_format or ", ".join(DATE_FORMATS)
        raise InputError(
            f"The {what}(s) {examples(wrong)} are not dates (formats tried: {tried}). Give dates such as "
            "2020-01-31, or set the date format (e.g. %d/%m/%Y)."
        )
    check_dates(dates, names, what)
    return dates


def check_dates(dates: Sequence, names: Sequence[str], what: str) -> None:
    """Refuse a date given twice or dates out of order, naming the two."""
    for i in range(1, len(dates)):  # in order up to i, so a date given twice is next to itself
        if dates[i] == dates[i - 1]:
            raise InputError(
                f"The {what}s '{names[i - 1]}' and '{names[i]}' are the same date ({_iso(dates[i])}); each date may "
                "appear once."
            )
        if dates[i] < dates[i - 1]:
            raise InputError(
                f"The {what}s are not in date order: '{names[i]}' ({_iso(dates[i])}) comes after '{names[i - 1]}' "
                f"({_iso(dates[i - 1])}). Put them in date order."
            )


def _iso(value) -> str:
    return value.date().isoformat() if isinstance(value, datetime) and value.time() == time() else str(value)


def examples(values: Sequence, limit: int = 5) -> str:
    """'a', 'b', 'c' and 4 more: a few values for a message."""
    shown = ", ".join(f"'{v}'" for v in list(values)[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def band_labels(paths: Sequence[str]) -> list[str]:
    """A label per band of a stack of rasters: its description, else a single-band file's name."""
    import rasterio

    labels = []
    for path in paths:
        with rasterio.open(path) as ds:
            stem = os.path.splitext(os.path.basename(path))[0]
            for description in ds.descriptions:
                labels.append(description or (stem if ds.count == 1 else ""))
    return labels


def stack_dates(
    labels: Sequence[str],
    dates_text: str | None,
    date_format: str | None,
    features_per_step: Callable[[], int | None] | None = None,
    log: Callable[[str], None] | None = None,
) -> list[datetime] | None:
    """The dates of a stack's steps: `dates_text` (comma-separated) if given, else the labels when all are dates.

    None when no label is a date (the bands are then taken in their order); some dated and some not,
    or a date format no label follows, are refused. A stack whose every date comes F times in a row
    is F features per step, one date per step, when `features_per_step()` (asked only then: the
    model's F) is F; without it such runs are always taken as features. Given dates may also be one
    per step of F bands (bands ordered step by step, band t * F + f) when the model takes F features
    per step (asked only when the counts differ); that is logged.
    """
    date_format = check_date_format(date_format)
    if dates_text and dates_text.strip():
        given = [part.strip() for part in dates_text.replace(";", ",").split(",") if part.strip()]
        one_per_band = len(given) == len(labels)
        if one_per_band and features_per_step is not None:  # each date F times in a row: one per step of F
            given = _merge_feature_runs(given, [parse_date(g, date_format) for g in given], features_per_step)
        dates = parse_dates(given, date_format, "date")
        if one_per_band:
            return dates
        wanted = features_per_step() if features_per_step is not None else None
        if wanted and wanted > 1 and len(dates) * wanted == len(labels):
            if log is not None:
                log(f"{len(dates)} dates for {len(dates)} x {wanted} bands ({wanted} features per step)")
            return dates
        if wanted and wanted > 1 and len(labels) % wanted == 0:
            per_step = f"one per step of {wanted} bands ({len(labels) // wanted} dates: the model takes {wanted} "
            per_step += "features per step, bands ordered step by step)"
        else:
            per_step = "one per step of F bands when the model takes F features per step (bands ordered step by step)"
        raise InputError(
            f"{len(dates)} dates were given for {len(labels)} band(s); give one date per band ({len(labels)} dates) "
            f"or {per_step}."
        )
    dates = [parse_date(label, date_format) for label in labels]
    if not labels or not any(dates):
        if date_format and labels:
            raise InputError(
                f"No band name matches the date format {date_format}; examples: {examples(list(labels), 3)}. With "
                "a date format the whole name (band description or file name) must follow it: fix the format, or "
                "leave it empty to find common formats (2020-01-31, 20200131) inside the names."
            )
        return None
    if not all(dates):
        undated = [i for i, d in enumerate(dates) if d is None]
        named = [f"band {i + 1} ('{labels[i]}')" if labels[i] else f"band {i + 1} (no description)" for i in undated]
        more = f" and {len(named) - 5} more" if len(named) > 5 else ""
        raise InputError(
            f"{len(undated)} of the {len(labels)} bands {'has' if len(undated) == 1 else 'have'} no date in their "
            "description or file name, while the "
            f"others do: {', '.join(named[:5])}{more}. Give the dates of all bands (DATES), name those bands or "
            "files by their dates, or leave those bands out."
        )
    return parse_dates(_merge_feature_runs(list(labels), dates, features_per_step), date_format, "band")


def _merge_feature_runs(
    names: list[str], dates: list[datetime | None], features_per_step: Callable[[], int | None] | None
) -> list[str]:
    """`names` with each run of F equal dates kept once, when every date comes F times in a row and the model
    takes F features per step; a run of another length is refused. Else `names` as they are (checked later)."""
    # F features per step carry the same date: one date per step when every date comes F times in a row, and
    # only when the model takes F features per step (else the same date twice is a mistake, refused below).
    if not dates or not all(dates):
        return names
    runs = [i for i in range(len(dates)) if i == 0 or dates[i] != dates[i - 1]]
    size = len(dates) // len(runs)
    if size > 1 and all(dates[i : i + size] == [dates[i]] * size for i in runs) and len(runs) * size == len(dates):
        wanted = features_per_step() if features_per_step is not None else size
        if wanted != size:
            raise InputError(
                f"Each date of the stack comes {size} times in a row (e.g. {examples(list(names[:size]), 3)}), "
                f"but the model takes {wanted or 'an unknown number of'} feature(s) per step, so each date may "
                f"appear once{f' (or {wanted} times in a row, one band per feature)' if wanted and wanted > 1 else ''}"
                ". Remove the duplicate bands or rasters, or give each band its own date (DATES)."
            )
        return [names[i] for i in runs]
    return names


def run_sequence_raster(
    params,
    dates_text: str | None = None,
    date_format: str | None = None,
    progress=None,
    is_cancelled=None,
    log=None,
    plots: bool = True,
):
    """Per pixel: a time stack (ClassifyParams: the input and further single-date rasters) through a sequence model.

    The dates of the bands (given, else band descriptions or file names) are checked, logged and
    stored in the outputs' metadata (DATES); models that take no series are refused. With `plots`,
    `<output stem>_series.png` (class profiles, or sample pixels with their values) is committed
    with the outputs (result.extras).
    """
    from .classify import run_classify
    from .raster_io import open_raster

    log = log or (lambda message: None)
    paths = [params.input_path] + [layer.path for layer in params.layers or ()]
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        open_raster(path).close()  # a missing or unreadable raster is named as such
        real = os.path.normcase(os.path.realpath(path))
        if real in seen:
            raise InputError(
                f"The raster {os.path.basename(path)} is given more than once (rasters {seen[real] + 1} and {i + 1} "
                "of the stack); give each date's raster once, in date order."
            )
        seen[real] = i
    labels = band_labels(paths)
    dates = stack_dates(labels, dates_text, date_format, lambda: model_features(params.model, len(labels)), log=log)
    for warning in fill_value_warnings(paths):
        log(f"Warning: {warning}")
    import dataclasses

    from .plots import plots_available, raster_series_png

    run = {"layout": "sequences"}  # on a copy: the caller's params are left as they were
    if dates:
        iso = [_iso(d) for d in dates]
        log(f"Dates of the stack: {iso[0]} to {iso[-1]} ({len(iso)})")
        run["tags"] = {**params.tags, "DATES": ",".join(iso)}
    else:
        log("The bands carry no dates (in their descriptions or file names); they are taken in their order.")
    if plots and plots_available(log):

        def series_plot(transaction, source, head, contract, encoding) -> list[str]:
            return raster_series_png(
                transaction, params.output_path, source, head, contract, encoding.prep, dates, log=log
            )

        run["before_commit"] = series_plot
    return run_classify(dataclasses.replace(params, **run), progress, is_cancelled, log)


def span_rows(values: np.ndarray) -> np.ndarray:
    """The steps of a table series (T, F) that bound its span: those with every value given, else those with any.

    Its last such step is the series' last complete time, from which a regular-grid run forecasts.
    """
    given = np.isfinite(values)
    complete = given.all(axis=1)
    return np.flatnonzero(complete if complete.any() else given.any(axis=1))


def day_number(value: datetime) -> float:
    """Days since 1970-01-01 (times of a table as numbers)."""
    return (value - datetime(1970, 1, 1)).total_seconds() / 86400.0
