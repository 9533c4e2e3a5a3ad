# SPDX-License-Identifier: GPL-2.0-or-later
"""The tiled inference engine shared by every model kind.

Reading, tiling, batching, stitching and writing live here once; a model kind only supplies
a `TaskAdapter` (how model outputs become per-pixel channels to blend, and how blended
channels become output rasters). A reader thread prefetches and pre-processes tiles and a
writer thread writes finished blocks, so disk I/O overlaps with onnxruntime, which releases
the GIL while it computes.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from .errors import CancelledError, InputError, ModelError
from .raster_io import AtomicGeoTiff, OutputSpec, RasterSource
from .session import ModelSession
from .tiling import Tile, TileGrid

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]
LogFn = Callable[[str], None]

_QUEUE_DEPTH = 3


_cache_lock = threading.Lock()
_cache_caps: list[int] = []
_cache_saved = 0


def _gdal_cache_bytes() -> int:
    from rasterio.env import get_gdal_config

    value = int(get_gdal_config("GDAL_CACHEMAX") or 0)
    return value << 20 if 0 < value < 100_000 else value  # a GDAL_CACHEMAX given in megabytes


@contextlib.contextmanager
def capped_block_cache(cap: int):
    """Hold GDAL's process-wide block cache at the sum of the running jobs' caps.

    The limit is global, and several runs may overlap in one QGIS: the first run saves the
    user's setting, each run adds its cap, and the last one to finish restores the setting.
    The cache is only ever lowered, never raised above what the user had.
    """
    global _cache_saved
    from rasterio.env import set_gdal_config

    with _cache_lock:
        if not _cache_caps:
            _cache_saved = _gdal_cache_bytes()
        _cache_caps.append(cap)
        set_gdal_config("GDAL_CACHEMAX", min(_cache_saved, sum(_cache_caps)))
    try:
        yield
    finally:
        with _cache_lock:
            _cache_caps.remove(cap)
            set_gdal_config("GDAL_CACHEMAX", min(_cache_saved, sum(_cache_caps)) if _cache_caps else _cache_saved)


class TaskAdapter:
    """Pre- and post-processing of one model kind. Subclasses override what differs."""

    channels: int = 0  # per-pixel channels blended between overlapping tiles

    def configure(self, outputs: list[np.ndarray], tile: int) -> None:
        """Inspect the outputs of a probe run, set `channels`, raise ModelError if unusable."""
        raise NotImplementedError

    def postprocess(self, outputs: list[np.ndarray], tile: int) -> np.ndarray:
        """Model outputs of a batch -> per-pixel channels (N, channels, tile, tile) float32."""
        raise NotImplementedError

    def output_specs(self) -> list[OutputSpec]:
        """The rasters this run writes (known after `configure`)."""
        raise NotImplementedError

    def finalize(self, blended: np.ndarray, valid: np.ndarray) -> list[np.ndarray]:
        """Blended channels (channels, h, w) of a finished block -> one array per output."""
        raise NotImplementedError


@dataclass
class Scaling:
    """x' = (x - offset) / scale per band, in the raster's native units; nodata -> fill."""

    offset: np.ndarray
    scale: np.ndarray
    fill: float = 0.0

    def __post_init__(self) -> None:
        self._offset = np.asarray(self.offset, np.float32)[:, None, None]
        self._inverse = (1.0 / np.asarray(self.scale, np.float64)).astype(np.float32)[:, None, None]

    def apply(self, data: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Scale `data` (a float32 array the caller hands over) in place and fill invalid pixels."""
        data -= self._offset
        data *= self._inverse
        if not valid.all():
            data[:, ~valid] = self.fill
        return data


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


@dataclass
class _Batch:
    tiles: list[Tile]
    valid: list[np.ndarray | None]  # None: tile skipped (no valid pixel)
    array: np.ndarray | None  # (n_run, bands, tile, tile) for the tiles not skipped


