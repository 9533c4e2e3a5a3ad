# SPDX-License-Identifier: GPL-2.0-or-later
"""The engine shared by every model kind: plan, window work, stitching, executors, writing.

A run is a `Plan`: the source, the model path, the configured model kind (layout, head,
stitching), the encoding and the tile grid, all plain values. The work for a range of tile
rows and columns is a function of the plan alone (`stream_blocks`): it reads tiles (with the
halo the grid's overlap gives), runs the model on batches, stitches overlapping predictions
and finalises blocks. The local executor streams the whole grid through it with a reader
thread and a writer thread, so disk I/O overlaps onnxruntime (which releases the GIL); the
Dask executor (executors.py) maps it over chunks of tile rows and columns on workers that
open their own sessions and readers. Blocks land in the same atomic GeoTIFF writers either way.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from .errors import CancelledError, InputError, ModelError
from .files import OutputTransaction
from .kinds import Encoding, ModelKind, SequenceEncoding
from .raster_io import AtomicGeoTiff, OutputSpec
from .sequences import GapCounts, all_masked, gaps_refused
from .session import ModelSession, open_model
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
    executor: str = "local"
    chunks: int = 0
    nonfinite_pixels: int = 0  # masked as nodata (nonfinite="mask")
    probability_min: float = float("inf")  # range of the probabilities written, to spot logits
    probability_max: float = float("-inf")
    gaps: GapCounts = field(default_factory=GapCounts)  # sequence models: pixels whose series have nodata steps

    def add(self, other: RunStats) -> None:
        for name in ("tiles", "tiles_skipped", "batches", "valid_pixels", "inference_seconds", "nonfinite_pixels"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.gaps.add(other.gaps)
        self.probability_min = min(self.probability_min, other.probability_min)
        self.probability_max = max(self.probability_max, other.probability_max)


@dataclass
class Plan:
    """Everything the work for a window needs, as plain values an executor can ship anywhere."""

    source: Any
    model_path: str
    device: str
    threads: int
    kind: ModelKind
    encoding: Encoding | SequenceEncoding
    grid: TileGrid
    batch_size: int
    labels: tuple = ()
    nonfinite: str = "fail"  # NaN or infinity from the model: "fail" the run, or "mask" those pixels as nodata
    read_dtype: str = "float32"  # float64 where copy-through must give back float64 or 32-bit integer values

    def block_cache_bytes(self) -> int:
        """GDAL block cache for a run: enough to re-read one row of input tiles, 64 to 256 MiB.

        GDAL's default (5 % of RAM) lets the cache, and so memory, grow with the raster while
        dirty output blocks wait in it; a cap keeps peak memory independent of raster size.
        """
        itemsize = np.dtype(getattr(self.source, "dtype", "float32") or "float32").itemsize
        tile_row = self.source.width * self.grid.tile * self.source.count * itemsize
        # Overlapping tiles re-read the bottom of the row above: two rows. Without overlap (per-pixel
        # models) no block is read twice, so one row is enough (a striped file's strips of the row).
        # At most 256 MiB, so that memory stays bounded on very wide rasters too (overlapping
        # tiles may then re-read a few input blocks).
        rows = 2 if self.grid.overlap else 1
        return min(max(64 << 20, rows * tile_row), 256 << 20)

    @property
    def block(self) -> int:
        """Block size of the output GeoTIFFs: the stride where it suits GDAL, else 256."""
        return self.grid.stride if self.grid.stride % 16 == 0 else 256


_sessions: dict[tuple, ModelSession] = {}
_sessions_lock = threading.Lock()


def session_for(plan: Plan) -> ModelSession:
    """This process's onnxruntime session for the plan's model (opened once per process)."""
    stat = os.stat(plan.model_path)
    key = (os.path.abspath(plan.model_path), stat.st_mtime_ns, stat.st_size, plan.device, plan.threads)
    with _sessions_lock:
        session = _sessions.get(key)
        if session is None:
            if len(_sessions) >= 4:
                _sessions.clear()
            session = _sessions[key] = open_model(plan.model_path, plan.device, plan.threads)
    return session


class _Stitcher:
    """Accumulates weighted tile predictions and hands out blocks as soon as they are final.

    Works on the tile columns [c0, c1) of the grid, row after row. Carries an `overlap`-row
    band (as wide as those columns) between tile rows and an `overlap`-column strip between
    neighbouring tiles of a row; see tiling.py for why that suffices.
    """

    def __init__(self, grid: TileGrid, channels: int, c0: int = 0, c1: int | None = None) -> None:
        self.grid = grid
        self.k = channels
        self.c0 = c0
        self.c1 = grid.cols if c1 is None else c1
        o, t = grid.overlap, grid.tile
        self.x0 = c0 * grid.stride
        width = (self.c1 - c0) * grid.stride + o
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
        if tile.col == self.c0:
            self.left[:] = 0
        acc = np.empty((k + 1, t, t), np.float32)
        if pred is None:
            acc[:] = 0
        else:
            np.multiply(pred, self.weights, out=acc[:k])
            acc[k] = self.weights
        if o:
            x = tile.x - self.x0
            acc[:, :, :o] += self.left
            acc[:, :o, :s] += self.band[:, :, x : x + s]
            self.left[:] = acc[:, :, s:]
            self.next_band[:, :, x : x + s] = acc[:, s:, :s]
            if tile.col == self.c1 - 1:
                self.band, self.next_band = self.next_band, self.band
                self.next_band[:] = 0
        return acc[:k, :s, :s], acc[k, :s, :s]


@dataclass
class _TileData:
    tile: Tile
    valid: np.ndarray
    inside: np.ndarray
    native: np.ndarray | None  # the native input, kept for copy-through
    run: bool  # False: nothing to compute (skipped)


@dataclass
class _Batch:
    tiles: list[_TileData]
    array: np.ndarray | None  # (n_run, features, tile, tile) for the tiles that run
    gaps: GapCounts | None = None  # sequence models: what became of series with nodata steps


def _read_batches(plan: Plan, tiles: list[Tile], is_cancelled: CancelFn) -> Iterator[_Batch]:
    """Read, check and encode tiles; group the ones to run into batches of the plan's size."""
    t = plan.grid.tile
    head = plan.kind.head
    keep_native = head.needs_native
    items: list[_TileData] = []
    arrays: list[np.ndarray] = []
    gaps = GapCounts()
    with plan.source.open() as handle:
        for tile in tiles:
            if is_cancelled():
                return
            data, valid, inside = plan.source.read_tile(handle, tile.y, tile.x, t, plan.read_dtype)
            run = not head.skip(valid, inside)
            native = data.copy() if keep_native else None
            if run:
                extent = (min(t, plan.grid.height - tile.y), min(t, plan.grid.width - tile.x))
                encoded, counts = plan.encoding.encode_tile(data, valid, extent)
                if counts is not None:
                    gaps.add(counts)
                    if counts.with_gaps and plan.encoding.prep.gaps == "refuse":
                        raise gaps_refused(counts.with_gaps, f"in the window at row {tile.y}, column {tile.x}")
                    run = not head.skip(valid, inside)  # every series of the tile masked
                if run:
                    arrays.append(encoded)
            items.append(_TileData(tile, valid, inside, native, run))
            # A full batch, or many skipped tiles waiting behind a part-filled one (sparse inputs:
            # masks, coasts, large nodata areas): hand them on so memory stays flat in area.
            if len(arrays) == plan.batch_size or len(items) >= 4 * plan.batch_size:
                yield _Batch(items, np.stack(arrays) if arrays else None, gaps)
                items, arrays, gaps = [], [], GapCounts()
    if items:
        yield _Batch(items, np.stack(arrays) if arrays else None, gaps)


