# SPDX-License-Identifier: GPL-2.0-or-later
"""Series of a layer's features: numeric fields named by dates (a wide layer), the layer's ids for a
join, and the join of a table's ids to them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

import numpy as np

from ..errors import InputError, examples
from ..progress import LogFn
from .dates import check_date_format, day_number, parse_date, parse_dates
from .series import Series, key


def open_layer(path: str, layer: str | None):
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ogr.UseExceptions()
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise InputError(f"Cannot open the vector layer {path}: {exc}") from None
    if ds is None:
        raise InputError(f"Cannot open the vector layer {path}.")
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise InputError(f"The file {path} has no layer '{layer}'.")
    return ds, lyr


def field_names(lyr) -> list[str]:
    defn = lyr.GetLayerDefn()
    return [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]


def read_wide_layer(
    path: str, layer: str | None = None, fields: Sequence[str] | None = None, date_format: str | None = None
) -> tuple[Series, list[str], list[datetime]]:
    """Series per feature (keyed by feature id) from numeric fields whose names are dates.

    `fields` None: every numeric field whose name parses as a date. Dates must be in field
    order and given once. Returns the series, the fields used and their dates.
    """
    from osgeo import ogr

    date_format = check_date_format(date_format)
    ds, lyr = open_layer(path, layer)
    defn = lyr.GetLayerDefn()
    names = field_names(lyr)
    numeric = {
        names[i]
        for i in range(len(names))
        if defn.GetFieldDefn(i).GetType() in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
    }
    if fields:
        missing = [f for f in fields if f not in names]
        if missing:
            raise InputError(f"The layer has no field(s) {examples(missing)}; its fields: {', '.join(names)}.")
        chosen = list(fields)
    else:
        chosen = [n for n in names if n in numeric and parse_date(n, date_format)]
        if not chosen and date_format:
            raise InputError(
                f"No numeric field of the layer is named by a date in the format {date_format} (its numeric fields: "
                f"{examples([n for n in names if n in numeric]) or 'none'}); the whole name must follow the format. "
                "Fix the format, or "
                "leave it empty to find common formats (2020-01-31, 20200131) in the names."
            )
        if not chosen:
            raise InputError(
                "No numeric field of the layer is named by a date (such as 2020-01-31 or 20200131); choose the "
                "date fields, or set the date format their names follow."
            )
    dates = parse_dates(chosen, date_format, "field")
    text = [f for f in chosen if f not in numeric]
    if text:
        raise InputError(f"The date field(s) {examples(text)} are not numeric; the series must be numbers.")
    index = [names.index(f) for f in chosen]
    series: Series = {}
    times = np.array([day_number(d) for d in dates])
    for feature in lyr:
        row = [feature.GetFieldAsDouble(i) if feature.IsFieldSetAndNotNull(i) else np.nan for i in index]
        series[feature.GetFID()] = (times, np.asarray(row, np.float64)[:, None])
    del lyr, ds  # the layer first: it belongs to the dataset
    return series, chosen, dates


def layer_keys(path: str, layer: str | None, id_field: str) -> list[str | None]:
    """The ids of a layer's features (as `key` gives them), in feature order."""
    ds, lyr = open_layer(path, layer)
    names = field_names(lyr)
    if id_field not in names:
        raise InputError(f"The layer has no field '{id_field}'; its fields: {', '.join(names)}.")
    out = [key(f.GetField(id_field)) for f in lyr]
    del lyr, ds
    return out


def check_join(
    table_ids: Sequence[str], layer_ids: Sequence[str | None], what: str, log: LogFn, strict: bool = True
) -> None:
    """Refuse table ids the layer does not have (count and examples); log layer features without a series.

    Not `strict` (well summaries), only a table none of whose ids the layer has is refused; the
    others are logged.
    """
    have = {k for k in layer_ids if k is not None}
    missing = [k for k in table_ids if k not in have]
    if missing and not strict and len(missing) < len(table_ids):
        log(f"Warning: {len(missing)} id(s) of {what} are not in the layer ({examples(missing)}); they get no summary.")
    elif missing:
        raise InputError(
            f"{len(missing)} of the {len(table_ids)} id(s) of {what} are not in the layer: {examples(missing)} "
            f"(the layer has e.g. {examples(sorted(have)[:3]) or 'no ids'}). Check the id fields of both; nothing "
            "was written."
        )
    given = set(table_ids)  # once, not per feature
    without = sum(1 for k in layer_ids if k not in given)
    if without:
        log(f"Warning: {without} feature(s) of the layer have no rows in {what}; their new fields are empty.")
