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
from typing import Sequence

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
        parts = [f"{self.steps} step(s) x {self.features} feature(s) from {self.raw_steps} raw step(s)"]
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
    Raises InputError when the series are too short, or longer than a model of fixed length takes.
    """
    want_steps = model_steps(contract, input_shape)
    want_features = input_shape[2] or contract.sequence_features
    k, d = contract.sequence_step, contract.sequence_difference
    if features is None:  # a raster stack: T x F bands
        features = want_features
        if features is None:
            plain = want_steps and k == 1 and d == 0 and bands % want_steps == 0
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
    if fed < (want_steps or 1):
        raise InputError(
            f"{raw_steps} time step(s) in {what} are too few for the model: it takes {want_steps or 1} step(s){how}, "
            f"so it needs {need} time steps. Give a longer series (more dates, bands or samples)."
        )
    if want_steps and fed > want_steps:
        origin = "its input shape" if input_shape[1] else "sequence_length in its metadata"
        raise InputError(
            f"The model takes exactly {want_steps} time steps{how} ({origin}), but there are {raw_steps} in {what}, "
            f"which give {fed}: a step count the model does not accept. Give {need} time steps (the dates or bands "
            "the model was trained on)."
        )
    indices = tuple(range(raw_steps - 1, -1, -k))[::-1]
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


def stack_dates(labels: Sequence[str], dates_text: str | None, date_format: str | None) -> list[datetime] | None:
    """The dates of a stack's bands: `dates_text` (comma-separated) if given, else the labels when all are dates.

    None when neither gives dates (the bands are then taken in their order).
    """
    if dates_text and dates_text.strip():
        given = [part.strip() for part in dates_text.replace(";", ",").split(",") if part.strip()]
        dates = parse_dates(given, date_format, "date")
        if len(dates) != len(labels):
            raise InputError(f"{len(dates)} dates were given for {len(labels)} band(s); give one date per band.")
        return dates
    dates = [parse_date(label, date_format) for label in labels]
    if not labels or not all(dates):
        return None
    # F features per step carry the same date: one date per step when every date comes F times in a row.
    runs = [i for i in range(len(dates)) if i == 0 or dates[i] != dates[i - 1]]
    size = len(dates) // len(runs)
    if size > 1 and all(dates[i : i + size] == [dates[i]] * size for i in runs) and len(runs) * size == len(dates):
        labels = [labels[i] for i in runs]
    return parse_dates(list(labels), date_format, "band")


def run_sequence_raster(
    params,
    dates_text: str | None = None,
    date_format: str | None = None,
    progress=None,
    is_cancelled=None,
    log=None,
):
    """Per pixel: a time stack (ClassifyParams: the input and further single-date rasters) through a sequence model.

    The dates of the bands (given, else band descriptions or file names) are checked, logged and
    stored in the outputs' metadata (DATES); models that take no series are refused.
    """
    from .classify import run_classify
    from .raster_io import open_raster

    log = log or (lambda message: None)
    paths = [params.input_path] + [layer.path for layer in params.layers or ()]
    for path in paths:
        open_raster(path).close()  # a missing or unreadable raster is named as such
    dates = stack_dates(band_labels(paths), dates_text, date_format)
    if dates:
        iso = [_iso(d) for d in dates]
        log(f"Dates of the stack: {iso[0]} to {iso[-1]} ({len(iso)})")
        params.tags = {**params.tags, "DATES": ",".join(iso)}
    else:
        log("The bands carry no dates (in their descriptions or file names); they are taken in their order.")
    params.layout = "sequences"
    return run_classify(params, progress, is_cancelled, log)


def day_number(value: datetime) -> float:
    """Days since 1970-01-01 (times of a table as numbers)."""
    return (value - datetime(1970, 1, 1)).total_seconds() / 86400.0
