# SPDX-License-Identifier: GPL-2.0-or-later
"""The engine shared by every model kind and source: the plan of a run (plan), the tile grid
(tiling), the work for a range of windows (windows), stitching of overlapping tiles (stitching),
the executors (local threads, Dask) and `runner.execute`, which runs a plan into its writers.
"""
