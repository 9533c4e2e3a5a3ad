# SPDX-License-Identifier: GPL-2.0-or-later
"""The work for a range of windows, shared by every model kind, source and executor.

`probe` runs the model once so the head sees its real outputs and returns the configured kind a
`Plan` is built with. `stream_blocks(plan, session, rows, cols)` is the work itself: a reader thread
reads and encodes windows (with the halo the grid's overlap gives) and groups the ones with valid
pixels into batches; onnxruntime runs each batch; the layout and head turn outputs into channels;
the stitcher hands back each block as soon as it is final, after the NaN screen. Windows of a raster
are tiles of pixels; windows of a table (sources/table.py) are rows laid out on a grid: the same code
runs both. The local executor (local.py) and the Dask executor (dask.py) both call `stream_blocks`.
"""

from __future__ import annotations

import copy
import dataclasses
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np
from rasterio.errors import RasterioIOError

from ..errors import CancelledError, ModelError
from ..kinds.layouts import ModelKind
from ..kinds.sequences import GapCounts, gaps_refused
from ..model.session import ModelSession, run_failures
from ..progress import CancelFn
from ..sources.raster import unreadable
from .plan import QUEUE_DEPTH, Plan, RunStats
from .stitching import Stitcher
from .tiling import Tile


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
            try:
                data, valid, inside = plan.source.read_tile(handle, tile.y, tile.x, t, plan.read_dtype)
            except RasterioIOError as exc:  # a block of the file cannot be read: corrupt or truncated
                raise unreadable(plan.source.description, exc) from exc
            run = not head.skip(valid, inside)
            native = data.copy() if keep_native else None
            if run:
                extent = (min(t, plan.grid.height - tile.y), min(t, plan.grid.width - tile.x))
                before = valid.copy() if plan.encoding.series else None
                encoded, counts = plan.encoding.encode_tile(data, valid, extent)
                if counts is not None:
                    lost = before & ~valid  # series left out for their gaps
                    counts.note_lost(tile.y, tile.x, lost)
                    gaps.add(counts)
                    if counts.with_gaps and plan.encoding.prep.gaps == "refuse":
                        raise gaps_refused(counts.with_gaps, plan.source.where(tile.y, tile.x, lost))
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
    q: queue.Queue = queue.Queue(maxsize=QUEUE_DEPTH)
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


def run_model(session: ModelSession, feed: dict[str, np.ndarray], rows: int, stats: RunStats, outputs=None) -> dict:
    """Run the model on one batch (only the `outputs` named, default all); pad to a fixed batch size.

    What onnxruntime refuses (shapes, types, a failing operator) becomes a ModelError naming the batch
    and what the model declares, with the cause kept; anything else (MemoryError, a bug) goes up as it is.
    """
    fixed = session.fixed_batch
    t0 = time.perf_counter()
    try:
        if fixed and rows != fixed:
            outputs = _run_fixed(session, feed, rows, fixed, outputs)
        else:
            outputs = session.run_named(feed, outputs)
    except run_failures() as exc:
        raise ModelError(_shape_message(session, feed, exc)) from exc
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


def _shape_message(session: ModelSession, feed: dict, exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    shapes = ", ".join(f"{k} {list(v.shape)}" for k, v in feed.items())
    expected = ", ".join(f"{i.name} {list(i.shape)}" for i in session.inputs)
    return (
        f"The model failed on a batch of {shapes} (it declares {expected}, None = any size): {first}. Check that "
        "the input has the bands the model expects and try the tile size the model was trained with."
    )


def probe(session: ModelSession, kind: ModelKind, features: int, tile: int, labels: tuple = ()) -> ModelKind:
    """Run the model once on a tile of zeros; return a copy of `kind` whose head has seen the real outputs.

    The head fixes its channels and output names here, once; the Plan is built with the result.
    """
    return configured(kind, probe_outputs(session, kind, features, tile, labels))


def probe_outputs(session: ModelSession, kind: ModelKind, features: int, tile: int, labels: tuple = ()) -> dict:
    """The model's outputs on a tile of zeros, as per-pixel maps (the input of `configured`)."""
    data = np.zeros((1, features, tile, tile), np.float32)
    valid = np.ones((1, tile, tile), bool)
    valid[0, 0, 0] = False  # a void pixel, for models that take a void mask
    inside = np.ones((1, tile, tile), bool)
    if kind.layout != "tiles":
        valid[:] = False
        valid[0, 0, :2] = True  # two rows are enough to see the outputs
    feed, rows = kind.feed(data, valid, inside)
    outputs = run_model(session, feed, rows, RunStats())
    return kind.to_maps(outputs, valid, labels, lenient=True)


def configured(kind: ModelKind, maps: dict) -> ModelKind:
    """A copy of `kind` whose head has seen the model's outputs (`probe_outputs`); the head refuses what it cannot
    read, or metadata the outputs contradict (class names, say)."""
    head = copy.copy(kind.head)
    head.configure(maps, blended=kind.stitching != "none")
    return dataclasses.replace(kind, head=head, used_outputs=frozenset(head.used_outputs()))


def stream_blocks(
    plan: Plan,
    session: ModelSession,
    rows: tuple[int, int],
    cols: tuple[int, int],
    halo: tuple[int, int] = (0, 0),
    is_cancelled: CancelFn | None = None,
    stats: RunStats | None = None,
) -> Iterator[tuple[int, int, list[np.ndarray], np.ndarray]]:
    """The work for tile rows [r0, r1) and columns [c0, c1): yields finished blocks.

    `halo` tile rows and columns before them are run too but not yielded: with them, every
    yielded block gets the same contributions as in a run over the whole grid. Yields
    (y, x, one array per output, the pixels written) for each block, row by row.
    """
    is_cancelled = is_cancelled or (lambda: False)
    stats = stats if stats is not None else RunStats()
    g = plan.grid
    r0, r1 = rows[0] - halo[0], rows[1]
    c0, c1 = cols[0] - halo[1], cols[1]
    tiles = [Tile(r * g.cols + c, r, c, r * g.stride, c * g.stride) for r in range(r0, r1) for c in range(c0, c1)]
    kind, head = plan.kind, plan.kind.head
    stitcher = Stitcher(g, head.channels, c0, c1)
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
            outputs = run_model(session, feed, n, stats, kind.used_outputs)
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
            yield y, x, head.finalize(values, valid, native, inside), written


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
                source = plan.source
                option = (
                    f"; or, to write nodata there and go on, {source.nonfinite_option}"
                    if source.nonfinite_option
                    else ""
                )
                raise ModelError(
                    f"The model produced NaN or infinite values for {int(bad.sum())} {source.unit} "
                    f"{source.where(y, x, bad)}; nothing was written. Check the input scaling (band offset and "
                    f"scale) against the model's card, and the model{option}."
                )
            stats.nonfinite_pixels += int(bad.sum())
            valid, inside, check, everywhere = valid & ~bad, inside & ~bad, check & ~bad, False
    k = head.probability_channels
    if k and (everywhere or check.any()):
        probs = values[:k] if everywhere else values[:k, check]
        stats.probability_min = min(stats.probability_min, float(probs.min()))
        stats.probability_max = max(stats.probability_max, float(probs.max()))
    return valid, inside
