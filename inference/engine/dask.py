# SPDX-License-Identifier: GPL-2.0-or-later
"""The Dask executor: the same window work as the local executor, mapped over chunks.

The tile grid is cut into chunks of whole tiles (about `ExecutorSpec.chunk` pixels a side).
`compute_chunk(plan, chunk)` is a plain function of plain values: a worker opens its own
onnxruntime session (once per process) and its own readers, runs `stream_blocks` over the
chunk's tiles plus one halo row and column of tiles (so overlapping CNN tiles blend exactly
as in a local run), and returns the chunk's finished arrays. The client writes them into the
same atomic GeoTIFFs as the local executor, keeps only a few chunks in flight (memory stays
flat in area) and cancels the rest on cancel or failure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CancelledError, LithoscopeError
from ..progress import CancelFn, LogFn, ProgressFn
from .plan import ExecutorSpec, Plan, RunStats, session_for
from .windows import stream_blocks


@dataclass(frozen=True)
class Chunk:
    """Tile rows [r0, r1) and columns [c0, c1) of the plan's grid."""

    r0: int
    r1: int
    c0: int
    c1: int


def chunks_of(plan: Plan, size: int) -> list[Chunk]:
    """Chunks of whole tiles covering the grid, about `size` pixels a side."""
    g = plan.grid
    k = max(1, int(size) // g.stride)
    return [
        Chunk(r, min(r + k, g.rows), c, min(c + k, g.cols)) for r in range(0, g.rows, k) for c in range(0, g.cols, k)
    ]


def compute_chunk(plan: Plan, chunk: Chunk) -> tuple[int, int, list[np.ndarray], np.ndarray | None, RunStats]:
    """Run the plan over one chunk; return its top-left pixel, one array per output, the pixels written, its stats."""
    g = plan.grid
    session = session_for(plan)
    stats = RunStats()
    y0, x0 = chunk.r0 * g.stride, chunk.c0 * g.stride
    h = min(chunk.r1 * g.stride, g.height) - y0
    w = min(chunk.c1 * g.stride, g.width) - x0
    halo = (1 if g.overlap and chunk.r0 else 0, 1 if g.overlap and chunk.c0 else 0)
    out: list[np.ndarray] | None = None
    mask = np.zeros((h, w), bool)
    blocks = stream_blocks(plan, session, (chunk.r0, chunk.r1), (chunk.c0, chunk.c1), halo, None, stats)
    for y, x, arrays, written in blocks:
        if out is None:
            out = [np.empty((a.shape[0], h, w), a.dtype) for a in arrays]
        for o, a in zip(out, arrays):
            o[:, y - y0 : y - y0 + a.shape[1], x - x0 : x - x0 + a.shape[2]] = a
        mask[y - y0 : y - y0 + written.shape[0], x - x0 : x - x0 + written.shape[1]] = written
    return y0, x0, out or [], mask if out else None, stats


def _import_distributed():
    try:
        import distributed
    except ImportError:
        from ..system import qgis_python

        raise LithoscopeError(
            "The Dask executor needs the Python package dask.distributed in the Python that QGIS uses. Install "
            f"it with: {qgis_python()} -m pip install --user 'distributed==2026.8.0', or run with the local executor."
        ) from None
    return distributed


def _worker_python() -> None:
    """Start local workers with the Python this process runs, whatever sys.executable and PATH say.

    Inside QGIS or qgis_process sys.executable is QGIS itself, or the first `python3` on PATH (a conda or
    pyenv Python), which cannot load QGIS's modules ("No module named '_csv'", "Nanny failed to start").
    """
    import multiprocessing

    from ..system import worker_python

    multiprocessing.set_executable(worker_python())


def _reachable(address: str) -> None:
    """Fail at once, with the fix, when nothing listens at a tcp:// scheduler address."""
    import socket
    from urllib.parse import urlparse

    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname or not parsed.port:
        raise LithoscopeError(
            f"The Dask scheduler address '{address}' is not of the form tcp://host:port (e.g. tcp://10.0.0.5:8786)."
        )
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=5):
            pass
    except OSError as exc:
        raise LithoscopeError(
            f"Cannot reach the Dask scheduler at {address}: {exc.strerror or exc}. Start the scheduler and its "
            "workers (see docs/cluster.md), check the address, or run with the local executor."
        ) from None


