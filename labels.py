# SPDX-License-Identifier: GPL-2.0-or-later
"""Readable, translated names of the core's codes, shared by the dialogs (ui/) and the algorithms (processing/)."""

from __future__ import annotations

from .i18n import tr


def terrain_factor_labels() -> dict[str, str]:
    """The label a geologist reads for each terrain factor code, in inference.sources.terrain.TERRAIN_FACTORS' order.

    A function, not a constant: tr() must run after QGIS has loaded the translation.
    """
    return {
        "slope": tr("Slope"),
        "aspect_sin": tr("Aspect (eastness, sine)"),
        "aspect_cos": tr("Aspect (northness, cosine)"),
        "plan_curvature": tr("Plan curvature"),
        "profile_curvature": tr("Profile curvature"),
        "roughness": tr("Roughness"),
        "tpi": tr("Topographic position index (TPI)"),
        "flow_accumulation": tr("Flow accumulation (upslope area)"),
        "twi": tr("Topographic wetness index (TWI)"),
        "relief_3": tr("Local relief, 3 cells"),
        "relief_10": tr("Local relief, 10 cells"),
        "relief_30": tr("Local relief, 30 cells"),
    }


def validation_labels() -> dict[str, str]:
    """The word a geologist reads for each cross-validation kind code (susceptibility.validation.VALIDATION_KINDS)."""
    return {"random": tr("random"), "spatial": tr("spatial"), "temporal": tr("temporal")}
