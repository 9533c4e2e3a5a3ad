# SPDX-License-Identifier: GPL-2.0-or-later
"""Tiling geometry and stitching: every pixel covered once, blending reproduces what tiles agree on."""

import numpy as np
import pytest
from lithoscope.inference.engine.stitching import Stitcher
from lithoscope.inference.engine.tiling import EDGE_WEIGHT, TileGrid
from lithoscope.inference.errors import InputError


def stitch(grid: TileGrid, predict, skip=lambda tile: False, channels: int = 2):
    """Run the stitcher over a grid; return the blended image, the weight sum and block visit counts."""
    out = np.full((channels, grid.height, grid.width), np.nan, np.float32)
    weight = np.zeros((grid.height, grid.width), np.float32)
    visits = np.zeros((grid.height, grid.width), np.int32)
    st = Stitcher(grid, channels)
    for tile in grid:
        pred = None if skip(tile) else predict(tile)
        blended, wsum = st.add(tile, pred)
        y, x, h, w = grid.block(tile)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, y : y + h, x : x + w] = blended[:, :h, :w] / wsum[:h, :w]
        weight[y : y + h, x : x + w] = wsum[:h, :w]
        visits[y : y + h, x : x + w] += 1
    return out, weight, visits


def coordinate_predictor(grid: TileGrid):
    """Each tile 'predicts' the global row and column of its pixels: all tiles agree everywhere."""

    def predict(tile):
        yy, xx = np.mgrid[tile.y : tile.y + grid.tile, tile.x : tile.x + grid.tile].astype(np.float32)
        return np.stack([yy, xx])

    return predict


@pytest.mark.parametrize(
    "height,width,tile,overlap",
    [(100, 130, 32, 8), (64, 64, 64, 0), (257, 31, 64, 32), (10, 10, 64, 16), (300, 300, 96, 24)],
)
def test_every_pixel_is_covered_once_and_blending_is_exact(height, width, tile, overlap):
    grid = TileGrid(height, width, tile, overlap)
    out, weight, visits = stitch(grid, coordinate_predictor(grid))
    assert (visits == 1).all(), "each output pixel must belong to exactly one written block"
    assert (weight > 0).all(), "every pixel must receive a positive blending weight"
    yy, xx = np.mgrid[0:height, 0:width]
    np.testing.assert_allclose(out[0], yy, atol=1e-3)
    np.testing.assert_allclose(out[1], xx, atol=1e-3)


def test_overlapping_tiles_are_blended_with_more_weight_inside():
    grid = TileGrid(64, 64, 32, 16)  # stride 16
    # Tile (0,0) says 1, every other tile says 0: where tile (0,0) is deep inside, its value
    # dominates; near its far edges (low weight) the neighbours dominate.
    out, _, _ = stitch(grid, lambda t: np.full((1, 32, 32), 1.0 if t.index == 0 else 0.0, np.float32), channels=1)
    assert out[0, 0, 0] == pytest.approx(1.0)
    assert out[0, 12, 12] > 0.5
    assert out[0, 30, 30] < 0.01  # outer margin of tile (0,0): EDGE_WEIGHT only
    assert out[0, 40, 40] == 0.0  # not reached by tile (0,0)


def test_skipped_tiles_leave_their_pixels_unweighted():
    grid = TileGrid(96, 96, 32, 0)
    _, weight, visits = stitch(grid, lambda t: np.ones((2, 32, 32), np.float32), skip=lambda t: t.row == 1)
    assert (visits == 1).all()
    assert (weight[32:64] == 0).all() and (weight[:32] > 0).all() and (weight[64:] > 0).all()


def test_weights_ramp_from_edge_to_one():
    w = TileGrid(100, 100, 64, 16).weights
    assert w.shape == (64, 64)
    assert w[32, 32] == 1.0
    assert w[0, 32] == pytest.approx(EDGE_WEIGHT)
    assert np.all(np.diff(w[:16, 32]) >= 0)


@pytest.mark.parametrize("tile,overlap", [(64, 33), (64, -1), (4, 0)])
def test_bad_tiling_is_refused_with_a_message(tile, overlap):
    with pytest.raises(InputError, match="(?i)tile"):
        TileGrid(100, 100, tile, overlap)


def test_overlapping_runs_share_the_block_cache_cap_and_restore_it():
    from lithoscope.inference.engine.cache import _gdal_cache_bytes, capped_block_cache

    before = _gdal_cache_bytes()
    a, b = 64 << 20, 96 << 20
    assert before > a + b, "the test needs GDAL's default cache to exceed the caps"
    ca = capped_block_cache(a)
    cb = capped_block_cache(b)
    ca.__enter__()
    assert _gdal_cache_bytes() == a
    cb.__enter__()
    assert _gdal_cache_bytes() == a + b
    ca.__exit__(None, None, None)  # the first run ends while the second still runs
    assert _gdal_cache_bytes() == b
    cb.__exit__(None, None, None)
    assert _gdal_cache_bytes() == before
