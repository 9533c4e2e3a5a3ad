# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing provider and algorithms: the headless entry points (qgis_process, model designer, batch)."""
