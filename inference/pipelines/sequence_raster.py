# SPDX-License-Identifier: GPL-2.0-or-later
"""[from sequences.py] Sequence pre-processing declared in the model contract, and the dates of a series.

A sequence model takes (N, T, F): T steps of F features. The contract says how a series of
raw steps becomes that feed (`SequencePrep`), in this order:

1. step: every k-th step, counted back from the last one (the latest step is always used);
2. gaps: nodata steps (NaN) are refused, or the series is masked, or they are interpolated
   linearly between the nearest valid steps (held constant before the first and after the
   last valid step), when at least `min_valid` of the steps are valid;
3. difference: first differences along time (one step fewer);
4. scaling: none, per_series (each feature of each series z-scored over its steps), or
   per_feature ((x - band_offset) / band_scale, one value per feature or one for all).

The same `SequencePrep` serves the per-pixel raster path (kinds.SequenceEncoding, band
t * F + f of a stack is feature f at step t) and the table path (tables.py).
"""

from __future__ import annotations

import os

from ..errors import InputError
from ..kinds.sequences import model_features
from ..sources.dates import band_labels, iso_date, stack_dates
from ..sources.raster import fill_value_warnings


def run_sequence_raster(
    params,
    dates_text: str | None = None,
    date_format: str | None = None,
    progress=None,
    is_cancelled=None,
    log=None,
    plots: bool = True,
):
    """Per pixel: a time stack (ClassifyParams: the input and further single-date rasters) through a sequence model.

    The dates of the bands (given, else band descriptions or file names) are checked, logged and
    stored in the outputs' metadata (DATES); models that take no series are refused. With `plots`,
    `<output stem>_series.png` (class profiles, or sample pixels with their values) is committed
    with the outputs (result.plots).
    """
    from ..sources.raster import open_raster
    from .classify import run_classify

    log = log or (lambda message: None)
    paths = [params.input_path] + [layer.path for layer in params.layers or ()]
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        open_raster(path).close()  # a missing or unreadable raster is named as such
        real = os.path.normcase(os.path.realpath(path))
        if real in seen:
            raise InputError(
                f"The raster {os.path.basename(path)} is given more than once (rasters {seen[real] + 1} and {i + 1} "
                "of the stack); give each date's raster once, in date order."
            )
        seen[real] = i
    labels = band_labels(paths)
    dates = stack_dates(labels, dates_text, date_format, lambda: model_features(params.model, len(labels)), log=log)
    for warning in fill_value_warnings(paths):
        log(f"Warning: {warning}")
    import dataclasses

    from ..outputs.plots import plots_available, raster_series_png

    run = {"layout": "sequences"}  # on a copy: the caller's params are left as they were
    if dates:
        iso = [iso_date(d) for d in dates]
        log(f"Dates of the stack: {iso[0]} to {iso[-1]} ({len(iso)})")
        run["tags"] = {**params.tags, "DATES": ",".join(iso)}
    else:
        log("The bands carry no dates (in their descriptions or file names); they are taken in their order.")
    if plots and plots_available(log):

        def series_plot(transaction, source, head, contract, encoding) -> list[str]:
            return raster_series_png(
                transaction, params.output_path, source, head, contract, encoding.prep, dates, log=log
            )

        run["before_commit"] = series_plot
    return run_classify(dataclasses.replace(params, **run), progress, is_cancelled, log)
