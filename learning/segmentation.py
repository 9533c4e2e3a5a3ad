# SPDX-License-Identifier: GPL-2.0-or-later
"""Maps from labels: tiles of an aligned raster stack with class labels (polygons with a class field, or a label
raster), held out by spatial blocks, for the U-Net of the training worker.

Tiles are cut on a regular grid (no two tiles share a pixel, so a held-out block shares nothing with training)
where labels cover at least `min_labelled` of the tile, and are read window by window into a memory-mapped file:
memory does not grow with the raster.
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Sequence

import numpy as np

from ..inference.errors import CancelledError, InputError
from ..inference.progress import CancelFn, LogFn
from ..inference.text import label
from .common import TrainingData, band_statistics, class_index, job_folder, open_array, rare_classes

ENGINE_TILE = 256  # the tile the exported model runs on (fully convolutional: any multiple of 4 works)
ENGINE_OVERLAP = 32
BASELINE_PIXELS = 60_000
GDAL_CACHE_MB = 64


def open_aligned(rasters: Sequence[str]):
    import rasterio

    if not rasters:
        raise InputError("Give at least one raster to train on (imagery, a DEM, terrain derivatives…).")
    handles = []
    for path in rasters:
        try:
            handles.append(rasterio.open(path))
        except Exception as exc:  # noqa: BLE001 (rasterio raises several kinds for unreadable files)
            for h in handles:
                h.close()
            raise InputError(f"The raster {path} cannot be read ({exc}); give a GDAL-readable raster.") from exc
    first = handles[0]
    for h in handles[1:]:
        if h.crs != first.crs or h.shape != first.shape or not h.transform.almost_equals(first.transform):
            for g in handles:
                g.close()
            raise InputError(
                f"The rasters are not aligned: {os.path.basename(h.name)} has another grid than "
                f"{os.path.basename(first.name)} (CRS, size or pixel grid). Align them first (Raster > Align Rasters)."
            )
    return handles


def raster_band_names(handles) -> list[str]:
    names = []
    for h in handles:
        stem = os.path.splitext(os.path.basename(h.name))[0]
        for b in range(h.count):
            desc = (h.descriptions[b] or "").strip() if h.descriptions else ""
            names.append(desc or (stem if h.count == 1 else f"{stem}_{b + 1}"))
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def _categorical_bands(chosen: Sequence[str], names: list[str]) -> list[int]:
    out = []
    for item in chosen:
        text = str(item).strip()
        if text in names:
            out.append(names.index(text))
        elif text.isdigit() and 1 <= int(text) <= len(names):
            out.append(int(text) - 1)
        else:
            raise InputError(
                f"There is no band {text!r} to treat as categorical; the bands are: {', '.join(names)} (or give "
                f"numbers 1 to {len(names)})."
            )
    return sorted(set(out))


MAX_CATEGORIES = 64


def _categories_of(values: np.ndarray, name: str) -> tuple:
    """The class codes of a categorical band seen in the training tiles."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise InputError(f"The categorical band '{name}' has no valid value in the labelled tiles.")
    if not np.all(finite == np.round(finite)):
        raise InputError(
            f"The band '{name}' holds non-integer values, so it is not a grid of class codes; leave it out of the "
            "categorical bands (it is then scaled as a continuous band)."
        )
    codes = np.unique(finite)
    if codes.size > MAX_CATEGORIES:
        raise InputError(
            f"The categorical band '{name}' holds {codes.size} distinct codes (more than {MAX_CATEGORIES}); is it a "
            "continuous band? Leave it out of the categorical bands, or group its classes first."
        )
    return tuple(float(c) for c in codes)


def _write_encoded(folder, x, y, offset, scale, categories, is_cancelled) -> None:
    """Write x_encoded.npy, the model's features: the engine's own Encoding (scaling, one-hot, nodata filled)."""
    from ..inference.kinds.encoding import Encoding

    encoding = Encoding(np.asarray(offset), np.asarray(scale), 0.0, categories)
    n, _, t, _ = x.shape
    out = open_array(folder, "x_encoded", (n, encoding.features, t, t), np.float32)
    for i in range(n):
        if is_cancelled():
            raise CancelledError("Training cancelled; no model file was written.")
        raw = np.array(x[i], dtype=np.float32)
        valid = np.all(np.isfinite(raw), axis=0)
        out[i] = encoding.apply(np.nan_to_num(raw), valid)
    out.flush()
    del out  # x.npy (the native values) stays; the worker reads x_encoded.npy (job key x_file)


