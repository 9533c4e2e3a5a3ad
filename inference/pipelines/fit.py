# SPDX-License-Identifier: GPL-2.0-or-later
"""Does a model fit a raster? The model manager's check before a run: band count, values against the range
of the training data (sources/checks.py's checks, on a sample) and the CRS units against a model trained in
metres."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LithoscopeError
from ..model.contract import read_contract
from ..model.registry import resolve_model
from ..sources.checks import band_range_warnings, training_range_warnings


@dataclass(frozen=True)
class FitCheck:
    """One check: what was checked, whether it passed, and what was seen."""

    what: str
    ok: bool
    message: str


def fit_checks(model: str, raster_path: str, band_count: int, crs_units: str) -> list[FitCheck]:
    """The checks of `model` (a shipped name or a path) against the raster at `raster_path`.

    `band_count` is the raster's bands and `crs_units` its CRS's units as QGIS names them ("meters", "degrees").
    """
    contract = read_contract(resolve_model(model))
    checks = []
    derived = contract.band_derived  # bands the run computes (a slope from the DEM) are not read
    expected = contract.band_count
    ranges = contract.band_ranges
    names = contract.band_names
    if derived and contract.band_names:
        keep = [i for i, name in enumerate(contract.band_names) if name not in derived]
        expected = len(keep)
        names = tuple(contract.band_names[i] for i in keep)
        ranges = tuple(contract.band_ranges[i] for i in keep) if len(ranges) == len(contract.band_names) else ()
    if contract.task == "sequence":
        checks.append(FitCheck("bands", True, f"a sequence model: the raster's {band_count} bands are its steps."))
    elif expected is None:
        checks.append(
            FitCheck("bands", True, f"the model does not say how many bands it takes; the raster has {band_count}.")
        )
    elif expected == band_count:
        checks.append(FitCheck("bands", True, f"the model takes {expected} band(s), as the raster has."))
    else:
        listed = f" ({', '.join(names)})" if names else ""
        checks.append(
            FitCheck(
                "bands",
                False,
                f"the model takes {expected} band(s){listed} but the raster has {band_count}: stack the bands it "
                "needs (Raster > Miscellaneous > Build Virtual Raster, one band per file), in its order.",
            )
        )
    same_bands = expected == band_count and contract.task != "sequence"
    if same_bands and ranges:
        try:
            warnings = training_range_warnings(raster_path, None, names, ranges)
            warnings += band_range_warnings(raster_path, None, names)
        except (LithoscopeError, OSError) as exc:
            warnings = [f"the raster could not be sampled: {exc}"]
        if warnings:
            checks += [FitCheck("values", False, w) for w in warnings]
        else:
            checks.append(FitCheck("values", True, "the raster's values lie within the range of the training data."))
    elif same_bands and names:
        try:
            warnings = band_range_warnings(raster_path, None, names)
        except (LithoscopeError, OSError) as exc:
            warnings = [f"the raster could not be sampled: {exc}"]
        checks += [FitCheck("values", False, w) for w in warnings]
        if not warnings:
            checks.append(
                FitCheck("values", True, "the model gives no training ranges; the values fit what its band names say.")
            )
    else:
        checks.append(FitCheck("values", True, "the model gives no training ranges to compare the values with."))
    units = (crs_units or "").lower()
    if contract.resolution_m and units.startswith("degree"):
        checks.append(
            FitCheck(
                "crs",
                False,
                f"the model was trained at {contract.resolution_m:g} m per pixel, but the layer's CRS is in degrees: "
                "reproject the raster to a projected CRS in metres (Raster > Projections > Warp).",
            )
        )
    elif contract.resolution_m:
        checks.append(
            FitCheck(
                "crs",
                True,
                f"the model was trained at {contract.resolution_m:g} m; the CRS is in {units or 'unknown units'}.",
            )
        )
    else:
        checks.append(
            FitCheck("crs", True, f"the model gives no resolution; the CRS is in {units or 'unknown units'}.")
        )
    return checks
