# SPDX-License-Identifier: GPL-2.0-or-later
"""`execute`: run a probed plan with an executor into its writers, and commit them all, or none."""

from __future__ import annotations

import time
from typing import Callable

from ..errors import InputError, ModelError
from ..kinds.sequences import all_masked
from ..model.session import ModelSession, narrowed
from ..outputs.files import OutputTransaction
from ..outputs.geotiff import Writer
from ..progress import CancelFn, LogFn, ProgressFn
from .cache import capped_block_cache
from .local import run_local
from .plan import EXECUTORS, ExecutorSpec, Plan, RunStats


def execute(
    plan: Plan,
    session: ModelSession,
    writers: list[Writer],
    executor: ExecutorSpec | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
    transaction: OutputTransaction | None = None,
    empty: Callable[[RunStats], Exception] | None = None,
) -> RunStats:
    """Run a probed plan with an executor into the writers (one per output of the head); commit them all, or none.

    The writers are GeoTIFFs under temporary names (rasters) or rows in memory (tables); they are
    aborted on any failure. With a `transaction` the finished files join it uncommitted, so the
    caller can add further outputs (polygons, styles) and commit everything together, or abort
    everything. A run that writes nothing raises `empty(stats)` (default: the raster's message).
    """
    executor = executor or ExecutorSpec()
    progress = progress or (lambda f: None)
    is_cancelled = is_cancelled or (lambda: False)
    log = log or (lambda m: None)
    ok = False
    try:
        if executor.kind not in EXECUTORS:
            raise InputError(f"Unknown executor '{executor.kind}'; choose one of {', '.join(EXECUTORS)}.")
        g = plan.grid
        stats = RunStats(
            tile=g.tile,
            overlap=g.overlap,
            batch_size=plan.batch_size,
            providers=session.providers,
            executor=executor.kind,
        )
        start = time.perf_counter()
        session = narrowed(session, plan.model_path, plan.kind.used_outputs, plan.device, plan.threads)
        with capped_block_cache(plan.block_cache_bytes()):
            if executor.kind == "local":
                run_local(plan, session, writers, progress, is_cancelled, stats)
            else:
                from .dask import run_dask

                run_dask(plan, writers, executor, progress, is_cancelled, log, stats)
        if stats.valid_pixels == 0:
            raise (empty or _nothing_written(plan))(stats)
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


def _nothing_written(plan: Plan) -> Callable[[RunStats], Exception]:
    """The error of a raster run that wrote no pixel: every series masked, or no valid input in the area."""

    def error(stats: RunStats) -> Exception:
        prep = getattr(plan.encoding, "prep", None)  # a sequence model that masked every pixel's series
        if prep is not None and stats.gaps.masked:
            return all_masked(prep, stats.gaps.masked, "pixel(s) with values")
        if stats.nonfinite_pixels:  # every value the model gave was NaN or infinity, masked as asked
            return ModelError(
                f"The model gave NaN or infinity for every one of the {stats.nonfinite_pixels} pixel(s) it was fed, "
                "so nothing was written. Check the input scaling (band offset and scale) against the model's card, "
                "and the model."
            )
        return InputError(
            f"The input '{plan.source.description}' has no valid pixels in the chosen area (all nodata or "
            "outside the mask polygons); nothing was written. Check its nodata value and the extent."
        )

    return error
