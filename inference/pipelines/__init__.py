# SPDX-License-Identifier: GPL-2.0-or-later
"""Pipelines: the only functions processing/ and ui/ call, each returning a `result.RunResult`.
Classify a raster (classify.run_classify), sequences per pixel (sequence_raster), per feature
(features.run_sequence_vector), per depth (wells.run_well_logs), and rows such as mapping units
(units.run_rows). tables.py holds the table run they share.
"""