def open_client(executor: ExecutorSpec, log: LogFn):
    """A Dask client: of the cluster at `executor.scheduler`, or of a new LocalCluster (closed with it)."""
    distributed = _import_distributed()
    if executor.scheduler:
        _reachable(executor.scheduler)
        try:
            client = distributed.Client(executor.scheduler, timeout="20s")
        except Exception as exc:  # distributed raises OSError, TimeoutError, ValueError... per failure
            raise LithoscopeError(
                f"Cannot connect to the Dask scheduler at {executor.scheduler}: {exc}. Check the address and that "
                "the scheduler runs the same dask.distributed version (see docs/cluster.md), or run locally."
            ) from exc
        log(f"Dask: connected to {executor.scheduler} ({len(client.scheduler_info()['workers'])} worker(s))")
        return client, None
    _worker_python()
    cluster = distributed.LocalCluster(
        n_workers=max(1, int(executor.workers)),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )
    log(f"Dask: started a local cluster of {executor.workers} worker process(es)")
    return distributed.Client(cluster), cluster


_WORKER_HINT = (
    "Workers need Lithoscope (its plugin folder's parent on PYTHONPATH), onnxruntime, rasterio and geopandas "
    "installed, and must read the input and model files at the same paths (see docs/cluster.md)."
)


def run_dask(
    plan: Plan,
    writers: list,
    executor: ExecutorSpec,
    progress: ProgressFn,
    is_cancelled: CancelFn,
    log: LogFn,
    stats: RunStats,
) -> None:
    """Map `compute_chunk` over the grid on a Dask cluster; write each chunk as it arrives."""
    distributed = _import_distributed()
    client, cluster = open_client(executor, log)
    chunks = chunks_of(plan, executor.chunk)
    stats.chunks = len(chunks)
    nodata = writers[0].spec.nodata if writers else 0
    in_flight = max(2, 2 * len(client.scheduler_info()["workers"]))
    futures = []
    try:
        try:
            plan_future = client.scatter(plan, broadcast=True)
        except Exception as exc:
            raise LithoscopeError(f"The Dask workers could not take the job: {exc}. {_WORKER_HINT}") from exc
        pending = iter(chunks)
        for chunk in pending:
            futures.append(client.submit(compute_chunk, plan_future, chunk, pure=False))
            if len(futures) >= in_flight:
                break
        done = 0
        while futures:
            # Wait briefly and often, so that a cancel is seen within a fraction of a second.
            try:
                distributed.wait(futures, timeout=0.25, return_when="FIRST_COMPLETED")
            except TimeoutError:
                pass  # nothing finished yet
            if is_cancelled():
                raise CancelledError()
            for future in [f for f in futures if f.done()]:
                try:
                    y, x, arrays, written, chunk_stats = future.result()
                except LithoscopeError:
                    raise
                except Exception as exc:  # what a worker raised, or its death (KilledWorker): kept as the cause
                    raise LithoscopeError(f"A Dask worker failed: {type(exc).__name__}: {exc}. {_WORKER_HINT}") from exc
                futures.remove(future)
                stats.add(chunk_stats)
                if arrays:
                    stats.observe(plan.kind.head.observed(arrays), nodata)
                    for w, a in zip(writers, arrays):
                        w.write(a, y, x, written)
                done += 1
                progress(done / len(chunks))
                nxt = next(pending, None)
                if nxt is not None:
                    futures.append(client.submit(compute_chunk, plan_future, nxt, pure=False))
    finally:
        if futures:
            client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()
