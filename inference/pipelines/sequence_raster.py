# SPDX-License-Identifier: GPL-2.0-or-later
"""Per pixel: a time stack (one raster of dated bands, or single-date rasters) through a sequence
model. The dates are read and checked here; the run is the raster pipeline (classify.py) with the
sequences layout, and the series plot is committed with its outputs.
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
