# SPDX-License-Identifier: GPL-2.0-or-later
"""Per row: a tabular model (N, F) over rows of values, such as the factors of landslide mapping units.

The rows become a `TableSource` (valid where every value is given) and run through the same engine
as a raster's pixels: the contract's scaling and one-hot encoding, the probe, batches, the NaN
screen and the model's head, which gives the fields of each row (a probability, classes with
their probabilities, values).
"""

from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

from ..engine.plan import Plan
from ..engine.runner import execute
from ..engine.tiling import TileGrid
from ..engine.windows import probe
from ..errors import InputError, ModelError
from ..kinds.encoding import resolve_encoding
from ..kinds.tasks import build_kind, check_count
from ..model.registry import resolve_model
from ..model.session import open_model
from ..outputs.rows import RowWriter
from ..progress import CancelFn, LogFn, ProgressFn, quiet
from ..sources.table import ArrayRows, TableSource
from .result import RunResult
from .tables import table_result

ROWS_PER_WINDOW = 32  # a window of 32 x 32 rows: 1,024 rows per model call


def run_rows(
    model: str,
    values: np.ndarray,
    ids: Sequence[Hashable] | None = None,
    what: str = "the rows",
    unit: str = "row(s)",
    device: str = "auto",
    threads: int = 0,
    nonfinite: str = "fail",
    log: LogFn | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    uncertainty: bool = False,
) -> RunResult:
    """Run a model that takes rows (N, F) over `values` (N, F); one tuple of the head's fields per id (row index).

    `uncertainty`: a probability model's 'uncertainty' output too (fields probability, uncertainty).

    A row with a missing value (NaN) is left out (None). NaN or infinity from the model stops the run,
    or (nonfinite="mask") leaves those rows out.
    """
    log = log or quiet
    path = resolve_model(model)
    session = open_model(path, device, threads)
    contract = session.contract
    values = np.asarray(values, np.float64)
    ids = list(range(len(values))) if ids is None else list(ids)
    if values.ndim != 2 or len(ids) != len(values):
        raise InputError(f"{what} must be one row of values per id; got {values.shape} for {len(ids)} id(s).")
    source = TableSource(ArrayRows(values), what, lambda i: str(ids[i]), unit=unit, series=False)
    source.width = ROWS_PER_WINDOW
    source.band_names = tuple(contract.band_names)
    check_count(contract.band_count, source.count, "band(s)", contract, what)
    kinds = contract.band_kinds if len(contract.band_kinds) == source.count else source.band_kinds
    encoding = resolve_encoding(None, None, contract, source, tuple(kinds), "rows", log)
    paths = {"output": what, "probabilities": what}  # rows, not files: the head's outputs by name
    if uncertainty:
        paths["uncertainty"] = what
    kind = build_kind(contract, session, paths, {}, what, encoding)
    if kind.layout != "rows":
        raise ModelError(f"The model {path} takes input of shape {list(session.inputs[0].shape)}, not rows (N, F).")
    labels = tuple(session.class_labels)
    kind = probe(session, kind, encoding.features, ROWS_PER_WINDOW, labels)
    plan = Plan(
        source=source,
        model_path=path,
        device=device,
        threads=threads,
        kind=kind,
        encoding=encoding,
        grid=TileGrid(source.height, source.width, ROWS_PER_WINDOW, 0),
        batch_size=session.fixed_batch or 1,
        labels=labels,
        nonfinite=nonfinite,
    )
    head = kind.head
    writers = [RowWriter(spec, source.rows, source.width) for spec in head.output_specs()]

    def empty(stats) -> Exception:
        return InputError(f"None of {what} has a value for every factor, so nothing could be predicted.")

    stats = execute(plan, session, writers, None, progress, is_cancelled, log, empty=empty)
    return table_result(kind, stats, contract, path, writers, ids)
