# SPDX-License-Identifier: GPL-2.0-or-later
"""[from kinds.py] Model kinds: a layout (how a window becomes the model's feed) + a head (how named outputs
become per-pixel channels and rasters) + a stitching policy. One table maps each contract
`task` to what it may use; a task without an entry is refused, never run as something else.

Layouts:
- tiles: (N, C, H, W) image tiles (CNNs); outputs (N, K, H, W), (N, H, W) or one vector per tile (N, K).
- rows: (N, F) one row per valid pixel (scikit-learn and other tabular models); outputs (N, K),
  (N,) labels or ZipMap lists of {label: probability}.
- sequences: (N, T, F) one sequence per valid pixel from a band stack ordered step by step
  (band = t * F + f), pre-processed as the contract says (SequenceEncoding, sequences.py).

Stitching policies: "blend" (weighted blending of overlapping tiles), "none" (no overlap: a
pixel's value is its own tile's, exactly) and "copy" (blend the model's channels, but the head
copies the input through wherever it says, bit for bit).

A new model kind is a Head subclass in tasks.py plus an entry in TASK_TABLE here.
"""

from __future__ import annotations

import numpy as np

from .sequences import GapCounts, SequencePrep


class Encoding:
    """Scaling and encoding of the native band values into the model's features.

    x' = (x - offset) / scale per band; categorical bands listed in `categories` become one
    0/1 feature per category value (one-hot) instead; nodata pixels get `fill`.
    """

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
