# SPDX-License-Identifier: GPL-2.0-or-later
"""Dates of series: parsed from band descriptions, file or field names (or given), checked for
order and repeats, and times as day numbers and text.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timedelta
from typing import Callable, Sequence

from ..errors import InputError, examples

DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y_%m_%d", "%Y.%m.%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m")


# A date inside a longer name: 2020-01-31, 2020_01_31, 20200131, 31.01.2020.
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}[-_/.]\d{2}[-_/.]\d{2}|\d{8}|\d{2}\.\d{2}\.\d{4})(?!\d)")


def parse_date(text: object, date_format: str | None = None) -> datetime | None:
    """A date (or date and time) in a name: with `date_format` the whole name, else a default format.

    Without a format the name may carry text around the date ("ndvi_2020-01-31", "D20200131").
    """
    name = str(text).strip()
    if date_format:
        try:
            return datetime.strptime(name, date_format)
        except ValueError:
            return None
    found = _DATE_IN_NAME.search(name)
    for candidate in (name, found.group(1) if found else None):
        for fmt in DATE_FORMATS if candidate else ():
            try:
                return datetime.strptime(candidate, fmt)
            except ValueError:
                continue
    return None


def check_date_format(date_format: str | None) -> str | None:
    """The user's date format (stripped; None when empty); one strptime cannot use is refused."""
    fmt = (date_format or "").strip()
    if not fmt:
        return None
    try:  # a format must hold a directive (%Y, %m, ...) and read back what it writes
        ok = re.search(r"%[^%]", fmt.replace("%%", "")) is not None
        ok = ok and datetime.strptime(datetime(2001, 2, 3, 4, 5, 6).strftime(fmt), fmt) is not None
    except ValueError:
        ok = False
    if not ok:
        raise InputError(
            f"The date format '{fmt}' cannot be used: give one in strptime codes, such as %Y-%m-%d, %Y%m%d or "
            "%d/%m/%Y (%Y year, %m month, %d day, %H:%M:%S time), or leave it empty for the common formats."
        )
    return fmt


def parse_dates(names: Sequence[str], date_format: str | None = None, what: str = "field") -> list[datetime]:
    """The dates of `names` (fields, bands), checked: all dates, none twice, in date order."""
    dates = [parse_date(n, date_format) for n in names]
    wrong = [str(n) for n, d in zip(names, dates) if d is None]
    if wrong:
        tried = date_format or ", ".join(DATE_FORMATS)
        raise InputError(
            f"The {what}(s) {examples(wrong)} are not dates (formats tried: {tried}). Give dates such as "
            "2020-01-31, or set the date format (e.g. %d/%m/%Y)."
        )
    check_dates(dates, names, what)
    return dates


def check_dates(dates: Sequence, names: Sequence[str], what: str) -> None:
    """Refuse a date given twice or dates out of order, naming the two."""
    for i in range(1, len(dates)):  # in order up to i, so a date given twice is next to itself
        if dates[i] == dates[i - 1]:
            raise InputError(
                f"The {what}s '{names[i - 1]}' and '{names[i]}' are the same date ({iso_date(dates[i])}); each date "
                "may appear once."
            )
        if dates[i] < dates[i - 1]:
            raise InputError(
                f"The {what}s are not in date order: '{names[i]}' ({iso_date(dates[i])}) comes after '{names[i - 1]}' "
                f"({iso_date(dates[i - 1])}). Put them in date order."
            )


def iso_date(value) -> str:
    return value.date().isoformat() if isinstance(value, datetime) and value.time() == time() else str(value)


def band_labels(paths: Sequence[str]) -> list[str]:
    """A label per band of a stack of rasters: its description, else a single-band file's name."""
    import rasterio

    labels = []
    for path in paths:
        with rasterio.open(path) as ds:
            stem = os.path.splitext(os.path.basename(path))[0]
            for description in ds.descriptions:
                labels.append(description or (stem if ds.count == 1 else ""))
    return labels


