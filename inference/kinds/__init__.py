# SPDX-License-Identifier: GPL-2.0-or-later
"""Model kinds: what a model is run as. The task table (tasks) maps each contract task to its head,
layouts and stitching; layouts turn windows into the model's feed and outputs back into maps;
encodings scale and encode the input (sequences: the contract's series pre-processing); heads
own everything about the outputs (rasters, styles, table fields, classes).
"""