def _prefetch(iterator_fn: Callable[[], Iterator], stop: threading.Event) -> Iterator:
    """Run a generator in a thread, a few items ahead of the consumer; re-raise its errors here."""
    q: queue.Queue = queue.Queue(maxsize=_QUEUE_DEPTH)
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def worker() -> None:
        try:
            for item in iterator_fn():
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer
            put(exc)
            return
        put(done)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=30)


def run_model(
    session: ModelSession, plan: Plan, feed: dict[str, np.ndarray], rows: int, stats: RunStats, outputs=None
) -> dict:
    """Run the model on one batch (only the `outputs` named, default all); pad to a fixed batch size."""
    fixed = session.fixed_batch
    t0 = time.perf_counter()
    try:
        if fixed and rows != fixed:
            outputs = _run_fixed(session, feed, rows, fixed, outputs)
        else:
            outputs = session.run_named(feed, outputs)
    except ModelError:
        raise
    except Exception as exc:
        raise ModelError(_shape_message(session, plan, feed, exc)) from None
    stats.inference_seconds += time.perf_counter() - t0
    return outputs


def _run_fixed(session: ModelSession, feed: dict[str, np.ndarray], rows: int, fixed: int, outputs=None) -> dict:
    """A model with a fixed batch size: run it on pieces of that size, the last one padded."""
    pieces: list[dict] = []
    for start in range(0, rows, fixed):
        part = {}
        for name, value in feed.items():
            piece = value[start : start + fixed]
            if piece.shape[0] < fixed:
                pad = np.zeros((fixed - piece.shape[0],) + piece.shape[1:], piece.dtype)
                piece = np.concatenate([piece, pad])
            part[name] = piece
        pieces.append(session.run_named(part, outputs))
    out = {}
    for name in pieces[0]:
        values = [p[name] for p in pieces]
        if isinstance(values[0], list):
            out[name] = [row for v in values for row in v][:rows]
        else:
            out[name] = np.concatenate(values)[:rows]
    return out


