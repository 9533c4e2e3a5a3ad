# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequence pre-processing declared in the model contract.

A sequence model takes (N, T, F): T steps of F features. The contract says how a series of
raw steps becomes that feed (`SequencePrep`), in this order:

1. step: every k-th step, counted back from the last one (the latest step is always used);
2. gaps: nodata steps (NaN) are refused, or the series is masked, or they are interpolated
   linearly between the nearest valid steps (held constant before the first and after the
   last valid step), when at least `min_valid` of the steps are valid;
3. difference: first differences along time (one step fewer);
4. scaling: none, per_series (each feature of each series z-scored over its steps), or
   per_feature ((x - band_offset) / band_scale, one value per feature or one for all).

The same `SequencePrep` serves every source: a raster stack (band t * F + f is feature f at step
t) and a table of series (sources/table.py), through encoding.SequenceEncoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..errors import InputError
from ..model.contract import ModelContract


@dataclass
class GapCounts:
    """Series seen with nodata steps, and what became of them.

    `best_share`: the largest share of valid steps among the masked series (for the message when all
    are masked); `lost`: where the first few masked series are, as (row, column) of the source's grid,
    so that a table source can name them.
    """

    with_gaps: int = 0
    interpolated: int = 0
    masked: int = 0
    best_share: float = 0.0
    lost: list = field(default_factory=list)

    LOST_KEPT = 5

    def add(self, other: GapCounts | None) -> None:
        if other is not None:
            self.with_gaps += other.with_gaps
            self.interpolated += other.interpolated
            self.masked += other.masked
            self.best_share = max(self.best_share, other.best_share)
            self.lost += other.lost[: max(0, self.LOST_KEPT - len(self.lost))]

    def note_lost(self, y: int, x: int, lost: np.ndarray) -> None:
        """Remember where the first masked series of a window at (y, x) are (`lost`: its mask of them)."""
        room = self.LOST_KEPT - len(self.lost)
        if room > 0 and lost.any():
            rows, cols = np.nonzero(lost)
            self.lost += [(y + int(r), x + int(c)) for r, c in zip(rows[:room], cols[:room])]

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
    ranges: tuple = ()  # per feature, [low, high] of the training data (the contract's band_ranges) or None
    names: tuple[str, ...] = ()  # the features' names (band_names)

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
        if counts.masked:
            counts.best_share = float(np.isfinite(x[~keep]).mean(axis=1).min(axis=1).max())
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
    if not len(series):
        return None
    if prep.scaling == "per_feature":
        x, keep, _ = prep.prepare(series)
        warning = fed_values_warning(prep, x[keep])
        if warning:
            return warning
    return training_range_warning(prep, series)


def training_range_warning(prep: SequencePrep, series: np.ndarray) -> str | None:
    """A warning when most raw values of a feature (N, raw_steps, F) lie outside the range the model was trained on
    (the contract's band_ranges, 1st to 99th percentile, with 5 % of its width as margin)."""
    out = []
    for f, pair in enumerate(prep.ranges[: series.shape[2]]):
        values = np.asarray(series[:, :, f], np.float64).ravel()
        values = values[np.isfinite(values)]
        if pair is None or values.size < 20:
            continue
        low, high = pair
        margin = 0.05 * (high - low)
        outside = float(np.mean((values < low - margin) | (values > high + margin)))
        if outside > 0.5:
            name = prep.names[f] if f < len(prep.names) else f"feature {f + 1}"
            out.append(
                f"{outside:.0%} of the sampled values of '{name}' ({values.min():.4g} to {values.max():.4g}) lie "
                f"outside the range the model was trained on ({low:.4g} to {high:.4g})"
            )
    if not out:
        return None
    return "; ".join(out) + ": it extrapolates there. Check the units and that the input is what the model takes."


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


def model_features(model: str, bands: int) -> int | None:
    """The features per step a sequence model takes from a stack of `bands` (as the run plans them); None if unknown."""
    from ..model.registry import resolve_model
    from ..model.session import open_model

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
    k, d = contract.sequence_step, contract.sequence_difference
    raw_steps, features = _steps_and_features(contract, input_shape, bands, raw_steps, features, what)
    fed = _check_length(contract, input_shape, raw_steps, features, bands, what)
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
    if len(contract.band_ranges) == features:
        prep.ranges, prep.names = tuple(contract.band_ranges), tuple(contract.band_names)
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


# A raster stack that does not fit a sequence model: the model may be one of series that are not pixels.
OTHER_SERIES = (
    " If the model is one of well logs over depth, run it with Well logs (lithoscope:welllogs); of series in a table "
    "or of vector features, with Sequence model over vector features (lithoscope:sequencevector)."
)


def _steps_and_features(contract, input_shape, bands, raw_steps, features, what: str) -> tuple[int, int]:
    """Raw steps and features per step: of a raster stack of `bands` (step by step), or as given for a table."""
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
                f"band per step and feature.{OTHER_SERIES}"
            )
        return bands // features, features
    if want_features and features != want_features:
        raise InputError(
            f"The sequence model takes {want_features} feature(s) per step, but {what} gives {features}. Choose "
            "the value columns (curves) the model was trained on, in its order."
        )
    return raw_steps, features


def _check_length(contract, input_shape, raw_steps: int, features: int, bands, what: str) -> int:
    """The steps fed (after step and differencing); refuses series too short, or longer than a fixed model takes."""
    want_steps = model_steps(contract, input_shape)
    k, d = contract.sequence_step, contract.sequence_difference
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
            "samples)." + (OTHER_SERIES if bands is not None else "")
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
    return fed


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