class _Stitcher:
    """Accumulates weighted tile predictions and hands out blocks as soon as they are final.

    Carries an `overlap`-row band (full width) between tile rows and an `overlap`-column
    strip between neighbouring tiles of a row; see tiling.py for why that suffices.
    """

    def __init__(self, grid: TileGrid, channels: int) -> None:
        self.grid = grid
        self.k = channels
        o, t = grid.overlap, grid.tile
        width = grid.cols * grid.stride + o
        self.band = np.zeros((channels + 1, o, width), np.float32)
        self.next_band = np.zeros_like(self.band)
        self.left = np.zeros((channels + 1, t, o), np.float32)
        self.weights = grid.weights

    def add(self, tile: Tile, pred: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Add one tile's prediction (channels, t, t) or None if skipped; return its block.

        The block comes back as (blended channels (k, s, s), weight sum (s, s)), unclipped.
        """
        g, k = self.grid, self.k
        o, s, t = g.overlap, g.stride, g.tile
        if tile.col == 0:
            self.left[:] = 0
        acc = np.empty((k + 1, t, t), np.float32)
        if pred is None:
            acc[:] = 0
        else:
            np.multiply(pred, self.weights, out=acc[:k])
            acc[k] = self.weights
        if o:
            acc[:, :, :o] += self.left
            acc[:, :o, :s] += self.band[:, :, tile.x : tile.x + s]
            self.left[:] = acc[:, :, s:]
            self.next_band[:, :, tile.x : tile.x + s] = acc[:, s:, :s]
            if tile.col == g.cols - 1:
                self.band, self.next_band = self.next_band, self.band
                self.next_band[:] = 0
        return acc[:k, :s, :s], acc[k, :s, :s]


class TiledRunner:
    """Runs one model over one raster source and writes the adapter's outputs."""

    def __init__(
        self,
        source: RasterSource,
        session: ModelSession,
        adapter: TaskAdapter,
        scaling: Scaling,
        tile: int,
        overlap: int,
        batch_size: int,
        progress: ProgressFn | None = None,
        is_cancelled: CancelFn | None = None,
        log: LogFn | None = None,
    ) -> None:
        self.source = source
        self.session = session
        self.adapter = adapter
        self.scaling = scaling
        self.grid = TileGrid(source.height, source.width, tile, overlap)
        fixed = session.fixed_batch
        self.batch_size = fixed if fixed else max(1, int(batch_size))
        self.progress = progress or (lambda f: None)
        self.is_cancelled = is_cancelled or (lambda: False)
        self.log = log or (lambda m: None)
        self.stats = RunStats(tile=tile, overlap=overlap, batch_size=self.batch_size, providers=session.providers)

    # -- model ---------------------------------------------------------------------------
    def _run_model(self, array: np.ndarray) -> list[np.ndarray]:
        n = array.shape[0]
        if n < self.batch_size and self.session.fixed_batch:
            pad = np.zeros((self.batch_size - n,) + array.shape[1:], array.dtype)
            array = np.concatenate([array, pad])
        t0 = time.perf_counter()
        try:
            outputs = self.session.run(array)
        except Exception as exc:
            raise ModelError(self._shape_message(exc)) from None
        self.stats.inference_seconds += time.perf_counter() - t0
        return [o[:n] if o.ndim and o.shape[0] >= n else o for o in outputs]

    def _shape_message(self, exc: Exception) -> str:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return (
            f"The model failed on {self.source.count}-band tiles of {self.grid.tile}x{self.grid.tile} "
            f"pixels (input shape {list(self.session.input_shape)}, None = any size): {first}. Check that "
            "the raster has the bands the model expects and try the tile size the model was trained with."
        )

    def probe(self) -> None:
        """Check the raster fits the model and let the adapter see real output shapes."""
        need = self.session.fixed_channels or self.session.contract.band_count
        if need is not None and need != self.source.count:
            names = self.session.contract.band_names
            listed = f" ({', '.join(names)})" if names else ""
            raise InputError(
                f"The model expects {need} band(s){listed}, but {self.source.count} band(s) of "
                f"'{self.source.path}' were given. Choose a raster with {need} band(s) or pick the bands "
                "to use (BANDS)."
            )
        t = self.grid.tile
        outputs = self._run_model(np.zeros((1, self.source.count, t, t), np.float32))
        self.adapter.configure(outputs, t)

    # -- pipeline ------------------------------------------------------------------------
    def _batches(self) -> Iterator[_Batch]:
        t = self.grid.tile
        tiles: list[Tile] = []
        valids: list[np.ndarray | None] = []
        arrays: list[np.ndarray] = []
        with self.source.open() as ds:
            for tile in self.grid:
                if self.is_cancelled():
                    return
                data, valid = self.source.read_tile(ds, tile.y, tile.x, t)
                tiles.append(tile)
                if valid.any():
                    valids.append(valid)
                    arrays.append(self.scaling.apply(data, valid))
                else:
                    valids.append(None)
                if len(arrays) == self.batch_size or (len(tiles) >= 4 * self.batch_size and not arrays):
                    yield _Batch(tiles, valids, np.stack(arrays) if arrays else None)
                    tiles, valids, arrays = [], [], []
        if tiles:
            yield _Batch(tiles, valids, np.stack(arrays) if arrays else None)

    def block_cache_bytes(self) -> int:
        """GDAL block cache for a run: enough to re-read one row of input tiles, at least 64 MiB.

        GDAL's default (5 % of RAM) lets the cache, and so memory, grow with the raster while
        dirty output blocks wait in it; a cap keeps peak memory independent of raster size.
        """
        itemsize = np.dtype(self.source.dtype).itemsize
        tile_row = self.source.width * self.grid.tile * self.source.count * itemsize
        return max(64 << 20, 2 * tile_row)

    def run(self) -> RunStats:
        """Run the whole raster; commit outputs on success, remove them on error or cancel."""
        with capped_block_cache(self.block_cache_bytes()):
            return self._run()

    def _run(self) -> RunStats:
        start = time.perf_counter()
        self.probe()
        specs = self.adapter.output_specs()
        block = self.grid.stride if self.grid.stride % 16 == 0 else 256
        writers = [
            AtomicGeoTiff(spec, self.source.width, self.source.height, self.source.transform, self.source.crs, block)
            for spec in specs
        ]
        read_q: queue.Queue = queue.Queue(maxsize=_QUEUE_DEPTH)
        write_q: queue.Queue = queue.Queue(maxsize=_QUEUE_DEPTH * 4)
        stop = threading.Event()
        errors: list[BaseException] = []

        def put(item) -> bool:
            while not stop.is_set():
                try:
                    read_q.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def reader() -> None:
            try:
                for batch in self._batches():
                    if not put(batch):
                        return
            except BaseException as exc:  # handed to the main thread
                put(exc)
                return
            put(None)

        def writer() -> None:
            while True:
                item = write_q.get()
                if item is None:
                    return
                if errors:
                    continue  # drain after a failure
                y, x, arrays = item
                try:
                    for w, a in zip(writers, arrays):
                        w.write(a, y, x)
                except BaseException as exc:
                    errors.append(exc)

        threads = [threading.Thread(target=reader, daemon=True), threading.Thread(target=writer, daemon=True)]
        for th in threads:
            th.start()
        ok = False
        try:
            self._consume(read_q, write_q, errors)
            write_q.put(None)
            threads[1].join()
            if errors:
                raise errors[0]
            if self.stats.valid_pixels == 0:
                raise InputError(
                    f"The raster '{self.source.path}' has no valid pixels in the chosen area (all nodata or "
                    "outside the mask polygons); nothing was written. Check its nodata value and the extent."
                )
            self.stats.outputs = [w.commit() for w in writers]
            ok = True
        finally:
            stop.set()
            if not ok:
                write_q.put(None)
                threads[1].join(timeout=30)
                for w in writers:
                    w.abort()
            threads[0].join(timeout=30)
        self.stats.total_seconds = time.perf_counter() - start
        return self.stats

    def _consume(self, read_q: queue.Queue, write_q: queue.Queue, errors: list) -> None:
        g = self.grid
        stitcher = _Stitcher(g, self.adapter.channels)
        total = len(g)
        done = 0
        while True:
            if self.is_cancelled():
                raise CancelledError()
            if errors:
                raise errors[0]
            item = read_q.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            preds = None
            if item.array is not None:
                preds = self.adapter.postprocess(self._run_model(item.array), g.tile)
                self.stats.batches += 1
            j = 0
            for tile, valid in zip(item.tiles, item.valid):
                pred = None
                if valid is not None:
                    pred = preds[j]
                    j += 1
                else:
                    self.stats.tiles_skipped += 1
                blended, weight = stitcher.add(tile, pred)
                y, x, h, w = g.block(tile)
                if valid is None:
                    block_valid = np.zeros((h, w), bool)
                else:
                    block_valid = valid[:h, :w] & (weight[:h, :w] > 0)
                    self.stats.valid_pixels += int(block_valid.sum())
                with np.errstate(invalid="ignore", divide="ignore"):
                    values = blended[:, :h, :w] / weight[:h, :w]
                write_q.put((y, x, self.adapter.finalize(values, block_valid)))
            done += len(item.tiles)
            self.stats.tiles = done
            self.progress(done / total)
        if self.is_cancelled():
            raise CancelledError()
