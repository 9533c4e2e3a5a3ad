# SPDX-License-Identifier: GPL-2.0-or-later
"""What a run writes, all or nothing: temporary files renamed into place together (files), locks
on the outputs (locks), GeoTIFFs (geotiff), rows of tables (rows), class polygons (polygons),
QGIS styles (styles), layers and CSV files of table runs (vector), figures and the PNGs beside
outputs (figures, plots).
"""
