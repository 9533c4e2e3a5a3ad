# SPDX-License-Identifier: GPL-2.0-or-later
"""Sources: where the values of a run come from, window by window (base.Source). One raster
(raster), an aligned stack of rasters and vectors on one grid (stack, vectors), a table whose
windows are rows (table); and the readers of tables of series: dates, series, features (a layer's
fields), wells and LAS files (las).
"""