def stack_dates(
    labels: Sequence[str],
    dates_text: str | None,
    date_format: str | None,
    features_per_step: Callable[[], int | None] | None = None,
    log: Callable[[str], None] | None = None,
) -> list[datetime] | None:
    """The dates of a stack's steps: `dates_text` (comma-separated) if given, else the labels when all are dates.

    None when no label is a date (the bands are then taken in their order); some dated and some not,
    or a date format no label follows, are refused. A stack whose every date comes F times in a row
    is F features per step, one date per step, when `features_per_step()` (asked only then: the
    model's F) is F; without it such runs are always taken as features. Given dates may also be one
    per step of F bands (bands ordered step by step, band t * F + f) when the model takes F features
    per step (asked only when the counts differ); that is logged.
    """
    date_format = check_date_format(date_format)
    if dates_text and dates_text.strip():
        given = [part.strip() for part in dates_text.replace(";", ",").split(",") if part.strip()]
        one_per_band = len(given) == len(labels)
        if one_per_band and features_per_step is not None:  # each date F times in a row: one per step of F
            given = _merge_feature_runs(given, [parse_date(g, date_format) for g in given], features_per_step)
        dates = parse_dates(given, date_format, "date")
        if one_per_band:
            return dates
        wanted = features_per_step() if features_per_step is not None else None
        if wanted and wanted > 1 and len(dates) * wanted == len(labels):
            if log is not None:
                log(f"{len(dates)} dates for {len(dates)} x {wanted} bands ({wanted} features per step)")
            return dates
        if wanted and wanted > 1 and len(labels) % wanted == 0:
            per_step = f"one per step of {wanted} bands ({len(labels) // wanted} dates: the model takes {wanted} "
            per_step += "features per step, bands ordered step by step)"
        else:
            per_step = "one per step of F bands when the model takes F features per step (bands ordered step by step)"
        raise InputError(
            f"{len(dates)} dates were given for {len(labels)} band(s); give one date per band ({len(labels)} dates) "
            f"or {per_step}."
        )
    dates = [parse_date(label, date_format) for label in labels]
    if not labels or not any(dates):
        if date_format and labels:
            raise InputError(
                f"No band name matches the date format {date_format}; examples: {examples(list(labels), 3)}. With "
                "a date format the whole name (band description or file name) must follow it: fix the format, or "
                "leave it empty to find common formats (2020-01-31, 20200131) inside the names."
            )
        return None
    if not all(dates):
        undated = [i for i, d in enumerate(dates) if d is None]
        named = [f"band {i + 1} ('{labels[i]}')" if labels[i] else f"band {i + 1} (no description)" for i in undated]
        more = f" and {len(named) - 5} more" if len(named) > 5 else ""
        raise InputError(
            f"{len(undated)} of the {len(labels)} bands {'has' if len(undated) == 1 else 'have'} no date in their "
            "description or file name, while the "
            f"others do: {', '.join(named[:5])}{more}. Give the dates of all bands (DATES), name those bands or "
            "files by their dates, or leave those bands out."
        )
    return parse_dates(_merge_feature_runs(list(labels), dates, features_per_step), date_format, "band")


def _merge_feature_runs(
    names: list[str], dates: list[datetime | None], features_per_step: Callable[[], int | None] | None
) -> list[str]:
    """`names` with each run of F equal dates kept once, when every date comes F times in a row and the model
    takes F features per step; a run of another length is refused. Else `names` as they are (checked later)."""
    # F features per step carry the same date: one date per step when every date comes F times in a row, and
    # only when the model takes F features per step (else the same date twice is a mistake, refused below).
    if not dates or not all(dates):
        return names
    runs = [i for i in range(len(dates)) if i == 0 or dates[i] != dates[i - 1]]
    size = len(dates) // len(runs)
    if size > 1 and all(dates[i : i + size] == [dates[i]] * size for i in runs) and len(runs) * size == len(dates):
        wanted = features_per_step() if features_per_step is not None else size
        if wanted != size:
            raise InputError(
                f"Each date of the stack comes {size} times in a row (e.g. {examples(list(names[:size]), 3)}), "
                f"but the model takes {wanted or 'an unknown number of'} feature(s) per step, so each date may "
                f"appear once{f' (or {wanted} times in a row, one band per feature)' if wanted and wanted > 1 else ''}"
                ". Remove the duplicate bands or rasters, or give each band its own date (DATES)."
            )
        return [names[i] for i in runs]
    return names


def day_number(value: datetime) -> float:
    """Days since 1970-01-01 (times of a table as numbers)."""
    return (value - datetime(1970, 1, 1)).total_seconds() / 86400.0


def time_text(value: float, dates: bool = True) -> str:
    """A time of a table as text: a day number as an ISO date (with the time of day if any), else the number."""
    if not dates:
        return f"{value:g}"
    moment = datetime(1970, 1, 1) + timedelta(days=float(value))
    return moment.date().isoformat() if moment.time() == datetime.min.time() else moment.isoformat()
