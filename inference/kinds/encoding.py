# SPDX-License-Identifier: GPL-2.0-or-later
"""Encodings: how the native values of a window become the model's features.

`Encoding`: x' = (x - offset) / scale per band, categorical bands one-hot where the contract says,
invalid pixels filled; `resolve_encoding` chooses the scaling (the run's, the model's, or a
documented default). `SequenceEncoding`: a sequence model's pre-processing (sequences.py) in the
same interface, which also leaves out series the contract masks.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import InputError
from ..model.contract import ModelContract
from ..progress import LogFn
from ..sources.raster import band_statistics
from .sequences import GapCounts, SequencePrep


class Encoding:
    """Scaling and encoding of the native band values into the model's features.

    x' = (x - offset) / scale per band; categorical bands listed in `categories` become one
    0/1 feature per category value (one-hot) instead; nodata pixels get `fill`.
    """

    series = False  # each pixel is a vector of features, not a series of steps

    def __init__(
        self, offset: np.ndarray, scale: np.ndarray, fill: float = 0.0, categories: dict[int, tuple] | None = None
    ) -> None:
        self.offset = np.asarray(offset, np.float64)
        self.scale = np.asarray(scale, np.float64)
        self.fill = float(fill)
        self.categories = dict(categories or {})
        self._offset = self.offset.astype(np.float32)[:, None, None]
        self._inverse = (1.0 / self.scale).astype(np.float32)[:, None, None]

    @property
    def features(self) -> int:
        return len(self.offset) + sum(len(v) - 1 for v in self.categories.values())

    def encode_tile(
        self, data: np.ndarray, valid: np.ndarray, extent: tuple[int, int] | None = None
    ) -> tuple[np.ndarray, GapCounts | None]:
        """A tile's features (see apply); no series, so no gap counts."""
        return self.apply(data, valid), None

    def apply(self, data: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Scale `data` (a float32 array the caller hands over) in place, encode, fill invalid pixels."""
        if self.categories:
            parts = []
            for b in range(data.shape[0]):
                values = self.categories.get(b)
                if values is None:
                    parts.append((data[b : b + 1] - self._offset[b]) * self._inverse[b])
                else:
                    parts.append(np.stack([(data[b] == np.float32(v)).astype(np.float32) for v in values]))
            data = np.concatenate(parts)
        else:
            data -= self._offset
            data *= self._inverse
        if not valid.all():
            data[:, ~valid] = self.fill
        return data


class SequenceEncoding:
    """A sequence model's pre-processing in the engine's encoding interface.

    The source marks nodata steps as NaN (its `gaps_as_nan`) and calls a pixel valid when any
    step is; here each pixel's series is pre-processed, and pixels whose series the contract
    masks (or refuses) are cleared from `valid`, so they are written as nodata.
    """

    series = True  # each pixel is a series: gaps are counted, and masked series left out

    def __init__(self, prep: SequencePrep) -> None:
        self.prep = prep

    @property
    def features(self) -> int:
        return self.prep.channels

    def encode_tile(
        self, data: np.ndarray, valid: np.ndarray, extent: tuple[int, int] | None = None
    ) -> tuple[np.ndarray, GapCounts]:
        """Native bands (T_raw * F, t, t) -> fed channels (T * F, t, t); clears `valid` where a series is left out.

        `extent` (h, w): the tile's pixels inside the raster; the padding past its edge is left
        out, so that counts are of real pixels (padding is never written).
        """
        p = self.prep
        if extent is not None:
            valid[extent[0] :] = False
            valid[:, extent[1] :] = False
        series = data[:, valid].T.reshape(-1, p.raw_steps, p.features)
        x, keep, counts = p.prepare(series)
        out = np.full((p.channels,) + valid.shape, p.fill, np.float32)
        out[:, valid] = x.reshape(len(x), p.channels).T
        valid[valid] = keep
        return out, counts


def resolve_encoding(
    band_offset: Sequence[float] | None,
    band_scale: Sequence[float] | None,
    contract: ModelContract,
    source,
    kinds: tuple,
    layout: str,
    log: LogFn,
) -> Encoding:
    """Input scaling and encoding: the run's offsets and scales, else the model's metadata, else a documented default.

    Categorical bands are never standardised: without explicit scaling they pass as their
    codes, and the contract's band_categories turns them into one-hot features.
    """
    n = source.count
    fill = contract.nodata_fill
    categorical = np.array([k == "categorical" for k in kinds], bool) if kinds else np.zeros(n, bool)
    if band_offset is not None or band_scale is not None:
        offset = np.asarray(band_offset if band_offset is not None else [0.0], np.float64)
        scale = np.asarray(band_scale if band_scale is not None else [1.0], np.float64)
        origin = "the parameters"
    elif contract.band_offset is not None:
        offset = np.asarray(contract.band_offset, np.float64)
        scale = np.asarray(contract.band_scale, np.float64)
        origin = "Deepness metadata (after /255)" if contract.deepness_scaling else "the model metadata"
    elif layout != "tiles":
        # A per-pixel model without scaling keys (scikit-learn, say) was trained on raw values; any
        # scaling it needs is inside its graph (a StandardScaler step), so guessing one would be wrong.
        offset, scale = np.zeros(1), np.ones(1)
        origin = "none (a per-pixel model without scaling keys gets the raw values)"
    else:
        offset, scale, origin = _default_scaling(source, categorical)
    if offset.size == 1:
        offset = np.repeat(offset, n)
    if scale.size == 1:
        scale = np.repeat(scale, n)
    if offset.size != n or scale.size != n:
        raise InputError(
            f"Scaling gives {offset.size} offsets and {scale.size} scales for {n} band(s); give one per band."
        )
    if np.any(scale == 0):
        raise InputError("A band scale of 0 was given; scales must be non-zero.")
    if not (np.isfinite(offset).all() and np.isfinite(scale).all()):
        raise InputError(f"The input scaling from {origin} holds NaN or infinity; give finite offsets and scales.")
    with np.errstate(over="ignore", divide="ignore"):
        single = np.concatenate([offset, 1.0 / scale]).astype(np.float32)
    if not np.isfinite(single).all() or np.any(np.abs(scale) > 1e30):
        raise InputError(
            f"The input scaling from {origin} (offset {offset.tolist()}, scale {scale.tolist()}) is out of the range "
            "a model's float32 input can hold; give offsets and scales in the raster's units."
        )
    if np.all(offset == 0) and np.all(scale == 1):
        log("The bands are fed to the model as they are (no scaling)")
    elif offset.size * scale.size <= 64:  # a few bands: the values themselves
        log(f"Input scaling from {origin}: offset {np.round(offset, 4).tolist()}, scale {np.round(scale, 4).tolist()}")
    else:
        log(f"Input scaling from {origin}, one offset and scale per band ({max(offset.size, scale.size)} bands)")
    categories = {}
    names = list(contract.band_names) or list(source.band_names)
    for key, values in contract.band_categories.items():
        index = names.index(key) if key in names else (int(key) if key.isascii() and key.isdigit() else None)
        if index is None or index >= n:
            raise InputError(f"The model one-hot encodes band '{key}', which the input does not have.")
        categories[index] = values
    return Encoding(offset, scale, fill, categories)


def _default_scaling(source, categorical: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    if source.dtype == "uint8":
        offset, scale = np.zeros(len(categorical)), np.full(len(categorical), 255.0)
        scale[categorical] = 1.0
        return offset, scale, "the default for 8-bit imagery (divide by 255; categorical bands as codes)"
    offset, scale = band_statistics(source)
    offset[categorical], scale[categorical] = 0.0, 1.0
    return offset, scale, "the input's own statistics (standardised per band; categorical bands as codes)"
