# SPDX-License-Identifier: GPL-2.0-or-later
"""The model: the ONNX file's header and metadata (onnx_file), the contract in it (contract), the
onnxruntime session (session) and the shipped models found by name (registry).
"""
