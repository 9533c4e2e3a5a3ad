# SPDX-License-Identifier: GPL-2.0-or-later
"""Training deep models on the user's own layers (maps from labels, sequences, well logs): data, validation, export."""
