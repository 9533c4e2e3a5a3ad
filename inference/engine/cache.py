# SPDX-License-Identifier: GPL-2.0-or-later
"""GDAL's block cache held at a cap for the length of a run, so that memory does not grow with the
raster while dirty output blocks wait in it; shared by concurrent runs in one QGIS.
"""

from __future__ import annotations

import contextlib
import threading

_cache_lock = threading.Lock()


_cache_caps: list[int] = []


_cache_saved = 0


def _gdal_cache_bytes() -> int:
    from rasterio.env import get_gdal_config

    value = int(get_gdal_config("GDAL_CACHEMAX") or 0)
    return value << 20 if 0 < value < 100_000 else value  # a GDAL_CACHEMAX given in megabytes


@contextlib.contextmanager
def capped_block_cache(cap: int):
    """Hold GDAL's process-wide block cache at the sum of the running jobs' caps.

    The limit is global, and several runs may overlap in one QGIS: the first run saves the
    user's setting, each run adds its cap, and the last one to finish restores the setting.
    The cache is only ever lowered, never raised above what the user had.
    """
    global _cache_saved
    from rasterio.env import set_gdal_config

    with _cache_lock:
        if not _cache_caps:
            _cache_saved = _gdal_cache_bytes()
        _cache_caps.append(cap)
        set_gdal_config("GDAL_CACHEMAX", min(_cache_saved, sum(_cache_caps)))
    try:
        yield
    finally:
        with _cache_lock:
            _cache_caps.remove(cap)
            set_gdal_config("GDAL_CACHEMAX", min(_cache_saved, sum(_cache_caps)) if _cache_caps else _cache_saved)