def derived_band_name(factor: str) -> str:
    return "slope_deg" if factor == "slope" else factor


def terrain_source(path: str, dem_name: str, factors: tuple[str, ...], crs):
    """The engine's own DerivedSource over the first band of `path`: the same terrain code the run uses."""
    from ..inference.sources import terrain as terrain_module
    from ..inference.sources.derived import DerivedSource
    from ..inference.sources.raster import open_source

    unknown = [f for f in factors if f not in terrain_module.TERRAIN_FACTORS]
    if unknown:
        raise InputError(
            f"Unknown terrain factor(s) {', '.join(unknown)}; choose among {', '.join(terrain_module.TERRAIN_FACTORS)}."
        )
    if crs is None or crs.is_geographic or not crs.is_projected or abs(float(crs.linear_units_factor[1]) - 1.0) > 1e-9:
        raise InputError(
            f"Terrain factors of {dem_name} need a DEM on a grid in metres; reproject it to a projected CRS in metres "
            "first (Raster > Projections > Warp), or train without terrain factors."
        )
    source = open_source(path, bands=[1])
    recipe = (("", 0),) + tuple((f, 0) for f in factors)
    res = (abs(float(source.transform.a)), abs(float(source.transform.e)))
    return DerivedSource(source, recipe, (dem_name, *factors), res, terrain_module.halo_for(factors))


def _read_vector(path: str, crs, what: str):
    import geopandas as gpd

    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 (pyogrio / fiona raise several kinds)
        raise InputError(f"The {what} {path} cannot be read ({exc}); give a vector layer GDAL can open.") from exc
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.empty:
        raise InputError(f"The {what} {path} has no geometries; give polygons.")
    if gdf.crs is not None and crs is not None and gdf.crs != crs:
        gdf = gdf.to_crs(crs)
    return gdf


def prepare_segmentation(
    rasters: Sequence[str],
    labels: str | None = None,
    class_field: str | None = None,
    label_raster: str | None = None,
    aoi: str | None = None,
    tile: int = 64,
    block_tiles: int = 4,
    max_tiles: int = 2000,
    min_labelled: float = 0.02,
    rare: str = "keep",
    min_pixels: int = 200,
    seed: int = 0,
    terrain: Sequence[str] = (),
    categorical: Sequence[str] = (),
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
    terrain_only: bool = False,
    probability_of: str | None = None,
) -> TrainingData:
    """The samples of a map-from-labels job (see the module). `terrain`: terrain factors (slope, roughness, …, as
    lithoscope:buildfactors computes them) of the first band of the first raster (a DEM), added as bands the model
    computes itself at run time (the contract's band_derived), so the model then runs on the DEM alone.
    `categorical`: names (or 1-based numbers) of bands holding class codes (a geology or land-cover grid): each becomes
    one 0/1 feature per code seen in training (the contract's band_categories), never scaled, exactly as the run's
    encoding does it (the samples are encoded by the engine's own Encoding).
    `terrain_only`: the DEM (first band) only feeds the terrain factors; the network (and the random forest it is
    compared with) never sees the elevation itself, so the model is not tied to the elevations of the training area.
    `probability_of`: with two classes, the label value of the one whose probability the model gives (a landslide
    susceptibility model: lithoscope_task susceptibility, one probability band), scored by AUC as well."""
    import rasterio

    if terrain_only and not terrain:
        raise InputError(
            "'Terrain factors only' needs terrain factors to compute from the DEM; choose some, or untick it."
        )

    if tile < 16 or tile % 4:
        raise InputError(f"The training tile size must be a multiple of 4 and at least 16 pixels, got {tile}.")
    if (labels is None) == (label_raster is None):
        raise InputError("Give the labels either as polygons with a class field or as a label raster (one of them).")
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB):  # GDAL's block cache would grow with the tiles read
        return _prepare(
            rasters, labels, class_field, label_raster, aoi, tile, block_tiles, max_tiles, min_labelled, rare,
            min_pixels, seed, terrain, categorical, log, is_cancelled, terrain_only, probability_of,
        )  # fmt: skip


