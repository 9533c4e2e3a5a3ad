# SPDX-License-Identifier: GPL-2.0-or-later
"""Lithoscope's pure inference core: no QGIS imports, usable from any Python script.

The core reads rasters window by window, runs ONNX models with onnxruntime and writes
results as tiled, compressed GeoTIFFs. QGIS adapters (processing/, ui/) only translate
layers and parameters into the plain arguments these modules take.
"""
