# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS styles (.qml) written next to outputs, so QGIS shows them styled however they are opened.

QGIS loads `<name>.qml` beside a raster as the layer's default style: a result opened from
the dialog, from `qgis_process`, from the Processing history or by drag and drop looks the
same. Plain XML text, so the core needs no QGIS import. DEFAULT_COLORS: the class colours of a
model that names none.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import quoteattr

from .files import publish, temporary_path

# A categorical palette for class maps whose model gives no colours (ColorBrewer Set3/Paired-like).
DEFAULT_COLORS = (
    "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a",
    "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#bebada", "#80b1d3", "#fccde5",
)  # fmt: skip


_HEADER = (
    "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    '<qgis version="3.22.0" styleCategories="AllStyleCategories">\n  <pipe>\n'
)


_FOOTER = (
    '    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>\n'
    '    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" '
    'colorizeBlue="128" colorizeStrength="100"/>\n'
    '    <rasterresampler maxOversampling="2"/>\n'
    "  </pipe>\n  <blendMode>0</blendMode>\n</qgis>\n"
)


# Colour ramp for probabilities and values: light yellow -> orange -> dark red (YlOrRd).
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


def paletted_qml(names: list[str], colors: list[str], band: int = 1, values: list[int] | None = None) -> str:
    """A paletted (unique values) renderer: one entry per class value (default 0, 1, ...) with its name and colour."""
    values = list(range(len(names))) if values is None else list(values)
    entries = "".join(
        f'        <paletteEntry value="{v}" color={quoteattr(color)} alpha="255" label={quoteattr(name)}/>\n'
        for v, name, color in zip(values, names, colors)
    )
    return (
        _HEADER
        + f'    <rasterrenderer type="paletted" band="{band}" opacity="1" alphaBand="-1" nodataColor="">\n'
        + "      <rasterTransparency/>\n      <colorPalette>\n"
        + entries
        + "      </colorPalette>\n    </rasterrenderer>\n"
        + _FOOTER
    )


def pseudocolor_qml(minimum: float, maximum: float, band: int = 1, label: str = "") -> str:
    """A single-band pseudocolour renderer with a continuous ramp from minimum to maximum."""
    if not maximum > minimum:
        maximum = minimum + 1.0
    n = len(RAMP)
    items = "".join(
        f'            <item value="{minimum + (maximum - minimum) * i / (n - 1):.6g}" color="{c}" alpha="255" '
        f'label="{minimum + (maximum - minimum) * i / (n - 1):.3g}"/>\n'
        for i, c in enumerate(RAMP)
    )
    return (
        _HEADER + f'    <rasterrenderer type="singlebandpseudocolor" band="{band}" opacity="1" alphaBand="-1" '
        f'classificationMin="{minimum:.6g}" classificationMax="{maximum:.6g}" nodataColor="">\n'
        + "      <rasterTransparency/>\n"
        + "      <rastershader>\n"
        + f'        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" '
        f'minimumValue="{minimum:.6g}" maximumValue="{maximum:.6g}" labelPrecision="3">\n'
        + items
        + "        </colorrampshader>\n      </rastershader>\n    </rasterrenderer>\n"
        + _FOOTER
    )


def _rgba(color: str) -> str:
    color = color.lstrip("#")
    return ",".join(str(int(color[i : i + 2], 16)) for i in (0, 2, 4)) + ",255"


def categorized_qml(
    field: str, values: list, names: list[str], colors: list[str], opacity: float = 0.8, fill: bool = True
) -> str:
    """A vector style: polygons filled by the value of `field`, one category (value, name, colour) each, thin grey
    outlines; features of another value are not drawn. Without `fill`, only outlines in the class colours, so that a
    raster under the polygons (their class map) shows through."""
    categories = "".join(
        f'      <category render="true" value={quoteattr(str(v))} symbol="{i}" label={quoteattr(name)}/>\n'
        for i, (v, name) in enumerate(zip(values, names))
    )
    symbols = "".join(
        f'      <symbol type="fill" name="{i}" alpha="1" clip_to_extent="1" force_rhr="0">\n'
        '        <layer class="SimpleFill" enabled="1" pass="0" locked="0">\n'
        f'          <prop k="color" v="{_rgba(color)}"/>\n'
        f'          <prop k="outline_color" v="{"90,90,90,255" if fill else _rgba(color)}"/>\n'
        f'          <prop k="outline_width" v="{0.15 if fill else 0.4}"/>\n'
        '          <prop k="outline_width_unit" v="MM"/>\n'
        f'          <prop k="style" v="{"solid" if fill else "no"}"/>\n'
        "        </layer>\n      </symbol>\n"
        for i, color in enumerate(colors)
    )
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        '<qgis version="3.22.0" styleCategories="Symbology">\n'
        f'  <renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} forceraster="0" symbollevels="0" '
        'enableorderby="0">\n'
        f"    <categories>\n{categories}    </categories>\n"
        f"    <symbols>\n{symbols}    </symbols>\n"
        "  </renderer-v2>\n"
        f"  <layerOpacity>{opacity:g}</layerOpacity>\n"
        "</qgis>\n"
    )


def write_qml(raster_path: str, qml: str, transaction=None) -> str:
    """Write `qml` as the default style of `raster_path` (same name, .qml extension).

    With a transaction (files.OutputTransaction) the style is committed with the run's other outputs.
    """
    return write_style(os.path.splitext(raster_path)[0] + ".qml", qml, transaction)


def polygons_style_path(polygons_path: str, raster_path: str | None = None) -> str:
    """Where the class polygons' style goes: `<name>.qml` beside them (QGIS loads it as their default style), or
    `<name>.polygons.qml` when the class map of the same name already has `<name>.qml`."""
    stem = os.path.splitext(polygons_path)[0]
    if raster_path and os.path.splitext(raster_path)[0] == stem:
        return stem + ".polygons.qml"
    return stem + ".qml"


def write_style(path: str, qml: str, transaction=None) -> str:
    """Write a style file at `path` itself (write_qml derives the path from an output's name)."""
    tmp = temporary_path(path, ".qml")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(qml)
    if transaction is not None:
        transaction.add(tmp, path)
        return path
    return publish(tmp, path)
