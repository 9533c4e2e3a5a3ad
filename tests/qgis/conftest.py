# SPDX-License-Identifier: GPL-2.0-or-later
"""Fixtures for the QGIS tests: the registered provider, a small CNN and a 3-band raster."""

from __future__ import annotations

import numpy as np
import pytest
from builders import make_cnn, smooth_field, write_raster
from qgis.core import QgsApplication

CLASS_NAMES = ["sandstone", "limestone", "clay", "basalt"]
_PROVIDERS: list = []
CLASS_COLORS = ["#e6c86e", "#8fb3d9", "#b07d4f", "#404040"]


@pytest.fixture(autouse=True)
def fresh_lithoscope_settings():
    """Every test starts with the default settings and no remembered model (QgsSettings outlive a test)."""
    from qgis.core import QgsSettings

    for group in ("lithoscope/settings", "lithoscope/last_model"):
        QgsSettings().remove(group)
    yield


@pytest.fixture
def provider(qgis_processing):
    """The 'lithoscope' provider, registered (again, if a test unloaded the plugin)."""
    from lithoscope.processing.provider import LithoscopeProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lithoscope") is None:
        # Python must keep the provider alive, or its algorithms vanish when QGIS reloads them.
        _PROVIDERS.append(LithoscopeProvider())
        assert registry.addProvider(_PROVIDERS[-1])
    return registry.providerById("lithoscope")


@pytest.fixture(scope="session")
def class_names() -> list[str]:
    """Class names stored in the `cnn_path` model."""
    return list(CLASS_NAMES)


@pytest.fixture(scope="session")
def cnn_path(tmp_path_factory) -> str:
    """A 3-band, 4-class ONNX CNN with class names and colours in its metadata."""
    path = tmp_path_factory.mktemp("models") / "rocks.onnx"
    return make_cnn(str(path), 3, 4, seed=3, metadata={"class_names": CLASS_NAMES, "class_colors": CLASS_COLORS})


@pytest.fixture(scope="session")
def rgb_path(tmp_path_factory) -> str:
    """A 3-band uint8 GeoTIFF (EPSG:32633, 10 m pixels, 120 x 160 px) of smooth random fields."""
    data = np.stack([((smooth_field((120, 160), seed=s) + 1) * 127.5).astype(np.uint8) for s in (1, 2, 3)])
    return write_raster(str(tmp_path_factory.mktemp("rasters") / "rgb.tif"), data)