def _shape_message(session: ModelSession, plan: Plan, feed: dict, exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    shapes = ", ".join(f"{k} {list(v.shape)}" for k, v in feed.items())
    expected = ", ".join(f"{i.name} {list(i.shape)}" for i in session.inputs)
    return (
        f"The model failed on a batch of {shapes} (it declares {expected}, None = any size): {first}. Check that "
        "the input has the bands the model expects and try the tile size the model was trained with."
    )


def probe(plan: Plan, session: ModelSession) -> None:
    """Run the model once on a tile of zeros so the head sees real output shapes and names."""
    t = plan.grid.tile
    data = np.zeros((1, plan.encoding.features, t, t), np.float32)
    valid = np.ones((1, t, t), bool)
    valid[0, 0, 0] = False  # a void pixel, for models that take a void mask
    inside = np.ones((1, t, t), bool)
    if plan.kind.layout != "tiles":
        valid[:] = False
        valid[0, 0, :2] = True  # two rows are enough to see the outputs
    feed, rows = plan.kind.feed(data, valid, inside)
    outputs = run_model(session, plan, feed, rows, RunStats())
    maps = plan.kind.to_maps(outputs, valid, plan.labels, lenient=True)
    plan.kind.head.configure(maps, blended=plan.kind.stitching != "none")
    plan.kind.used_outputs = frozenset(plan.kind.head.used_outputs())


def stream_blocks(
    plan: Plan,
    session: ModelSession,
    rows: tuple[int, int],
    cols: tuple[int, int],
    halo: tuple[int, int] = (0, 0),
    is_cancelled: CancelFn | None = None,
    stats: RunStats | None = None,
) -> Iterator[tuple[int, int, list[np.ndarray]]]:
    """The work for tile rows [r0, r1) and columns [c0, c1): yields finished blocks.

    `halo` tile rows and columns before them are run too but not yielded: with them, every
    yielded block gets the same contributions as in a run over the whole grid. Yields
    (y, x, one array per output) for each block, row by row.
    """
    is_cancelled = is_cancelled or (lambda: False)
    stats = stats if stats is not None else RunStats()
    g = plan.grid
    r0, r1 = rows[0] - halo[0], rows[1]
    c0, c1 = cols[0] - halo[1], cols[1]
    tiles = [Tile(r * g.cols + c, r, c, r * g.stride, c * g.stride) for r in range(r0, r1) for c in range(c0, c1)]
    kind, head = plan.kind, plan.kind.head
    stitcher = _Stitcher(g, head.channels, c0, c1)
    stop = threading.Event()
    for batch in _prefetch(lambda: _read_batches(plan, tiles, is_cancelled), stop):
        if is_cancelled():
            raise CancelledError()
        stats.gaps.add(batch.gaps)
        channels = None
        run_tiles = [item for item in batch.tiles if item.run]
        if batch.array is not None:
            valid = np.stack([item.valid for item in run_tiles])
            inside = np.stack([item.inside for item in run_tiles])
            feed, n = kind.feed(batch.array, valid, inside)
            outputs = run_model(session, plan, feed, n, stats, kind.used_outputs)
            maps = kind.to_maps(outputs, valid, plan.labels)
            channels = head.to_channels(maps, batch.array, valid)
            stats.batches += 1
        j = 0
        for item in batch.tiles:
            pred = None
            if item.run:
                pred = channels[j]
                j += 1
            else:
                stats.tiles_skipped += 1
            stats.tiles += 1
            blended, weight = stitcher.add(item.tile, pred)
            if item.tile.row < rows[0] or item.tile.col < cols[0]:
                continue  # a halo tile: its block is another chunk's
            y, x, h, w = g.block(item.tile)
            inside = item.inside[:h, :w]
            if head.needs_native:  # copy-through: the input's own values wherever it has data
                valid = item.valid[:h, :w]
                native = item.native[:, :h, :w]
            else:
                valid = item.valid[:h, :w] & (weight[:h, :w] > 0) if item.run else np.zeros((h, w), bool)
                native = None
            with np.errstate(invalid="ignore", divide="ignore"):
                values = blended[:, :h, :w] / weight[:h, :w]
            valid, inside = _screen_block(plan, values, valid, inside, stats, y, x)
            written = head.written(valid, inside)
            stats.valid_pixels += int(written.sum())
            yield y, x, head.finalize(values, valid, native, inside)


def _screen_block(
    plan: Plan, values: np.ndarray, valid: np.ndarray, inside: np.ndarray, stats: RunStats, y: int, x: int
) -> tuple[np.ndarray, np.ndarray]:
    """Check the model's values where a block is written: NaN or infinity stops the run, or (with
    nonfinite="mask") drops those pixels; track the probability range. Returns (valid, inside)."""
    head = plan.kind.head
    written = head.written(valid, inside)
    check = written & ~valid if head.needs_native else written  # copy-through: only model values
    everywhere = bool(check.all())  # the common case: whole-block reductions, no fancy-index copies
    if not everywhere and not check.any():
        return valid, inside
    if not (everywhere and np.isfinite(values).all()):
        bad = check & ~np.isfinite(values).all(axis=0)
        if bad.any():
            if plan.nonfinite != "mask":
                raise ModelError(
                    f"The model produced NaN or infinite values for {int(bad.sum())} pixel(s) near row {y}, "
                    f"column {x}; nothing was written. Check the input scaling (band offset and scale) and "
                    "the model, or choose to mask such pixels as nodata (NONFINITE=mask)."
                )
            stats.nonfinite_pixels += int(bad.sum())
            valid, inside, check, everywhere = valid & ~bad, inside & ~bad, check & ~bad, False
    k = head.probability_channels
    if k and (everywhere or check.any()):
        probs = values[:k] if everywhere else values[:k, check]
        stats.probability_min = min(stats.probability_min, float(probs.min()))
        stats.probability_max = max(stats.probability_max, float(probs.max()))
    return valid, inside


def run_local(
    plan: Plan, session: ModelSession, writers: list, progress: ProgressFn, is_cancelled: CancelFn, stats: RunStats
) -> None:
    """The local executor: the whole grid through `stream_blocks`, a writer thread behind it."""
    g = plan.grid
    write_q: queue.Queue = queue.Queue(maxsize=_QUEUE_DEPTH * 4)
    errors: list[BaseException] = []
    specs = [w.spec for w in writers]

    def writer() -> None:
        while True:
            item = write_q.get()
            if item is None:
                return
            if errors:
                continue  # drain after a failure
            y, x, arrays = item
            try:
                plan.kind.head.observe(arrays, specs[0].nodata)
                for w, a in zip(writers, arrays):
                    w.write(a, y, x)
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    total = len(g)
    try:
        for y, x, arrays in stream_blocks(plan, session, (0, g.rows), (0, g.cols), (0, 0), is_cancelled, stats):
            if errors:
                raise errors[0]
            write_q.put((y, x, arrays))
            progress(stats.tiles / total)
        if is_cancelled():
            raise CancelledError()
    finally:
        write_q.put(None)
        thread.join()  # the writers are closed or removed only once nothing writes to them
    if errors:
        raise errors[0]


@dataclass
class ExecutorSpec:
    """Where the windows run: "local" (threads in this process) or "dask" (a LocalCluster of
    `workers` processes when `scheduler` is empty, else the cluster at that address)."""

    kind: str = "local"
    scheduler: str | None = None
    workers: int = 2
    chunk: int = 2048  # pixels per side of a Dask chunk (rounded to whole tiles)


EXECUTORS = ("local", "dask")


def execute(
    plan: Plan,
    session: ModelSession,
    specs: list[OutputSpec],
    executor: ExecutorSpec | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
    transaction: OutputTransaction | None = None,
) -> RunStats:
    """Run a probed plan with an executor into GeoTIFFs under temporary names; commit them all, or none.

    With a `transaction` the finished files join it uncommitted, so the caller can add further
    outputs (polygons, styles) and commit everything together, or abort everything.
    """
    executor = executor or ExecutorSpec()
    progress = progress or (lambda f: None)
    is_cancelled = is_cancelled or (lambda: False)
    log = log or (lambda m: None)
    if executor.kind not in EXECUTORS:
        raise InputError(f"Unknown executor '{executor.kind}'; choose one of {', '.join(EXECUTORS)}.")
    src = plan.source
    g = plan.grid
    stats = RunStats(
        tile=g.tile, overlap=g.overlap, batch_size=plan.batch_size, providers=session.providers, executor=executor.kind
    )
    start = time.perf_counter()
    writers: list[AtomicGeoTiff] = []
    ok = False
    try:
        for spec in specs:
            writers.append(AtomicGeoTiff(spec, src.width, src.height, src.transform, src.crs, plan.block))
        with capped_block_cache(plan.block_cache_bytes()):
            if executor.kind == "local":
                run_local(plan, session, writers, progress, is_cancelled, stats)
            else:
                from .executors import run_dask

                run_dask(plan, writers, executor, progress, is_cancelled, log, stats)
        if stats.valid_pixels == 0:
            prep = getattr(plan.encoding, "prep", None)  # a sequence model that masked every pixel's series
            if prep is not None and stats.gaps.masked:
                raise all_masked(prep, stats.gaps.masked, "pixel(s) with values")
            raise InputError(
                f"The input '{src.description}' has no valid pixels in the chosen area (all nodata or "
                "outside the mask polygons); nothing was written. Check its nodata value and the extent."
            )
        own = transaction is None
        tx = OutputTransaction() if own else transaction
        for w in writers:
            w.finish(tx)
        if own:
            tx.commit()
        stats.outputs = [w.spec.path for w in writers]
        ok = True
    finally:
        if not ok:
            for w in writers:
                w.abort()
    stats.total_seconds = time.perf_counter() - start
    return stats
