# SPDX-License-Identifier: GPL-2.0-or-later
"""Landslide susceptibility: factors, inventory samples, models, validation, classes and the report."""
