# SPDX-License-Identifier: GPL-2.0-or-later
"""The local executor: the whole grid through `windows.stream_blocks` in this process, a reader
thread ahead of the model and a writer thread behind it, so disk I/O overlaps onnxruntime (which
releases the GIL).
"""

from __future__ import annotations

import queue
import threading

from ..errors import CancelledError
from ..model.session import ModelSession
from ..progress import CancelFn, ProgressFn
from .plan import QUEUE_DEPTH, Plan, RunStats
from .windows import stream_blocks


def run_local(
    plan: Plan, session: ModelSession, writers: list, progress: ProgressFn, is_cancelled: CancelFn, stats: RunStats
) -> None:
    """The local executor: the whole grid through `stream_blocks`, a writer thread behind it."""
    g = plan.grid
    write_q: queue.Queue = queue.Queue(maxsize=QUEUE_DEPTH * 4)
    errors: list[BaseException] = []
    head, nodata = plan.kind.head, writers[0].spec.nodata

    def writer() -> None:
        while True:
            item = write_q.get()
            if item is None:
                return
            if errors:
                continue  # drain after a failure
            y, x, arrays, written = item
            try:
                stats.observe(head.observed(arrays), nodata)
                for w, a in zip(writers, arrays):
                    w.write(a, y, x, written)
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    total = len(g)
    try:
        for block in stream_blocks(plan, session, (0, g.rows), (0, g.cols), (0, 0), is_cancelled, stats):
            if errors:
                raise errors[0]
            write_q.put(block)
            progress(stats.tiles / total)
        if is_cancelled():
            raise CancelledError()
    finally:
        write_q.put(None)
        thread.join()  # the writers are closed or removed only once nothing writes to them
    if errors:
        raise errors[0]
