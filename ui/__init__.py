# SPDX-License-Identifier: GPL-2.0-or-later
"""Dialogs and widgets: the only place that touches iface."""
