# SPDX-License-Identifier: GPL-2.0-or-later
"""Read and edit the header of an ONNX file without the `onnx` package.

An ONNX file is a protobuf `ModelProto`. Lithoscope only needs a few top-level fields
(IR version, opset imports, metadata_props), so a tiny wire-format reader keeps the plugin
free of a heavy dependency and lets it tell a corrupt or non-ONNX file apart from a model
that is merely too new for the installed onnxruntime.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import ModelError
from ..outputs.files import publish, temporary_path

# ModelProto field numbers (onnx/onnx.proto3)
_IR_VERSION = 1


_PRODUCER_NAME = 2


_OPSET_IMPORT = 8


_GRAPH = 7


_METADATA_PROPS = 14


_VARINT, _I64, _LEN, _I32 = 0, 1, 2, 5


@dataclass(frozen=True)
class OnnxHeader:
    """What Lithoscope reads from an ONNX file before handing it to onnxruntime."""

    ir_version: int
    opsets: dict[str, int]
    producer: str
    metadata: dict[str, str] = field(default_factory=dict)
    class_labels: tuple = ()  # of a scikit-learn classifier node (skl2onnx), else ()

    @property
    def default_opset(self) -> int | None:
        """Opset of the standard `ai.onnx` domain (stored as the empty domain)."""
        return self.opsets.get("", self.opsets.get("ai.onnx"))


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise ValueError("varint too long")


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _fields(buf: bytes):
    """Yield (field_number, wire_type, value, start, end) for each top-level field."""
    pos = 0
    n = len(buf)
    while pos < n:
        start = pos
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ValueError("field number 0")
        if wire == _VARINT:
            value, pos = _read_varint(buf, pos)
        elif wire == _I64:
            value, pos = buf[pos : pos + 8], pos + 8
        elif wire == _LEN:
            length, pos = _read_varint(buf, pos)
            value, pos = buf[pos : pos + length], pos + length
        elif wire == _I32:
            value, pos = buf[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        if pos > n:
            raise ValueError("truncated field")
        yield number, wire, value, start, pos


def _string_pair(buf: bytes) -> tuple[str, str]:
    key = value = ""
    for number, wire, val, _, _ in _fields(buf):
        if wire == _LEN and number == 1:
            key = bytes(val).decode("utf-8")
        elif wire == _LEN and number == 2:
            value = bytes(val).decode("utf-8")
    return key, value


# Nodes of ai.onnx.ml classifiers (and ZipMap) keep their class labels in these attributes.
_CLASSIFIER_OPS = {"LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier", "ZipMap"}


_LABEL_ATTRIBUTES = {"classlabels_int64s", "classlabels_strings", "classlabels_ints"}


def _packed_varints(buf: bytes) -> list[int]:
    out, pos = [], 0
    while pos < len(buf):
        value, pos = _read_varint(buf, pos)
        out.append(value - (1 << 64) if value >= 1 << 63 else value)
    return out


def _graph_class_labels(graph: bytes) -> tuple:
    """Class labels of a GraphProto's classifier, or () when it has none.

    A ZipMap node holds the labels the model outputs; without one, the last classifier node
    does (meta-estimators such as a voting classifier hold label-encoded inner classifiers first).
    GraphProto.node = 1; NodeProto.op_type = 4, attribute = 5; AttributeProto.name = 1,
    ints = 8 (packed or not), strings = 9.
    """
    found: list[tuple[str, tuple]] = []
    for number, wire, node, _, _ in _fields(graph):
        if number != 1 or wire != _LEN:
            continue
        op, attributes = "", []
        for n2, w2, v2, _, _ in _fields(node):
            if n2 == 4 and w2 == _LEN:
                op = bytes(v2).decode("utf-8", "replace")
            elif n2 == 5 and w2 == _LEN:
                attributes.append(v2)
        if op not in _CLASSIFIER_OPS:
            continue
        for attribute in attributes:
            name, ints, strings = "", [], []
            for n3, w3, v3, _, _ in _fields(attribute):
                if n3 == 1 and w3 == _LEN:
                    name = bytes(v3).decode("utf-8", "replace")
                    if name not in _LABEL_ATTRIBUTES:
                        break  # a forest's node arrays are large: skip every attribute but the labels
                elif n3 == 8 and w3 == _VARINT:
                    ints.append(v3 - (1 << 64) if v3 >= 1 << 63 else v3)
                elif n3 == 8 and w3 == _LEN:
                    ints.extend(_packed_varints(v3))
                elif n3 == 9 and w3 == _LEN:
                    strings.append(bytes(v3).decode("utf-8", "replace"))
            if name in _LABEL_ATTRIBUTES and (ints or strings):
                found.append((op, tuple(strings) if strings else tuple(ints)))
    for op, labels in found:
        if op == "ZipMap":
            return labels
    return found[-1][1] if found else ()


def _encode_len_field(number: int, payload: bytes) -> bytes:
    return _encode_varint((number << 3) | _LEN) + _encode_varint(len(payload)) + payload


def _encode_string_pair(key: str, value: str) -> bytes:
    return _encode_len_field(1, key.encode("utf-8")) + _encode_len_field(2, value.encode("utf-8"))


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise ModelError(f"Model file not found: {path}") from None
    except OSError as exc:
        raise ModelError(f"Cannot read the model file {path}: {exc.strerror or exc}") from None


def parse_header(data: bytes, source: str = "model") -> OnnxHeader:
    """Parse the top-level ModelProto fields Lithoscope needs; raise ModelError if not ONNX."""
    ir_version = 0
    opsets: dict[str, int] = {}
    producer = ""
    metadata: dict[str, str] = {}
    has_graph = False
    labels: tuple = ()
    try:
        for number, wire, value, _, _ in _fields(data):
            if number == _IR_VERSION and wire == _VARINT:
                ir_version = value
            elif number == _PRODUCER_NAME and wire == _LEN:
                producer = bytes(value).decode("utf-8", "replace")
            elif number == _GRAPH and wire == _LEN:
                has_graph = True
                labels = _graph_class_labels(value)
            elif number == _OPSET_IMPORT and wire == _LEN:
                domain, version = "", 0
                for n2, w2, v2, _, _ in _fields(value):
                    if n2 == 1 and w2 == _LEN:
                        domain = bytes(v2).decode("utf-8")
                    elif n2 == 2 and w2 == _VARINT:
                        version = v2
                opsets[domain] = version
            elif number == _METADATA_PROPS and wire == _LEN:
                key, val = _string_pair(value)
                metadata[key] = val
    except (ValueError, UnicodeDecodeError, IndexError):
        has_graph = False
    if not has_graph or ir_version <= 0:
        raise ModelError(
            f"{source} is not a valid ONNX model (the file is corrupt, truncated or of another format). "
            "Export the network to ONNX (e.g. torch.onnx.export or skl2onnx) and choose the .onnx file."
        )
    return OnnxHeader(ir_version=ir_version, opsets=opsets, producer=producer, metadata=metadata, class_labels=labels)


def read_header(path: str) -> OnnxHeader:
    """Read the ONNX header of the file at `path`."""
    return parse_header(_read_bytes(path), source=f"'{os.path.basename(path)}'")


def write_metadata_props(path: str, updates: dict[str, str | None], output_path: str | None = None) -> None:
    """Set (or remove, where the value is None) metadata_props entries of an ONNX file.

    Entries not named in `updates` are kept. The file is written atomically: a temporary
    file in the same folder is renamed over the target only once it is complete.
    """
    data = _read_bytes(path)
    parse_header(data, source=f"'{os.path.basename(path)}'")  # refuse to edit a non-ONNX file
    kept = bytearray()
    for number, wire, value, start, end in _fields(data):
        if number == _METADATA_PROPS and wire == _LEN and _string_pair(value)[0] in updates:
            continue
        kept += data[start:end]
    for key, value in updates.items():
        if value is not None:
            kept += _encode_len_field(_METADATA_PROPS, _encode_string_pair(key, value))
    target = output_path or path
    tmp = temporary_path(target, ".onnx")
    try:
        with open(tmp, "wb") as f:
            f.write(bytes(kept))
        publish(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