def _positive_class(class_names: Sequence[str], probability_of: str) -> int:
    """The index of the landslide class of a susceptibility model (two classes, one of them `probability_of`)."""
    wanted = str(probability_of).strip()
    if len(class_names) != 2 or wanted not in class_names:
        raise InputError(
            f"A susceptibility model needs two classes, one of them {wanted!r}; the labels have "
            f"{len(class_names)}: {', '.join(class_names)}. Give labels of two classes (e.g. 1 landslide, "
            "0 stable ground) and the value of the landslide class."
        )
    return list(class_names).index(wanted)


def _prepare(
    rasters, labels, class_field, label_raster, aoi, tile, block_tiles, max_tiles, min_labelled, rare, min_pixels,
    seed, terrain, categorical, log, is_cancelled, terrain_only=False, probability_of=None,
) -> TrainingData:  # fmt: skip
    import rasterio
    from rasterio.features import geometry_mask, rasterize
    from rasterio.windows import Window, bounds

    handles = open_aligned(rasters)
    lab, folder = None, None
    try:
        ref = handles[0]
        height, width, crs, transform = ref.height, ref.width, ref.crs, ref.transform
        if height < tile or width < tile:
            raise InputError(
                f"The raster is {width} x {height} pixels, smaller than one training tile ({tile} px). Choose a "
                "smaller tile size or a larger raster."
            )
        names = raster_band_names(handles)
        derived = terrain_source(rasters[0], names[0], tuple(terrain), crs) if terrain else None
        given = list(names)
        names = names + [derived_band_name(f) for f in terrain]
        gdf, values, lookup = None, [], {}
        if labels is not None:
            gdf = _read_vector(labels, crs, "label layer")
            if not class_field or class_field not in gdf.columns:
                raise InputError(
                    f"The label layer has no field {class_field!r}; choose the class field among: "
                    f"{', '.join(c for c in gdf.columns if c != 'geometry')}."
                )
            gdf = gdf[gdf[class_field].notna()]
            values, lookup = class_index(list(gdf[class_field]), f"The class field {class_field!r}")
            left, bottom, right, top = rasterio.transform.array_bounds(height, width, transform)
            gdf = gdf.cx[min(left, right) : max(left, right), min(bottom, top) : max(bottom, top)]
            if gdf.empty:
                raise InputError(
                    "No label polygon overlaps the raster (after reprojecting the labels to the raster's CRS). "
                    "Check that the labels and the raster cover the same place."
                )
            codes = np.array([lookup[v] + 1 for v in gdf[class_field]], dtype=np.int32)
        else:
            lab = rasterio.open(label_raster)
            if lab.crs != crs or lab.shape != (height, width) or not lab.transform.almost_equals(transform):
                lab.close()
                raise InputError(
                    f"The label raster {label_raster} is not on the grid of the input rasters; align it first "
                    "(Raster > Align Rasters, nearest neighbour)."
                )
            nd, found = lab.nodata, set()
            for _, window in lab.block_windows(1):  # every value at full resolution: a thin unit is a class too
                block = lab.read(1, window=window)
                found.update(np.unique(block[block != nd] if nd is not None else block).tolist())
            values, lookup = class_index(sorted(found), "The label raster")
        if probability_of is not None:  # refused before any tile is read
            _positive_class([str(v) for v in values], probability_of)
        if terrain_only and _categorical_bands(categorical, names)[:1] == [0]:
            raise InputError(
                f"With 'Terrain factors only' the first band ({names[0]}) is the DEM the factors are computed of; it "
                "cannot be a categorical band too. Remove it from the categorical bands."
            )
        aoi_geom = None
        if aoi:
            aoi_gdf = _read_vector(aoi, crs, "area of interest")
            aoi_geom = aoi_gdf.geometry.union_all() if hasattr(aoi_gdf.geometry, "union_all") else aoi_gdf.unary_union
        extents = gdf.bounds.to_numpy() if gdf is not None else None  # (minx, miny, maxx, maxy) per polygon

        def labels_of(r: int, c: int) -> np.ndarray | None:
            """The class index of each pixel of the tile at (r, c), -1 unlabelled; None when no label is near."""
            win = Window(c, r, tile, tile)
            wt = rasterio.windows.transform(win, transform)
            if gdf is not None:
                x0, y0, x1, y1 = bounds(win, transform)
                e = extents
                hits = np.flatnonzero((e[:, 0] <= x1) & (e[:, 2] >= x0) & (e[:, 1] <= y1) & (e[:, 3] >= y0))
                if len(hits) == 0:
                    return None
                shapes = zip(gdf.geometry.iloc[hits], codes[hits])
                out = rasterize(shapes, out_shape=(tile, tile), transform=wt, fill=0, dtype="int32") - 1
            else:
                raw = lab.read(1, window=win)
                out = np.full(raw.shape, -1, np.int32)
                for v, i in lookup.items():
                    out[raw == v] = i
            if aoi_geom is not None:
                out[geometry_mask([aoi_geom], out_shape=(tile, tile), transform=wt)] = -1
            return out

        # pass 1: which grid tiles hold labels (their corners only: memory does not grow with the raster's area)
        chosen: list[tuple[int, int]] = []
        for r in range(0, height - tile + 1, tile):
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            for c in range(0, width - tile + 1, tile):
                found = labels_of(r, c)
                if found is not None and np.mean(found >= 0) >= min_labelled:
                    chosen.append((r, c))
        if not chosen:
            raise InputError(
                f"No {tile} x {tile} px tile has at least {min_labelled:.0%} of its pixels labelled"
                + (" inside the area of interest" if aoi_geom is not None else "")
                + ". The labelled area is smaller than one tile: label a larger area, or choose a smaller tile size."
            )
        rng = np.random.default_rng(seed)
        if len(chosen) > max_tiles:
            keep = np.sort(rng.choice(len(chosen), max_tiles, replace=False))
            log(f"{len(chosen)} labelled tiles found; {max_tiles} of them (chosen at random) are used.")
            chosen = [chosen[i] for i in keep]
        bands = len(names)
        folder = job_folder("segmentation")
        x = open_array(folder, "x", (len(chosen), bands, tile, tile), np.float32)
        dem_handle = derived.open() if derived is not None else None
        y = open_array(folder, "y", (len(chosen), tile, tile), np.int16)
        for i, (r, c) in enumerate(chosen):
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            win, b0 = Window(c, r, tile, tile), 0
            valid = np.ones((tile, tile), bool)
            for h in handles:
                block = h.read(window=win, masked=True).astype(np.float32)
                data = block.filled(np.nan)
                data[~np.isfinite(data)] = np.nan
                x[i, b0 : b0 + h.count] = data
                valid &= np.all(np.isfinite(data), axis=0)
                b0 += h.count
            if derived is not None:
                block, ok, _ = derived.read_tile(dem_handle, r, c, tile, "float32")
                extra = np.where(ok, block[1:], np.nan)
                x[i, b0:] = extra
                valid &= ok
            yt = labels_of(r, c).astype(np.int16)  # the labels again (pass 1 kept only the corners)
            yt[~valid] = -1
            y[i] = yt
        x.flush(), y.flush()
        if dem_handle is not None:
            dem_handle.close()
        counts = np.bincount(np.asarray(y).ravel()[np.asarray(y).ravel() >= 0], minlength=len(values))
        class_names = [str(v) for v in values]
        mapping, class_names, warning = rare_classes(counts, class_names, min_pixels, rare, "labelled pixels")
        if not np.array_equal(mapping, np.arange(len(values))):
            for i in range(len(chosen)):
                yt = np.asarray(y[i]).astype(np.int32)
                lab_ok = yt >= 0
                yt[lab_ok] = mapping[yt[lab_ok]]
                y[i] = yt
            y.flush()
        warnings = [warning] if warning else []
        sample_rows = np.sort(rng.choice(len(chosen), min(len(chosen), 200), replace=False))
        pix = np.moveaxis(np.asarray(x[sample_rows]), 1, -1)[np.asarray(y[sample_rows]) >= 0]
        offset, scale, ranges = band_statistics(pix)
        cat_index = _categorical_bands(categorical, names)
        categories: dict[int, tuple] = {}
        for b in cat_index:
            categories[b] = _categories_of(np.asarray(x[:, b]), names[b])
            offset[b], scale[b], ranges[b] = 0.0, 1.0, None
        if categories:
            _write_encoded(folder, x, y, offset, scale, categories, is_cancelled)
            x = np.load(os.path.join(folder, "x_encoded.npy"), mmap_mode="r")  # what the model sees, for the baselines
            log(
                "One-hot encoded: "
                + "; ".join(
                    f"{names[b]} ({len(v)} codes: {', '.join(f'{c:g}' for c in v)})" for b, v in categories.items()
                )
            )
        side = tile * max(1, block_tiles)
        keys = [(r // side, c // side) for r, c in chosen]
        distinct = sorted(set(keys))
        groups = np.array([distinct.index(k) for k in keys], dtype=np.int64)
        # Tiles whose labels all fell on nodata or on dropped classes teach nothing: never trained on nor scored.
        empty = np.array([not np.any(np.asarray(y[i]) >= 0) for i in range(len(chosen))], bool)
        if empty.any():
            groups[empty] = -1
            log(f"{int(empty.sum())} tile(s) have no labelled pixel left (labels over nodata, or dropped classes).")
        res = abs(transform.a)
        metres = crs is not None and crs.is_projected and (crs.linear_units or "").lower() in ("metre", "meter", "m")
        counts = np.bincount(np.asarray(y).ravel()[np.asarray(y).ravel() >= 0], minlength=len(class_names))
        data = TrainingData(
            kind="segmentation",
            folder=folder,
            groups=groups,
            group_names=[f"block {a},{b}" for a, b in distinct],
            group_word="spatial blocks",
            band_names=names,
            offset=offset,
            scale=scale,
            ranges=ranges,
            class_names=class_names,
            contract={
                "model_type": "Segmentor",
                "lithoscope_task": "segmentation",
                "output_kind": "classes",
                "tile_size": ENGINE_TILE,
                "tile_overlap_px": ENGINE_OVERLAP,
                "nodata_fill": 0.0,
                "band_kinds": ["categorical" if b in categories else "continuous" for b in range(len(names))],
                **({"band_categories": {names[b]: list(v) for b, v in categories.items()}} if categories else {}),
                **({"_worker": {"encoded": True, "x_file": "x_encoded.npy"}} if categories else {}),
                **(
                    {"band_derived": {derived_band_name(f): {"terrain": f, "of": given[0]} for f in terrain}}
                    if terrain
                    else {}
                ),
                **({"resolution_m": round(res, 4)} if metres else {}),
            },
            data={
                "rasters": [os.path.basename(p) for p in rasters],
                "labels": os.path.basename(labels or label_raster or ""),
                "class field": class_field or "(label raster values)",
                "tiles": f"{len(chosen)} of {tile} x {tile} px",
                "spatial blocks": f"{len(distinct)} of {side} x {side} px",
                "labelled pixels per class": {n: int(v) for n, v in zip(class_names, counts)},
                "pixel size": f"{res:g} {'m' if metres else 'map units'}",
            },
            warnings=warnings,
            sample_word="labelled pixels",
        )
        worker = data.contract.setdefault("_worker", {})
        baseline = _pixel_features(x, y, seed)
        if terrain_only:  # channel 0 (the DEM) only feeds the factors: neither the network nor the forest sees it
            worker["input_bands"] = list(range(1, int(x.shape[1])))
            data.ranges[0] = None  # its elevations do not matter to the model: no range to warn about
            data.data["inputs of the network"] = ", ".join(names[1:]) + f" (of {names[0]}; not the elevation itself)"

            def without_dem(rows, features=baseline):
                feats, labels_, pick = features(rows)
                return feats[:, 1:], labels_, pick

            baseline = without_dem
        if probability_of is not None:
            worker["probability_of"] = _positive_class(class_names, probability_of)
            data.contract.update(
                {"model_type": "Susceptibility", "lithoscope_task": "susceptibility", "output_kind": "probability"}
            )
        if not worker:
            data.contract.pop("_worker")
        data.baseline_features = baseline
        data.strips = _tile_strips(x, y, class_names)
        log(
            f"{len(chosen)} training tiles of {tile} px from {len(names)} band(s), {len(class_names)} classes, "
            f"{len(distinct)} spatial blocks."
        )
        return data
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        for h in handles:
            h.close()
        if lab is not None:
            lab.close()


def _pixel_features(x: np.ndarray, y: np.ndarray, seed: int):
    """Per-pixel band values of labelled pixels (a random subsample) for the baselines, and how to pick the deep
    model's class of the same pixels from its held-out predictions."""

    def features(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, Any]:
        rng = np.random.default_rng(seed)
        t, i, j = np.nonzero(np.asarray(y[rows]) >= 0)
        if len(t) > BASELINE_PIXELS:
            pick = np.sort(rng.choice(len(t), BASELINE_PIXELS, replace=False))
            t, i, j = t[pick], i[pick], j[pick]
        feats = np.empty((len(t), x.shape[1]), np.float32)
        for u in np.unique(t):  # tile by tile: never all the tiles in memory
            at = t == u
            feats[at] = np.asarray(x[rows[u]])[:, i[at], j[at]].T
        labels = np.asarray(y[rows])[t, i, j].astype(np.int64)

        def pick(pred):  # classes as int64, probabilities as they are
            got = np.asarray(pred)[t, i, j]
            return got.astype(np.int64) if got.dtype.kind in "iu" else got

        return feats, labels, pick

    return features


def _tile_strips(x: np.ndarray, y: np.ndarray, class_names: list[str]):
    """Pictures of a few held-out tiles for the report: first band, true labels, prediction."""

    def strips(rows: np.ndarray, pred: np.ndarray):
        if len(rows) == 0:
            return []
        from matplotlib.colors import ListedColormap

        from .common import class_colours

        show = np.linspace(0, len(rows) - 1, min(4, len(rows))).astype(int)
        colours = class_colours(len(class_names))
        cmap = ListedColormap(colours)

        def draw(fig):
            from matplotlib.patches import Patch

            grid = fig.add_gridspec(len(show) + 1, 3, height_ratios=[1.0] * len(show) + [0.3])
            seen: set[int] = set()
            for k, s in enumerate(show):
                band = np.asarray(x[rows[s], 0])
                labels = np.asarray(y[rows[s]])
                truth = np.ma.masked_less(labels, 0)
                guess = np.ma.masked_array(pred[s], mask=~np.isfinite(band))  # no prediction shown on nodata
                seen |= {int(v) for v in np.unique(labels[labels >= 0])} | {
                    int(v) for v in np.unique(guess.compressed())
                }
                for col, (img, title) in enumerate(
                    ((band, label("input (band 1)")), (truth, label("labels")), (guess, label("prediction")))
                ):
                    ax = fig.add_subplot(grid[k, col])
                    if col == 0:
                        ax.imshow(img, cmap="gray")
                    else:
                        ax.imshow(img, cmap=cmap, vmin=0, vmax=len(class_names) - 1, interpolation="nearest")
                    ax.set_xticks([]), ax.set_yticks([])
                    if k == 0:
                        ax.set_title(title, fontsize=8)
            key = fig.add_subplot(grid[len(show), :])
            key.axis("off")
            handles = [Patch(color=colours[i], label=class_names[i]) for i in sorted(seen)]
            key.legend(handles=handles, loc="center", ncol=min(7, max(1, len(handles))), fontsize=7, frameon=False)

        size = (6.4, 2.2 * len(show) + 0.6)
        return [(label("Held-out tiles: input, labels and the model's prediction"), draw, size)]

    return strips
