# SPDX-License-Identifier: GPL-2.0-or-later
"""Lithoscope's pure inference core: no QGIS imports, usable from any Python script.

Its folders follow the flow of a run: `sources/` (where values come from: a raster, a stack, a
table) -> `kinds/` (a model kind: the task table, layouts, encodings and heads) -> `engine/` (plan,
windows, stitching, executors) -> `outputs/` (GeoTIFFs, tables, styles, plots, one commit) under
`model/` (the ONNX file, its contract, the session, shipped models). `pipelines/` holds the only
functions `processing/` and `ui/` call; `errors`, `progress` and `system` are shared by all.
The layers are import-linter contracts (pyproject.toml), checked by `make test`.
"""
