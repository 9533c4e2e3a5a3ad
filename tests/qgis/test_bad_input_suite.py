# SPDX-License-Identifier: GPL-2.0-or-later
"""The bad-input suite (issue "Crash-proof outputs and no silent garbage", item 6): every algorithm of the
provider, run through Processing with inputs a user gets wrong.

Each refusal must be a QgsProcessingException whose message names the problem and the fix (both checked by
key words), shows no traceback, and leaves every file of the test's folders (inputs, earlier outputs) byte-
identical, with no output, temporary or lock file written. Where the right answer is a warning and a correct
result (undeclared fill values, LAS null values), the warning and the result are checked instead.
The helpers are in tests/bad_inputs.py; the inputs are tiny rasters, vectors, tables and models made here.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import numpy as np
import pytest
import rasterio
from bad_inputs import (
    assert_refused,
    assert_said,
    assert_warned,
    copy,
    csv_file,
    empty_file,
    text_file,
    truncated_copy,
    vector,
)
from builders import make_cnn, make_linear_sequence, smooth_field, write_raster
from lithoscope.inference.model.registry import MODELS_DIR
from shapely.geometry import LineString, Point, box

DATES = [f"2021-{m:02d}-01" for m in range(1, 13)]
ORIGIN = (500000.0, 5000000.0)
FAR = (900000.0, 6000000.0)  # 100 km away: overlaps nothing of ours
READONLY = "/proc/lithoscope-bad-input"  # a folder nobody can create files in, root included

# -- the words a message must hold ------------------------------------------------------------------------------


def named(subject: str, what: str, gap: int = 400) -> str:
    """The subject and what is wrong with it, in either order, within `gap` characters."""
    return rf"(?:{subject}).{{0,{gap}}}(?:{what})|(?:{what}).{{0,{gap}}}(?:{subject})"


NO_CRS = (
    r"no coordinate reference system|no CRS|without (a |any )?(CRS|coordinate reference)"
    r"|CRS is (missing|not set|unknown)"
)
ASSIGN_CRS = r"\bassign\b|\bset (its|the|a) (CRS|coordinate)|\bdefine\b.{0,30}(CRS|projection)"
NO_OVERLAP = (
    r"not overlap|no overlap|outside|does not (cover|intersect)|covers? none|none of .{0,80}(inside|within|falls)"
)
CHECK_PLACE = r"\bcheck\b.{0,40}(CRS|extent|coordinates|location)|\bassign\b|\breproject\b|\bpan\b|\bchoose\b|\bgive\b"
WRONG_FILE = (
    r"empty|0 bytes|not a (valid |readable )?(raster|GeoTIFF|image|ONNX|LAS)|cannot be (read|opened)|could not be "
    r"(read|opened)|corrupt|truncated|not recognised|not recognized|unsupported|not a file GDAL"
)
REPLACE_FILE = r"\bexport\b|\bchoose\b|\bgive\b|\bsave\b|\bcheck the (path|file)\b|\bcopy\b|\bre-?download\b|\bselect\b"
MISSING = r"not exist|not found|no such file|neither an existing file|missing"
FOLDER_MISSING = (
    r"folder .{0,200}does not exist|does not exist.{0,80}folder|no such (folder|directory)|No such file or directory"
)
CREATE_FOLDER = r"\bcreate it\b|\bcreate the folder\b|\bchoose another\b|\bexisting folder\b|\bchoose\b.{0,30}folder"
NOT_WRITABLE = r"not writable|cannot (be )?writ|can ?not write|permission|read-only"
WRITABLE_FIX = r"\bchoose\b.{0,40}(folder|file|another)|folder you can write"
IS_INPUT = (
    r"is the input|is an input|same (file|path) as (the|an|its) input|would overwrite"
    r"|is also (the|an) input|input .{0,60}itself"
)
OTHER_NAME = (
    r"\bchoose\b.{0,30}(another|other|different)|another (file|name|path)|different (file|name|path)|its own file"
)
SAME_NAME = r"same (file|path|name)|\bboth\b|\btwice\b|more than once|given (as )?two|one file for two|two outputs"
NOT_ONNX = r"not a valid ONNX|not an ONNX|not ONNX"
EXPORT = r"\bexport\b|\bchoose\b.{0,40}(\.onnx|model|file)|\bgive\b.{0,40}(\.onnx|model|file)"


def ext(wrong: str, right: str) -> tuple[str, str]:
    """Problem and fix of an output with the wrong extension."""
    return rf"\.{wrong}\b|extension|format", rf"\.{right}\b"


# -- the files each case is made of -----------------------------------------------------------------------------


class Kit:
    """The good inputs of each algorithm (made on first use, in the test's folder) and ways to spoil them."""

    def __init__(self, folder: str, shared: dict | None = None) -> None:
        self.dir = str(folder)
        self.shared = shared or {}

    def p(self, *names: str) -> str:
        return os.path.join(self.dir, *names)

    def watch(self) -> list[str]:
        return [self.dir, MODELS_DIR, *self.shared.get("folders", [])]

    # -- rasters
    def raster(self, name: str, data: np.ndarray, **kw) -> str:
        return write_raster(self.p(name), data, **kw)

    @cached_property
    def rgb(self) -> str:
        data = np.stack([((smooth_field((32, 40), seed=s) + 1) * 127.5).astype(np.uint8) for s in (1, 2, 3)])
        return self.raster("rgb.tif", data)

    @cached_property
    def dem(self) -> str:
        return self.raster("dem.tif", (smooth_field((40, 50), seed=2) * 100 + 400).astype(np.float32))

    def far_raster(self, name: str = "far.tif", bands: int = 1) -> str:
        return self.raster(name, np.ones((bands, 20, 20), np.float32), origin=FAR)

    # -- vectors
    def polygons(self, name: str, boxes=None, crs: str | None = "EPSG:32633", **columns) -> str:
        if boxes is None:
            boxes = [box(ORIGIN[0] + 50, ORIGIN[1] - 250, ORIGIN[0] + 250, ORIGIN[1] - 50)]
        return vector(self.p(name), boxes, crs, **columns)

    def far_polygons(self, name: str = "far.gpkg", **columns) -> str:
        return self.polygons(name, [box(FAR[0], FAR[1], FAR[0] + 100, FAR[1] + 100)], **columns)

    def empty_polygons(self, name: str = "none.gpkg") -> str:
        from osgeo import ogr, osr

        srs = osr.SpatialReference()
        srs.ImportFromEPSG(32633)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(self.p(name))
        layer = ds.CreateLayer("none", srs=srs, geom_type=ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("unit", ogr.OFTInteger))
        layer.CreateField(ogr.FieldDefn("rock", ogr.OFTString))
        del layer, ds
        return self.p(name)

    def empty_points(self, name: str = "none_pts.gpkg", fields: dict | None = None) -> str:
        from osgeo import ogr, osr

        srs = osr.SpatialReference()
        srs.ImportFromEPSG(32633)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(self.p(name))
        layer = ds.CreateLayer("none", srs=srs, geom_type=ogr.wkbPoint)
        for field, kind in (fields or {"id": ogr.OFTInteger}).items():
            layer.CreateField(ogr.FieldDefn(field, kind))
        del layer, ds
        return self.p(name)

    # -- models
    @cached_property
    def cnn(self) -> str:
        meta = {"class_names": ["sandstone", "limestone", "clay", "basalt"]}
        return make_cnn(self.p("cnn.onnx"), 3, 4, seed=3, metadata=meta)

    @cached_property
    def sequence_classifier(self) -> str:
        """3 classes from 12 steps of 1 feature (NDVI x 10000, scaled as the shipped model)."""
        weights = np.random.default_rng(3).normal(0, 1, (12, 3))
        meta = {"lithoscope_task": "sequence", "class_names": ["a", "b", "c"], "band_offset": 5630, "band_scale": 2080}
        return make_linear_sequence(self.p("gru.onnx"), 12, 1, weights, None, "softmax", meta)

    @cached_property
    def forecaster(self) -> str:
        """Values: the mean of 12 steps of one feature."""
        meta = {"lithoscope_task": "sequence", "output_kind": "values"}
        return make_linear_sequence(self.p("mean.onnx"), 12, 1, np.ones((12, 1)) / 12, metadata=meta)

    @cached_property
    def facies(self) -> str:
        """Sand or shale from windows of 3 samples of GR and PE (shale where the centre GR > 55)."""
        weights = np.zeros((6, 2))
        weights[2, 1] = 1.0
        meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 3}
        return make_linear_sequence(self.p("facies.onnx"), 3, 2, weights, [0, -55.0], "softmax", meta)

    def short_names(self, name: str, steps: int, features: int) -> str:
        """A 3-class sequence classifier whose metadata names only 2 classes."""
        weights = np.random.default_rng(1).normal(0, 1, (steps * features, 3))
        meta = {"lithoscope_task": "sequence", "class_names": ["a", "b"], "sequence_length": steps}
        return make_linear_sequence(self.p(name), steps, features, weights, None, "softmax", meta)

    def bad_model(self, kind: str, good: str) -> str:
        """A model file that is missing, empty, truncated, text or a GeoTIFF, named .onnx."""
        if kind == "missing":
            return self.p("no_such_model.onnx")
        if kind == "empty":
            return empty_file(self.p("empty.onnx"))
        if kind == "truncated":
            return truncated_copy(good, self.p("truncated.onnx"))
        if kind == "text":
            return text_file(self.p("notes.onnx"))
        return copy(self.rgb, self.p("image.onnx"))

    # -- sequences
    def ndvi_stack(self, name: str = "ndvi.tif", labels=None, bands: int = 12, data=None, **kw) -> str:
        if data is None:
            data = np.random.default_rng(0).uniform(2000, 8000, (bands, 4, 5)).astype(np.float32)
        path = self.raster(name, data, **kw)
        labels = labels if labels is not None else [f"NDVI_{d}" for d in DATES[: data.shape[0]]]
        with rasterio.open(path, "r+") as ds:
            for band, text in enumerate(labels, start=1):
                if text:
                    ds.set_band_description(band, text)
        return path

    @cached_property
    def stack(self) -> str:
        return self.ndvi_stack()

    def points(self, name: str = "points.gpkg", values: np.ndarray | None = None, names=None, **extra) -> str:
        values = np.arange(36.0).reshape(3, 12) if values is None else values
        names = DATES if names is None else names
        columns = {"station": [f"S{i}" for i in range(values.shape[0])], **extra}
        columns.update({d: [float(v) for v in values[:, t]] for t, d in enumerate(names)})
        geometries = [Point(ORIGIN[0] + 10 * i, ORIGIN[1] - 10 * i) for i in range(values.shape[0])]
        return vector(self.p(name), geometries, "EPSG:32633", **columns)

    @cached_property
    def station_points(self) -> str:
        return self.points()

    def long_table(self, name: str = "series.csv", rows=None) -> str:
        if rows is None:
            rows = [(f"S{i}", d, float(t + i), f"n{t}") for i in range(3) for t, d in enumerate(DATES)]
        return csv_file(self.p(name), ["station", "date", "E", "note"], rows)

    # -- wells
    def logs(self, name: str = "logs.csv", rows=None, header=None) -> str:
        if rows is None:
            rows = [("A", 100 + i, 40.0 + 8 * i, 3.0, "sh") for i in range(8)]
            rows += [("B", 50 + i, 70.0 - 5 * i, 2.5, "ss") for i in range(6)]
        return csv_file(self.p(name), header or ["well", "depth", "GR", "PE", "lith"], rows)

    @cached_property
    def well_logs(self) -> str:
        return self.logs()

    @cached_property
    def wells(self) -> str:
        geometries = [Point(ORIGIN[0], ORIGIN[1]), Point(ORIGIN[0] + 100, ORIGIN[1])]
        return vector(self.p("wells.gpkg"), geometries, "EPSG:32633", well=["A", "B"])

    def las(self, name: str, depths, gr, pe=None, null: float = -999.25, text: str | None = None) -> str:
        lasio = pytest.importorskip("lasio")
        las = lasio.LASFile()
        las.well["WELL"].value = os.path.splitext(name)[0].upper()
        las.well["NULL"].value = null
        las.append_curve("DEPT", np.asarray(depths, float), unit="M")
        las.append_curve("GR", np.asarray(gr, float), unit="API")
        las.append_curve("PE", np.asarray(pe if pe is not None else [3.0] * len(depths), float), unit="B/E")
        las.write(self.p(name), version=2.0)
        return self.p(name)

    # -- susceptibility
    def factors(self, name: str = "factors.tif", data=None, names=("slope", "f2", "geology"), size=(40, 40), **kw):
        h, w = size
        if data is None:
            data = self.factor_data(size)
        kinds = ["categorical" if n == "geology" else "continuous" for n in names]
        tag = {"names": list(names), "kinds": kinds}
        return self.raster(
            name, data, nodata=kw.pop("nodata", float("nan")), tags={"LITHOSCOPE_FACTORS": json.dumps(tag)}, **kw
        )

    @staticmethod
    def factor_data(size=(40, 40)) -> np.ndarray:
        h, w = size
        slope = (smooth_field((h, w), seed=21, scales=(16, 4)) + 1) * 20 + 2  # 2..42 degrees
        f2 = smooth_field((h, w), seed=22, scales=(16, 4))
        geology = (smooth_field((h, w), seed=23, scales=(16,)) > 0).astype(np.float32) + 1
        return np.stack([slope, f2, geology]).astype(np.float32)

    def landslides(self, name: str = "slides.gpkg", n: int = 40, crs: str | None = "EPSG:32633", **columns) -> str:
        """Landslide points on the steepest pixels of factor_data."""
        slope = self.factor_data()[0]
        order = np.argsort(slope, axis=None)[::-1][:n]
        rows, cols = np.unravel_index(order, slope.shape)
        points = [Point(ORIGIN[0] + (c + 0.5) * 10, ORIGIN[1] - (r + 0.5) * 10) for r, c in zip(rows, cols)]
        columns = columns or {"year": [2000 + i % 10 for i in range(n)]}
        return vector(self.p(name), points, crs, **columns)

    def slide_raster(self, name: str, code: int) -> str:
        slope = self.factor_data()[0]
        mask = np.where(slope >= np.sort(slope, axis=None)[-40], code, 0).astype(np.uint8)
        return self.raster(name, mask, nodata=255)


# -- how a case is run ----------------------------------------------------------------------------------------------


@dataclass
class Case:
    params: Callable[[Kit], dict]
    problem: str
    fix: str
    prepare: Callable[[Kit], None] | None = None


def case(id_: str, params, problem: str, fix: str, prepare=None, marks=()):
    return pytest.param(Case(params, problem, fix, prepare), id=id_, marks=marks)


def outside_paths(params: dict, kit: Kit) -> list[str]:
    """Outputs named outside the test's folder (the unwritable one): they must not appear either."""
    values = []
    for value in params.values():
        values += value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v.startswith(READONLY)]


def check(algorithm: str, kit: Kit, c: Case) -> None:
    if c.prepare:
        c.prepare(kit)
    params = c.params(kit)
    assert_refused(algorithm, params, c.problem, c.fix, kit.watch(), outside_paths(params, kit))


@pytest.fixture
def kit(tmp_path) -> Kit:
    return Kit(str(tmp_path))


def model_file_cases(key: str, base: Callable[[Kit], dict], good: Callable[[Kit], str]) -> list:
    """Missing, empty, truncated, text and GeoTIFF files given as the model (`key`)."""
    out = [
        case(
            "model_missing",
            lambda k: {**base(k), key: k.bad_model("missing", good(k))},
            named("no_such_model", MISSING),
            r"\bcheck the path\b|\bchoose\b|\bgive\b|shipped",
        )
    ]
    for kind in ("empty", "truncated", "text", "geotiff"):
        file = {"empty": "empty", "truncated": "truncated", "text": "notes", "geotiff": "image"}[kind]
        out.append(
            case(
                f"model_{kind}",
                lambda k, kind=kind: {**base(k), key: k.bad_model(kind, good(k))},
                named(rf"{file}\.onnx", NOT_ONNX + "|" + WRONG_FILE),
                EXPORT,
            )
        )
    return out


# =================================================================================================================
# lithoscope:classify
# =================================================================================================================


def classify(k: Kit, **over) -> dict:
    return {"INPUT": k.rgb, "MODEL": k.cnn, "OUTPUT": k.p("classes.tif"), **over}


def _classify_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:classify", classify(k, OUTPUT_PROBABILITIES=k.p("probabilities.tif")))


CLASSIFY = [
    *model_file_cases("MODEL", classify, lambda k: k.cnn),
    case("model_empty_name", lambda k: classify(k, MODEL="  "), r"no model", r"\bchoose\b|\bgive\b"),
    case(
        "input_missing",
        lambda k: classify(k, INPUT=k.p("missing.tif")),
        named(r"missing\.tif", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "input_empty_file",
        lambda k: classify(k, INPUT=empty_file(k.p("empty.tif"))),
        named(r"empty\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "input_truncated_geotiff",
        lambda k: classify(k, INPUT=truncated_copy(k.rgb, k.p("cut.tif"))),
        named(r"cut\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "input_text_named_tif",
        lambda k: classify(k, INPUT=text_file(k.p("notes.tif"))),
        named(r"notes\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "input_is_a_vector_file",
        lambda k: classify(k, INPUT=k.polygons("area.gpkg")),
        named(r"area", r"vector|not a raster|no bands"),
        r"\bgive\b.{0,40}raster|\bchoose\b.{0,40}raster|\brasteri[sz]e\b",
    ),
    case(
        "input_without_crs",
        lambda k: classify(k, INPUT=k.raster("nocrs.tif", np.ones((3, 20, 20), np.uint8) * 90, crs=None)),
        NO_CRS,
        ASSIGN_CRS,
    ),
    case(
        "extent_outside_the_raster",
        lambda k: classify(k, EXTENT=f"{FAR[0]},{FAR[0] + 500},{FAR[1]},{FAR[1] + 500} [EPSG:32633]"),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case("mask_outside_the_raster", lambda k: classify(k, MASK=k.far_polygons()), NO_OVERLAP, CHECK_PLACE),
    case(
        "mask_layer_without_features",
        lambda k: classify(k, MASK=k.empty_polygons()),
        r"no polygons|no features|empty",
        r"\bgive\b|\bchoose\b|\bselect\b|\badd\b|\bdraw\b|leave .{0,30}empty",
    ),
    case(
        "mask_in_utm_labelled_wgs84",
        lambda k: classify(
            k,
            MASK=k.polygons(
                "mask4326.gpkg",
                [box(ORIGIN[0] + 50, ORIGIN[1] - 250, ORIGIN[0] + 250, ORIGIN[1] - 50)],
                crs="EPSG:4326",
            ),
        ),
        NO_OVERLAP + r"|CRS|coordinates",
        CHECK_PLACE,
    ),
    case("mask_without_crs", lambda k: classify(k, MASK=k.polygons("mask_nocrs.gpkg", crs=None)), NO_CRS, ASSIGN_CRS),
    case("output_png", lambda k: classify(k, OUTPUT=k.p("classes.png")), *ext("png", "tif")),
    case("probabilities_jpg", lambda k: classify(k, OUTPUT_PROBABILITIES=k.p("p.jpg")), *ext("jpg", "tif")),
    case("polygons_tif", lambda k: classify(k, OUTPUT_POLYGONS=k.p("polygons.tif")), *ext("tif", "gpkg")),
    case("output_is_the_input", lambda k: classify(k, OUTPUT=k.rgb), IS_INPUT, OTHER_NAME),
    case("probabilities_is_the_input", lambda k: classify(k, OUTPUT_PROBABILITIES=k.rgb), IS_INPUT, OTHER_NAME),
    case(
        "polygons_is_the_mask",
        lambda k: classify(k, MASK=k.polygons("area.gpkg"), OUTPUT_POLYGONS=k.p("area.gpkg")),
        IS_INPUT + r"|mask",
        OTHER_NAME,
    ),
    case(
        "output_in_a_missing_folder",
        lambda k: classify(k, OUTPUT=k.p("no", "such", "classes.tif")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case("output_in_a_readonly_folder", lambda k: classify(k, OUTPUT=f"{READONLY}.tif"), NOT_WRITABLE, WRITABLE_FIX),
    case(
        "classes_and_probabilities_one_file",
        lambda k: classify(k, OUTPUT_PROBABILITIES=k.p("classes.tif")),
        SAME_NAME,
        OTHER_NAME,
    ),
    case(
        "a_sequence_model",
        lambda k: classify(k, MODEL=k.sequence_classifier),
        r"sequence|time steps|\(N, ?T, ?F\)",
        r"sequenceraster|Sequence model over|\bgive\b.{0,20}(longer )?series|time stack",
    ),
    case(
        "shipped_well_log_model_by_name",
        lambda k: classify(k, MODEL="seg2016_facies"),
        r"seg2016_facies|well|sequence model",
        r"welllogs|well logs",
    ),
    case(
        "shipped_gnss_model_by_name",
        lambda k: classify(k, MODEL="gnss_displacement_forecast"),
        r"gnss_displacement_forecast|90 (time )?step",
        r"sequencevector|sequenceraster|Sequence model over|\bgive\b.{0,20}(longer )?series",
    ),
    case(
        "model_with_more_classes_than_names",
        lambda k: classify(
            k, MODEL=make_cnn(k.p("short.onnx"), 3, 4, metadata={"class_names": ["sandstone", "limestone", "clay"]})
        ),
        r"4 (classes|outputs|channels).{0,200}(names 3|3 (class )?names)",
        r"Set model metadata|set_model_metadata|CLASS_NAMES|\bgive\b.{0,40}names",
    ),
    case(
        "input_with_too_few_bands",
        lambda k: classify(k, INPUT=k.raster("two.tif", np.ones((2, 20, 20), np.uint8) * 90)),
        r"expects 3 band|3 bands?.{0,100}2",
        r"BANDS|\bchoose\b|\bgive\b|LAYERS|stack",
    ),
    case(
        "bands_out_of_range",
        lambda k: classify(k, BANDS="1,2,5"),
        r"band 5|5 does not exist|has 3 band",
        r"BANDS|\bchoose\b|\bgive\b|1 to 3",
    ),
    case(
        "bands_as_names",
        lambda k: classify(k, BANDS="red,green,blue"),
        r"'red,green,blue'|red",
        r"numbers|e\.g\.|1,2,3",
    ),
    case(
        "band_scale_zero",
        lambda k: classify(k, BAND_SCALE="0"),
        r"scale.{0,80}\b0\b|zero",
        r"\bgive\b|non-?zero|not 0|e\.g\.",
    ),
    case(
        "input_all_nodata",
        lambda k: classify(k, INPUT=k.raster("void.tif", np.zeros((3, 20, 20), np.uint8), nodata=0)),
        r"no valid pixels|only nodata|all .{0,20}nodata",
        r"\bchoose\b|\bcheck\b|\bgive\b|\bset\b.{0,20}nodata|NODATA",
    ),
    case(
        "further_raster_outside",
        lambda k: classify(k, MODEL=make_cnn(k.p("cnn4.onnx"), 4, 2), LAYERS=[k.far_raster()]),
        named(r"far", NO_OVERLAP),
        CHECK_PLACE,
    ),
    case(
        "vector_field_missing",
        lambda k: classify(
            k, MODEL=make_cnn(k.p("cnn4.onnx"), 4, 2), LAYERS=[k.polygons("geo.gpkg", unit=[3])], VECTOR_FIELD="rock"
        ),
        r"no field 'rock'",
        r"\bgive\b.{0,30}field|leave .{0,30}empty",
    ),
    case(
        "float_field_burned_as_category",
        lambda k: classify(
            k,
            MODEL=make_cnn(k.p("cnn4.onnx"), 4, 2),
            LAYERS=[
                k.polygons(
                    "geo.gpkg",
                    [
                        box(ORIGIN[0], ORIGIN[1] - 160, ORIGIN[0] + 200, ORIGIN[1]),
                        box(ORIGIN[0] + 200, ORIGIN[1] - 160, ORIGIN[0] + 400, ORIGIN[1]),
                    ],
                    area=[1234.56, 87.125],
                )
            ],
            VECTOR_FIELD="area",
            CATEGORICAL="4",
        ),
        named("area", r"not (whole|integer)|decimal|fraction|continuous|not codes|1234\.56"),
        r"\bchoose\b|CATEGORICAL|continuous|codes",
    ),
    case(
        "categorical_band_out_of_range",
        lambda k: classify(k, CATEGORICAL="9"),
        r"band 9",
        r"Give band numbers from 1 to 3",
    ),
    case(
        "failed_run_keeps_earlier_outputs",
        lambda k: classify(k, MODEL=k.bad_model("truncated", k.cnn), OUTPUT_PROBABILITIES=k.p("probabilities.tif")),
        named(r"truncated\.onnx", NOT_ONNX + "|" + WRONG_FILE),
        EXPORT,
        prepare=_classify_earlier,
    ),
]


@pytest.mark.parametrize("c", CLASSIFY)
def test_classify(provider, kit, c):
    check("lithoscope:classify", kit, c)


def test_classify_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:classify", classify(kit))["OUTPUT"])


def _one_band_cnn(k: Kit) -> str:
    return make_cnn(k.p("dem_cnn.onnx"), 1, 3, metadata={"class_names": ["low", "mid", "high"]})


def test_classify_warns_of_undeclared_fill_values_and_leaves_them_nodata(provider, kit):
    dem = (smooth_field((30, 30), seed=4) * 100 + 400).astype(np.float32)
    dem[:5, :6] = -3.4028235e38  # 30 pixels of a fill value the raster does not declare
    path = kit.raster("dem_fill.tif", dem)
    out = kit.p("classes.tif")
    assert_warned(
        "lithoscope:classify",
        {"INPUT": path, "MODEL": _one_band_cnn(kit), "OUTPUT": out},
        named(r"\b30\b", r"-3\.4\d*e\+?38|fill value|nodata"),
    )
    with rasterio.open(out) as ds:
        classes = ds.read(1)
    assert (classes[:5, :6] == 255).all() and (classes[5:] != 255).all()


def test_classify_warns_of_infinite_values_and_leaves_them_nodata(provider, kit):
    dem = (smooth_field((30, 30), seed=4) * 100 + 400).astype(np.float32)
    dem[10:12, 10:15] = np.inf  # 10 pixels
    path = kit.raster("dem_inf.tif", dem)
    out = kit.p("classes.tif")
    assert_warned(
        "lithoscope:classify",
        {"INPUT": path, "MODEL": _one_band_cnn(kit), "OUTPUT": out},
        named(r"\b10\b", r"infinit|\binf\b"),
    )
    with rasterio.open(out) as ds:
        classes = ds.read(1)
    assert (classes[10:12, 10:15] == 255).all() and (classes[:8] != 255).all()


# =================================================================================================================
# lithoscope:set_model_metadata
# =================================================================================================================


def metadata(k: Kit, **over) -> dict:
    return {"INPUT": k.cnn, "CLASS_NAMES": "a,b,c,d", "OUTPUT": k.p("described.onnx"), **over}


def _metadata_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:set_model_metadata", metadata(k))


COUNT_FIX = r"\bgive\b.{0,40}(one|\d)|\bone (per|for each)\b|exactly \d"

SET_MODEL_METADATA = [
    *model_file_cases("INPUT", metadata, lambda k: k.cnn),
    case(
        "shipped_model_by_name_in_place",
        lambda k: {"INPUT": "lithology_terrain_hungary", "DESCRIPTION": "changed"},
        named("lithology_terrain_hungary", r"shipped|not found|not a file|no file"),
        r"OUTPUT|\bcopy\b|\bgive\b.{0,40}(path|file)|\bchoose\b.{0,40}(path|file)",
    ),
    case(
        "more_class_names_than_classes",
        lambda k: metadata(k, CLASS_NAMES="a,b,c,d,e"),
        r"5 (class )?names.{0,200}4|4 classes.{0,200}5",
        COUNT_FIX + r"|4 names",
    ),
    case(
        "fewer_class_names_than_classes",
        lambda k: metadata(k, CLASS_NAMES="a,b,c"),
        r"3 (class )?names.{0,200}4|4 classes.{0,200}\b3\b",
        COUNT_FIX + r"|4 names",
    ),
    case(
        "duplicate_class_names",
        lambda k: metadata(k, CLASS_NAMES="clay,sand,clay,silt"),
        named("clay", r"twice|duplicate|more than once|repeated"),
        r"\bgive\b|\brename\b|unique|different|each .{0,20}once",
    ),
    case(
        "blank_class_name",
        lambda k: metadata(k, CLASS_NAMES="clay,,sand,silt"),
        r"empty|blank|missing",
        r"\bgive\b|\bname\b.{0,20}every|each class",
    ),
    case(
        "colour_not_rrggbb",
        lambda k: metadata(k, CLASS_COLORS="#zzzzzz,#00ff00,#0000ff,#ffffff"),
        r"#zzzzzz",
        r"#rrggbb",
    ),
    case(
        "two_colours_for_four_classes",
        lambda k: metadata(k, CLASS_COLORS="#ff0000,#00ff00"),
        r"2 colou?rs.{0,200}4|4 classes.{0,200}\b2\b",
        COUNT_FIX + r"|4 colou?rs",
    ),
    case(
        "two_band_names_for_three_bands",
        lambda k: metadata(k, BAND_NAMES="red,green"),
        r"2 band names.{0,200}3|3 bands.{0,200}\b2\b",
        COUNT_FIX + r"|3 (band )?names",
    ),
    case(
        "two_offsets_for_three_bands",
        lambda k: metadata(k, BAND_OFFSET="0,0"),
        r"2 (band )?offsets.{0,200}3|3 bands.{0,200}\b2\b",
        COUNT_FIX + r"|one for all|3 offsets",
    ),
    case(
        "band_scale_zero",
        lambda k: metadata(k, BAND_SCALE="0,1,1"),
        r"scale.{0,80}\b0\b|zero",
        r"\bgive\b|non-?zero|not 0|positive",
    ),
    case("band_scale_text", lambda k: metadata(k, BAND_SCALE="a,b,c"), r"'a,b,c'", r"numbers"),
    case(
        "band_scale_nan",
        lambda k: metadata(k, BAND_SCALE="nan,1,1"),
        r"\bnan\b|not a number|finite",
        r"\bgive\b|finite|numbers",
    ),
    case(
        "band_offset_inf",
        lambda k: metadata(k, BAND_OFFSET="inf,0,0"),
        r"\binf\b|infinit|finite",
        r"\bgive\b|finite|numbers",
    ),
    case(
        "overlap_as_large_as_the_tile",
        lambda k: metadata(k, TILE_SIZE=32, TILE_OVERLAP=32),
        r"overlap.{0,200}(32|tile)",
        r"smaller|less than|at most|below",
    ),
    case(
        "tile_size_other_than_the_fixed_one",
        lambda k: metadata(k, INPUT=make_cnn(k.p("fixed.onnx"), 3, 4, fixed_tile=64), TILE_SIZE=32),
        named(r"\b64\b", r"\b32\b"),
        r"\bgive\b.{0,40}64|tile size 64|leave .{0,30}empty|set .{0,30}64",
    ),
    case(
        "extra_json_invalid",
        lambda k: metadata(k, EXTRA_JSON="{seg_thresh: 0.4"),
        r"not valid JSON",
        r"e\.g\.|quote|\bwrite\b|\bgive\b|\"seg_thresh\"",
    ),
    case("extra_json_array", lambda k: metadata(k, EXTRA_JSON="[1, 2]"), r"JSON object", r"e\.g\."),
    case(
        "extra_json_zero_scales",
        lambda k: metadata(k, EXTRA_JSON='{"band_scale": [0, 0, 0]}'),
        r"band_scale|scale.{0,80}\b0\b",
        r"\bgive\b|non-?zero|not 0|positive",
    ),
    case(
        "extra_json_negative_sequence_length",
        lambda k: metadata(k, EXTRA_JSON='{"sequence_length": -3}'),
        r"sequence_length.{0,100}-3|-3.{0,100}sequence_length",
        r"\bgive\b|positive|at least 1|whole number|expected a number from",
    ),
    case(
        "sequence_task_for_a_cnn",
        lambda k: metadata(k, TASK=4),
        r"sequence.{0,300}(\(N, ?C, ?H, ?W\)|4 dimensions|image|tiles|CNN)|(\(N, ?C, ?H, ?W\)|CNN).{0,300}sequence",
        r"\bchoose\b|segmentation|leave .{0,20}empty|task",
    ),
    case(
        "segmentation_task_for_a_sequence_model",
        lambda k: metadata(k, INPUT=k.sequence_classifier, TASK=0, CLASS_NAMES=""),
        r"segmentation.{0,300}(\(N, ?T, ?F\)|3 dimensions|sequence)|sequence.{0,300}segmentation",
        r"\bchoose\b|sequence|leave .{0,20}empty|task",
    ),
    case("output_tif", lambda k: metadata(k, OUTPUT=k.p("described.tif")), *ext("tif", "onnx")),
    case(
        "output_in_a_missing_folder",
        lambda k: metadata(k, OUTPUT=k.p("no", "such", "described.onnx")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case("output_in_a_readonly_folder", lambda k: metadata(k, OUTPUT=f"{READONLY}.onnx"), NOT_WRITABLE, WRITABLE_FIX),
    case(
        "bad_value_in_place_keeps_the_model",
        lambda k: {"INPUT": k.cnn, "BAND_SCALE": "0,1,1"},
        r"scale.{0,80}\b0\b|zero",
        r"\bgive\b|non-?zero|not 0|positive",
    ),
    case(
        "failed_run_keeps_the_earlier_output",
        lambda k: metadata(k, CLASS_COLORS="#ff0000,#00ff00,#0000ff,red"),
        r"\bred\b",
        r"#rrggbb",
        prepare=_metadata_earlier,
    ),
]


@pytest.mark.parametrize("c", SET_MODEL_METADATA)
def test_set_model_metadata(provider, kit, c):
    check("lithoscope:set_model_metadata", kit, c)


def test_set_model_metadata_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:set_model_metadata", metadata(kit))["OUTPUT"])


# =================================================================================================================
# lithoscope:buildfactors
# =================================================================================================================


def factors(k: Kit, **over) -> dict:
    return {"DEM": k.dem, "TERRAIN": [0, 6], "OUTPUT": k.p("factors.tif"), **over}


def _factors_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:buildfactors", factors(k))


def _geology(k: Kit, name: str = "geology.gpkg", crs="EPSG:32633", **columns) -> str:
    halves = [
        box(ORIGIN[0], ORIGIN[1] - 400, ORIGIN[0] + 250, ORIGIN[1]),
        box(ORIGIN[0] + 250, ORIGIN[1] - 400, ORIGIN[0] + 500, ORIGIN[1]),
    ]
    return k.polygons(name, halves, crs, **(columns or {"rock": ["shale", "granite"]}))


def _faults(k: Kit, name: str = "faults.gpkg", crs="EPSG:32633", at=ORIGIN) -> str:
    line = LineString([(at[0] + 50, at[1] - 50), (at[0] + 450, at[1] - 350)])
    return vector(k.p(name), [line], crs, id=[1])


BUILDFACTORS = [
    case(
        "dem_missing",
        lambda k: factors(k, DEM=k.p("missing.tif")),
        named(r"missing\.tif", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "dem_empty_file",
        lambda k: factors(k, DEM=empty_file(k.p("empty.tif"))),
        named(r"empty\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "dem_truncated",
        lambda k: factors(k, DEM=truncated_copy(k.dem, k.p("cut.tif"))),
        named(r"cut\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "dem_text_named_tif",
        lambda k: factors(k, DEM=text_file(k.p("notes.tif"))),
        named(r"notes\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "dem_is_a_vector_file",
        lambda k: factors(k, DEM=_geology(k)),
        named("geology", r"vector|not a raster|no bands"),
        r"\bgive\b.{0,40}(raster|DEM)|\bchoose\b.{0,40}(raster|DEM)",
    ),
    case(
        "dem_without_crs",
        lambda k: factors(k, DEM=k.raster("nocrs.tif", np.full((20, 20), 300, np.float32), crs=None)),
        NO_CRS,
        ASSIGN_CRS,
    ),
    case(
        "dem_in_degrees",
        lambda k: factors(
            k,
            DEM=k.raster(
                "dem4326.tif",
                (smooth_field((40, 50), seed=2) * 100 + 400).astype(np.float32),
                crs="EPSG:4326",
                pixel=0.0001,
                origin=(15.0, 45.0),
            ),
        ),
        r"geographic|degrees|not projected|EPSG:4326|latitude",
        r"reproject|projected|warp|\bgive\b.{0,60}(CRS|cell size)",
    ),
    case(
        "dem_in_micrometres",
        lambda k: factors(
            k, DEM=k.raster("dem_um.tif", ((smooth_field((40, 50), seed=2) * 100 + 400) * 1e6).astype(np.float32))
        ),
        r"micromet|not (in )?met(re|er)s|units|implausibl|too (high|large)|higher than",
        r"convert|\bscale\b|divide|in met(re|er)s",
    ),
    case(
        "dem_of_2x2_pixels",
        lambda k: factors(k, DEM=k.raster("tiny.tif", np.array([[1, 2], [3, 4]], np.float32) + 300)),
        r"2 ?[x×] ?2|too small|at least \d",
        r"larger|at least|\bgive\b",
    ),
    case(
        "cell_size_typo_huge_grid",
        lambda k: factors(k, CELL_SIZE=0.01),
        r"\d[\d,.]*\s*(million|billion)?\s*(cells|pixels)|too (large|big|many)",
        r"cell size",
        marks=pytest.mark.timeout(30),
    ),
    case(
        "extent_outside_the_dem",
        lambda k: factors(k, EXTENT=f"{FAR[0]},{FAR[0] + 500},{FAR[1]},{FAR[1] + 500} [EPSG:32633]"),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case(
        "raster_factor_outside", lambda k: factors(k, RASTERS=[k.far_raster()]), named("far", NO_OVERLAP), CHECK_PLACE
    ),
    case(
        "raster_factor_without_crs",
        lambda k: factors(k, RASTERS=[k.raster("rain.tif", np.ones((10, 10), np.float32), crs=None)]),
        NO_CRS,
        ASSIGN_CRS,
    ),
    case(
        "float_raster_as_categories",
        lambda k: factors(
            k,
            CATEGORICAL_RASTERS=[
                k.raster("rain.tif", (smooth_field((40, 50), seed=9) * 350 + 1000).astype(np.float32))
            ],
        ),
        named("rain", r"not (whole|integer)|decimal|fraction|continuous|distinct|not codes"),
        r"continuous|RASTERS|codes|\bchoose\b",
    ),
    case(
        "float_field_as_categories",
        lambda k: factors(
            k, POLYGON_FIELDS=_geology(k, area=[1234.56, 87.125]), FIELD=["area"], FIELD_CATEGORICAL=["area"]
        ),
        named("area", r"not (whole|integer)|decimal|fraction|continuous|not codes|1234\.56"),
        r"\bchoose\b|text|codes|integer",
    ),
    case(
        "polygon_field_missing",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k), FIELD=["lithology"]),
        named("lithology", r"no field|not (a )?field|does not exist|not found"),
        r"\bchoose\b|its fields|fields:",
    ),
    case(
        "polygons_outside",
        lambda k: factors(k, POLYGON_FIELDS=k.far_polygons(rock=["shale"]), FIELD=["rock"]),
        named("far", NO_OVERLAP),
        CHECK_PLACE,
    ),
    case(
        "polygons_without_features",
        lambda k: factors(k, POLYGON_FIELDS=k.empty_polygons(), FIELD=["rock"]),
        r"no (features|polygons)|empty",
        r"\bgive\b|\bchoose\b|\bremove\b|\badd\b",
    ),
    case(
        "polygons_without_crs",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k, crs=None), FIELD=["rock"]),
        NO_CRS,
        ASSIGN_CRS,
    ),
    case(
        "polygons_in_utm_labelled_wgs84",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k, "geo4326.gpkg", crs="EPSG:4326"), FIELD=["rock"]),
        NO_OVERLAP + r"|CRS|coordinates",
        CHECK_PLACE,
    ),
    case(
        "distance_layer_without_features",
        lambda k: factors(k, DISTANCE_TO=[k.empty_polygons("no_faults.gpkg")]),
        r"no (features|geometries|lines|polygons)|empty",
        r"\bgive\b|\bchoose\b|\bremove\b|\badd\b",
    ),
    case("distance_layer_without_crs", lambda k: factors(k, DISTANCE_TO=[_faults(k, crs=None)]), NO_CRS, ASSIGN_CRS),
    case(
        "distance_layer_far_away",
        lambda k: factors(k, DISTANCE_TO=[_faults(k, "far_faults.gpkg", at=FAR)]),
        named("far_faults", NO_OVERLAP + r"|farther than|beyond|maximum distance everywhere|constant"),
        CHECK_PLACE + r"|maximum distance",
    ),
    case("output_png", lambda k: factors(k, OUTPUT=k.p("factors.png")), *ext("png", "tif")),
    case("output_is_the_dem", lambda k: factors(k, OUTPUT=k.dem), IS_INPUT, OTHER_NAME),
    case(
        "output_in_a_missing_folder",
        lambda k: factors(k, OUTPUT=k.p("no", "such", "factors.tif")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case("output_in_a_readonly_folder", lambda k: factors(k, OUTPUT=f"{READONLY}.tif"), NOT_WRITABLE, WRITABLE_FIX),
    case(
        "text_codes_model_not_onnx",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k), FIELD=["rock"], TEXT_CODES_MODEL=text_file(k.p("codes.onnx"))),
        named(r"codes\.onnx", NOT_ONNX + "|" + WRONG_FILE),
        EXPORT,
    ),
    case(
        "text_codes_model_missing",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k), FIELD=["rock"], TEXT_CODES_MODEL=k.p("trained.onnx")),
        named(r"trained\.onnx", MISSING),
        r"\bcheck the path\b|\bchoose\b|\bgive\b|leave .{0,30}empty",
    ),
    case(
        "no_terrain_factor_chosen",
        lambda k: factors(k, TERRAIN=[]),
        r"no terrain factor",
        r"\bchoose\b",
    ),
    case(
        "failed_run_keeps_the_earlier_output",
        lambda k: factors(k, POLYGON_FIELDS=_geology(k), FIELD=["rock"], TEXT_CODES_MODEL=k.cnn),
        r"no text codes|factor_text_codes",
        r"train .{0,30}again|leave .{0,40}empty",
        prepare=_factors_earlier,
    ),
]


@pytest.mark.parametrize("c", BUILDFACTORS)
def test_buildfactors(provider, kit, c):
    check("lithoscope:buildfactors", kit, c)


def test_buildfactors_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:buildfactors", factors(kit))["OUTPUT"])


def test_buildfactors_warns_of_undeclared_fill_values_and_leaves_them_nodata(provider, kit):
    dem = (smooth_field((40, 50), seed=2) * 100 + 400).astype(np.float32)
    dem[:6, :5] = -3.4028235e38  # 30 pixels of a fill value the DEM does not declare
    path = kit.raster("dem_fill.tif", dem)
    out = kit.p("factors.tif")
    assert_warned(
        "lithoscope:buildfactors",
        {"DEM": path, "TERRAIN": [0], "OUTPUT": out},
        named(r"\b30\b", r"-3\.4\d*e\+?38|fill value|nodata"),
    )
    with rasterio.open(out) as ds:
        slope = ds.read(1)
    assert np.isnan(slope[:6, :5]).all(), "the fill values are nodata in the slope"
    assert np.isfinite(slope[10:-1, 10:-1]).all() and np.nanmax(slope) < 60, "slopes elsewhere are real slopes"


def test_buildfactors_warns_of_infinite_values_and_leaves_them_nodata(provider, kit):
    dem = (smooth_field((40, 50), seed=2) * 100 + 400).astype(np.float32)
    dem[20:22, 20:25] = np.inf  # 10 pixels
    path = kit.raster("dem_inf.tif", dem)
    out = kit.p("factors.tif")
    assert_warned(
        "lithoscope:buildfactors", {"DEM": path, "TERRAIN": [0], "OUTPUT": out}, named(r"\b10\b", r"infinit|\binf\b")
    )
    with rasterio.open(out) as ds:
        slope = ds.read(1)
    assert np.isnan(slope[20:22, 20:25]).all() and np.nanmax(slope) < 60


# =================================================================================================================
# lithoscope:trainsusceptibility
# =================================================================================================================


def train(k: Kit, **over) -> dict:
    return {
        "FACTORS": k.shared.get("factors") or k.factors(),
        "INVENTORY": k.landslides(),
        "MODEL_TYPE": 1,  # logistic regression: fast
        "VALIDATION": [0],
        "FOLDS": 3,
        "COMPARE_MODELS": False,
        "OUTPUT_MODEL": k.p("model.onnx"),
        "OUTPUT_REPORT": k.p("report.html"),
        "OUTPUT_METRICS": k.p("metrics.json"),
        **over,
    }


def _train_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:trainsusceptibility", train(k))


FEW = r"too few|only \d+|not enough|at least (\d+|one)"

TRAINSUSCEPTIBILITY = [
    case(
        "factors_missing",
        lambda k: train(k, FACTORS=k.p("missing.tif")),
        named(r"missing\.tif", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "factors_empty_file",
        lambda k: train(k, FACTORS=empty_file(k.p("empty.tif"))),
        named(r"empty\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "factors_truncated",
        lambda k: train(k, FACTORS=truncated_copy(k.factors(), k.p("cut.tif"), 0.3)),
        named(r"cut\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "factors_text_named_tif",
        lambda k: train(k, FACTORS=text_file(k.p("notes.tif"))),
        named(r"notes\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case("factors_without_crs", lambda k: train(k, FACTORS=k.factors("nocrs.tif", crs=None)), NO_CRS, ASSIGN_CRS),
    case(
        "factor_band_all_nodata",
        lambda k: train(
            k,
            FACTORS=k.factors(
                "holes.tif",
                data=np.concatenate(
                    [Kit.factor_data()[:1], np.full((1, 40, 40), np.nan, np.float32), Kit.factor_data()[2:]]
                ),
            ),
        ),
        named(r"f2", r"no (valid )?(values|data)|empty|all.{0,20}(NaN|nodata)"),
        r"\b(re)?build\b|\bremove\b|\bgive\b|\bcheck\b|\bfill\b",
    ),
    case(
        "factors_of_2x2_pixels",
        lambda k: train(k, FACTORS=k.factors("tiny.tif", data=Kit.factor_data()[:, :2, :2].copy(), size=(2, 2))),
        r"2 ?[x×] ?2|too (small|few)|\b4 pixels|only \d+ (pixels|samples)",
        r"larger|\bgive\b|more",
    ),
    case("inventory_outside", lambda k: train(k, INVENTORY=k.far_polygons("far_slides.gpkg")), NO_OVERLAP, CHECK_PLACE),
    case(
        "inventory_without_features",
        lambda k: train(k, INVENTORY=k.empty_points()),
        r"no (landslides|features|points)|empty",
        r"\bgive\b|\bchoose\b|\badd\b|\bmap\b",
    ),
    case(
        "inventory_without_crs", lambda k: train(k, INVENTORY=k.landslides("nocrs.gpkg", crs=None)), NO_CRS, ASSIGN_CRS
    ),
    case(
        "inventory_in_utm_labelled_wgs84",
        lambda k: train(k, INVENTORY=k.landslides("slides4326.gpkg", crs="EPSG:4326")),
        NO_OVERLAP + r"|CRS|coordinates",
        CHECK_PLACE,
    ),
    case(
        "raster_inventory_coded_7",
        lambda k: train(k, INVENTORY=None, INVENTORY_RASTER=k.slide_raster("scarps7.tif", 7)),
        named(r"\b7\b", r"no (pixel|value) (of )?1|1 marks|landslides? (are|is) (marked|coded)|no landslide"),
        r"reclassif|\brecode\b|\bmark\b.{0,40}\b1\b|\b1\b.{0,40}(landslide|mark)",
    ),
    case(
        "year_field_of_text",
        lambda k: train(
            k,
            INVENTORY=k.landslides("text_years.gpkg", year=["old" if i % 2 else "new" for i in range(40)]),
            VALIDATION=[2],
            YEAR_FIELD="year",
        ),
        named(r"year", r"text|not (a )?(number|year|date)s?|'old'|'new'"),
        r"\bchoose\b|numbers|years|dates",
    ),
    case(
        "value_column_as_year_field",
        lambda k: train(
            k,
            INVENTORY=k.landslides("depths.gpkg", depth_m=[0.37 + 0.11 * i for i in range(40)]),
            VALIDATION=[2],
            YEAR_FIELD="depth_m",
        ),
        named(r"depth_m", r"not (years|dates|a year)|year"),
        r"\bchoose\b.{0,60}(year|date)",
    ),
    case(
        "temporal_with_too_few_later_landslides",
        lambda k: train(
            k, INVENTORY=k.landslides("late.gpkg", year=[2000] * 38 + [2010] * 2), VALIDATION=[2], YEAR_FIELD="year"
        ),
        named(r"later|test|\b2010\b|after", FEW + r"|\b2 landslides"),
        r"\bchoose\b|\bsplit\b|random|spatial|more",
    ),
    case(
        "more_folds_than_samples_allow",
        lambda k: train(k, INVENTORY=k.landslides("twelve.gpkg", n=12), FOLDS=50),
        named(r"50 (cross-validation )?folds", FEW + r"|more folds than|samples"),
        r"fewer folds|\bat most \d+|reduce|\bchoose\b.{0,30}folds|FOLDS",
    ),
    case(
        "label_field_of_fractions",
        lambda k: train(k, INVENTORY=k.landslides("frac.gpkg", p=[0.3 + 0.01 * i for i in range(40)]), LABEL_FIELD="p"),
        named(r"\bp\b|label", r"0 (or|and) 1|1 .{0,20}or 0|0\.3|not 0/1|only 0"),
        r"\bgive\b|\buse\b|\bchoose\b|\bcode\b",
    ),
    case(
        "label_field_of_text",
        lambda k: train(
            k,
            INVENTORY=k.landslides("yesno.gpkg", slid=["yes" if i % 2 else "no" for i in range(40)]),
            LABEL_FIELD="slid",
        ),
        named(r"slid|label", r"text|'yes'|'no'|0 (or|and) 1|1 .{0,20}or 0|not (a )?number"),
        r"\bgive\b|\buse\b|\bchoose\b|\bcode\b",
    ),
    case("study_area_outside", lambda k: train(k, STUDY_AREA=k.far_polygons("far_area.gpkg")), NO_OVERLAP, CHECK_PLACE),
    case(
        "study_area_without_features",
        lambda k: train(k, STUDY_AREA=k.empty_polygons()),
        r"no (features|polygons)|empty",
        r"\bgive\b|\bchoose\b|\bdraw\b|leave .{0,30}empty",
    ),
    case(
        "mapping_units_outside",
        lambda k: train(k, MAPPING_UNITS=k.far_polygons("far_units.gpkg")),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case("model_output_tif", lambda k: train(k, OUTPUT_MODEL=k.p("model.tif")), *ext("tif", "onnx")),
    case("metrics_output_txt", lambda k: train(k, OUTPUT_METRICS=k.p("metrics.txt")), *ext("txt", "json")),
    case("report_output_pdf", lambda k: train(k, OUTPUT_REPORT=k.p("report.pdf")), *ext("pdf", "html")),
    case(
        "metrics_output_is_the_inventory",
        lambda k: train(
            k,
            INVENTORY=vector(
                k.p("slides.json"),
                [Point(ORIGIN[0] + 15 + 10 * i, ORIGIN[1] - 15 - 10 * i) for i in range(30)],
                "EPSG:32633",
                id=list(range(30)),
            ),
            OUTPUT_METRICS=k.p("slides.json"),
        ),
        IS_INPUT,
        OTHER_NAME,
    ),
    case(
        "report_and_metrics_one_file",
        lambda k: train(k, OUTPUT_REPORT=k.p("results.html"), OUTPUT_METRICS=k.p("results.html")),
        SAME_NAME + r"|\.json",
        OTHER_NAME + r"|\.json",
    ),
    case(
        "model_in_a_missing_folder",
        lambda k: train(k, OUTPUT_MODEL=k.p("no", "such", "model.onnx")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case("model_in_a_readonly_folder", lambda k: train(k, OUTPUT_MODEL=f"{READONLY}.onnx"), NOT_WRITABLE, WRITABLE_FIX),
    case(
        "failed_run_keeps_the_earlier_outputs",
        lambda k: train(k, INVENTORY=k.far_polygons("far_slides.gpkg")),
        NO_OVERLAP,
        CHECK_PLACE,
        prepare=_train_earlier,
    ),
]


@pytest.mark.parametrize("c", TRAINSUSCEPTIBILITY)
def test_trainsusceptibility(provider, kit, c):
    check("lithoscope:trainsusceptibility", kit, c)


def test_trainsusceptibility_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:trainsusceptibility", train(kit))["OUTPUT_MODEL"])


def test_trainsusceptibility_warns_of_undeclared_fill_values(provider, kit):
    data = Kit.factor_data()
    data[1, :3, :10] = -3.4028235e38  # 30 pixels of f2: a fill value the raster does not declare
    path = kit.factors("filled.tif", data=data)
    result, _ = assert_warned(
        "lithoscope:trainsusceptibility",
        train(kit, FACTORS=path),
        named(r"\b30\b", r"-3\.4\d*e\+?38|fill value|nodata"),
    )
    metrics = json.load(open(result["OUTPUT_METRICS"]))
    assert metrics["validation"]["random"]["mean"] > 0.8, "the fill values did not spoil the model"


def test_trainsusceptibility_warns_of_infinite_values(provider, kit):
    data = Kit.factor_data()
    data[1, 30:32, :5] = np.inf  # 10 pixels
    path = kit.factors("inf.tif", data=data)
    result, _ = assert_warned(
        "lithoscope:trainsusceptibility", train(kit, FACTORS=path), named(r"\b10\b", r"infinit|\binf\b")
    )
    assert os.path.exists(result["OUTPUT_MODEL"])


# =================================================================================================================
# lithoscope:susceptibility
# =================================================================================================================


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> dict:
    """Factors and a logistic model trained on them (with 3 fold models), made once for the module."""
    from lithoscope.susceptibility.workflow import TrainParams
    from lithoscope.susceptibility.workflow import train as train_model

    folder = tmp_path_factory.mktemp("trained")
    k = Kit(str(folder))
    params = TrainParams(
        k.factors(),
        k.landslides(),
        k.p("model.onnx"),
        model_type="logistic",
        validation=("random",),
        folds=3,
        compare_models=False,
    )
    result = train_model(params)
    alone = train_model(dataclasses.replace(params, model_path=k.p("alone.onnx"), uncertainty=False))
    return {"folders": [str(folder)], "factors": k.factors(), "model": result.model_path, "alone": alone.model_path}


@pytest.fixture
def skit(tmp_path, trained) -> Kit:
    return Kit(str(tmp_path), trained)


def susceptibility(k: Kit, **over) -> dict:
    return {
        "FACTORS": k.shared["factors"],
        "MODEL": k.shared["model"],
        "OUTPUT": k.p("probability.tif"),
        "OUTPUT_CLASSES": k.p("classes.tif"),
        **over,
    }


def _map_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:susceptibility", susceptibility(k))


def _units(k: Kit, name: str = "units.gpkg") -> str:
    cells = [
        box(ORIGIN[0] + c * 100, ORIGIN[1] - r * 100 - 100, ORIGIN[0] + c * 100 + 100, ORIGIN[1] - r * 100)
        for r in range(4)
        for c in range(4)
    ]
    return k.polygons(name, cells, unit=list(range(16)))


BREAKS_FIX = r"e\.g\.|0\.2, ?0\.4|\bgive\b"

SUSCEPTIBILITY = [
    *model_file_cases("MODEL", susceptibility, lambda k: k.shared["model"]),
    case(
        "a_cnn_as_model",
        lambda k: susceptibility(k, MODEL=k.cnn),
        r"not a susceptibility|susceptibility model|factors?|segmentation",
        r"Train landslide susceptibility|trainsusceptibility|Classify raster|lithoscope:classify",
    ),
    case(
        "a_sequence_model_as_model",
        lambda k: susceptibility(k, MODEL=k.sequence_classifier),
        r"not a susceptibility|sequence",
        r"Train landslide susceptibility|trainsusceptibility|sequenceraster|Sequence model over",
    ),
    case(
        "shipped_model_by_name_on_other_factors",
        lambda k: susceptibility(k, MODEL="landslide_susceptibility_terrain"),
        r"landslide_susceptibility_terrain|aspect_sin|\btwi\b",
        r"Build susceptibility factors|buildfactors|\bbuild\b",
    ),
    case(
        "factors_missing",
        lambda k: susceptibility(k, FACTORS=k.p("missing.tif")),
        named(r"missing\.tif", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "factors_text_named_tif",
        lambda k: susceptibility(k, FACTORS=text_file(k.p("notes.tif"))),
        named(r"notes\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "factors_without_crs", lambda k: susceptibility(k, FACTORS=k.factors("nocrs.tif", crs=None)), NO_CRS, ASSIGN_CRS
    ),
    case(
        "factors_missing_a_band",
        lambda k: susceptibility(
            k, FACTORS=k.factors("two.tif", data=Kit.factor_data()[:2].copy(), names=("slope", "f2"))
        ),
        r"geology",
        r"\bbuild\b|\bgive\b|\badd\b",
    ),
    case(
        "factors_with_an_extra_band",
        lambda k: susceptibility(
            k,
            FACTORS=k.factors(
                "four.tif",
                data=np.concatenate([Kit.factor_data(), Kit.factor_data()[1:2]]),
                names=("slope", "f2", "geology", "rain"),
            ),
        ),
        r"rain",
        r"\bbuild\b|\bgive\b|\bremove\b",
    ),
    case(
        "slope_in_radians",
        lambda k: susceptibility(
            k,
            FACTORS=k.factors(
                "radians.tif", data=Kit.factor_data() * np.array([np.pi / 180, 1, 1], np.float32)[:, None, None]
            ),
        ),
        named(r"slope", r"radian|range|units|outside .{0,30}training"),
        r"degree|convert|\bbuild\b",
    ),
    case(
        "class_breaks_in_percent",
        lambda k: susceptibility(k, CLASS_BREAKS="20,40,60,80"),
        r"between 0 and 1|0 (and|to) 1|outside|percent",
        BREAKS_FIX,
    ),
    case(
        "class_breaks_unsorted",
        lambda k: susceptibility(k, CLASS_BREAKS="0.8,0.2,0.4,0.6"),
        r"order|increas|sorted|ascending|must rise",
        BREAKS_FIX + r"|\bsort\b|must rise",
    ),
    case(
        "class_breaks_repeated",
        lambda k: susceptibility(k, CLASS_BREAKS="0.2,0.2,0.6,0.8"),
        r"twice|repeat|duplicate|increas|distinct|must rise",
        BREAKS_FIX + r"|must rise",
    ),
    case("one_class_break", lambda k: susceptibility(k, CLASS_BREAKS="0.5"), r"\b4\b|four", BREAKS_FIX),
    case("class_breaks_as_words", lambda k: susceptibility(k, CLASS_BREAKS="low,high"), r"'low,high'", r"numbers"),
    case(
        "inventory_outside",
        lambda k: susceptibility(k, INVENTORY=k.far_polygons("far_slides.gpkg")),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case(
        "raster_inventory_coded_7",
        lambda k: susceptibility(k, INVENTORY_RASTER=k.slide_raster("scarps7.tif", 7)),
        named(r"\b7\b", r"no (pixel|value) (of )?1|1 marks|landslides? (are|is) (marked|coded)|no landslide"),
        r"reclassif|\brecode\b|\bmark\b.{0,40}\b1\b|\b1\b.{0,40}(landslide|mark)",
    ),
    case(
        "label_field_of_fractions",
        lambda k: susceptibility(
            k, INVENTORY=k.landslides("frac.gpkg", p=[0.3 + 0.01 * i for i in range(40)]), LABEL_FIELD="p"
        ),
        named(r"\bp\b|label", r"0 (or|and) 1|1 .{0,20}or 0|0\.3|not 0/1|only 0"),
        r"\bgive\b|\buse\b|\bchoose\b|\bcode\b",
    ),
    case(
        "mapping_units_outside",
        lambda k: susceptibility(k, MAPPING_UNITS=k.far_polygons("far_units.gpkg"), OUTPUT_UNITS=k.p("units_out.gpkg")),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case(
        "mapping_units_without_features",
        lambda k: susceptibility(k, MAPPING_UNITS=k.empty_polygons(), OUTPUT_UNITS=k.p("units_out.gpkg")),
        r"no (features|polygons|units)|empty",
        r"\bgive\b|\bchoose\b|\badd\b",
    ),
    case("output_png", lambda k: susceptibility(k, OUTPUT=k.p("probability.png")), *ext("png", "tif")),
    case("classes_png", lambda k: susceptibility(k, OUTPUT_CLASSES=k.p("classes.png")), *ext("png", "tif")),
    case(
        "units_output_tif",
        lambda k: susceptibility(k, MAPPING_UNITS=_units(k), OUTPUT_UNITS=k.p("units_out.tif")),
        *ext("tif", "gpkg"),
    ),
    case(
        "output_is_the_factors",
        lambda k: susceptibility(k, FACTORS=k.factors(), OUTPUT=k.factors()),
        IS_INPUT,
        OTHER_NAME,
    ),
    case(
        "units_output_is_the_units",
        lambda k: susceptibility(k, MAPPING_UNITS=_units(k), OUTPUT_UNITS=k.p("units.gpkg")),
        IS_INPUT,
        OTHER_NAME,
    ),
    case(
        "probability_and_classes_one_file",
        lambda k: susceptibility(k, OUTPUT_CLASSES=k.p("probability.tif")),
        SAME_NAME,
        OTHER_NAME,
    ),
    case(
        "output_in_a_missing_folder",
        lambda k: susceptibility(k, OUTPUT=k.p("no", "such", "probability.tif")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case(
        "output_in_a_readonly_folder", lambda k: susceptibility(k, OUTPUT=f"{READONLY}.tif"), NOT_WRITABLE, WRITABLE_FIX
    ),
    case(
        "uncertainty_without_fold_models",
        lambda k: susceptibility(k, MODEL=copy(k.shared["alone"], k.p("alone.onnx")), OUTPUT_UNCERTAINTY=k.p("u.tif")),
        r"fold",
        r"\bcopy\b|leave .{0,40}empty|\btrain\b|\bgive\b",
    ),
    case(
        "failed_run_keeps_the_earlier_outputs",
        lambda k: susceptibility(k, CLASS_BREAKS="20,40,60,80"),
        r"between 0 and 1|0 (and|to) 1|outside|percent",
        BREAKS_FIX,
        prepare=_map_earlier,
    ),
]


@pytest.mark.parametrize("c", SUSCEPTIBILITY)
def test_susceptibility(provider, skit, c):
    check("lithoscope:susceptibility", skit, c)


def test_susceptibility_control_the_good_inputs_run(provider, skit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:susceptibility", susceptibility(skit))["OUTPUT"])


def test_susceptibility_warns_of_undeclared_fill_values_and_leaves_them_nodata(provider, skit):
    data = Kit.factor_data()
    data[1, :3, :10] = -3.4028235e38  # 30 pixels of f2
    path = skit.factors("filled.tif", data=data)
    out = skit.p("p.tif")
    assert_warned(
        "lithoscope:susceptibility",
        susceptibility(skit, FACTORS=path, OUTPUT=out, OUTPUT_CLASSES=""),
        named(r"\b30\b", r"-3\.4\d*e\+?38|fill value|nodata"),
    )
    with rasterio.open(out) as ds:
        p, nodata = ds.read(1), ds.nodata
    hole = p[:3, :10]
    assert (np.isnan(hole) | (hole == nodata)).all() and np.isfinite(p[5:]).all()


# =================================================================================================================
# lithoscope:sequenceraster
# =================================================================================================================


def sequenceraster(k: Kit, **over) -> dict:
    return {"INPUT": [k.stack], "MODEL": k.sequence_classifier, "OUTPUT": k.p("classes.tif"), "PLOTS": False, **over}


def _sequenceraster_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:sequenceraster", sequenceraster(k, OUTPUT_PROBABILITIES=k.p("probabilities.tif")))


def _single_dates(k: Kit, order=range(12), far: int | None = None) -> list[str]:
    """One raster per date, named by its date; `far`: that one lies 100 km away."""
    data = np.random.default_rng(0).uniform(2000, 8000, (12, 4, 5)).astype(np.float32)
    paths = [
        k.raster(f"ndvi_{d.replace('-', '')}.tif", data[t], origin=FAR if t == far else ORIGIN)
        for t, d in enumerate(DATES)
    ]
    return [paths[i] for i in order]


NOT_SEQUENCE = r"not a sequence|not sequences|sequence model|\(N, ?T, ?F\)|CNN|segmentation|image model"
USE_CLASSIFY = r"Classify raster|lithoscope:classify"
DATE_FIX = r"\bgive\b.{0,60}dates?|\bsort\b|\border\b.{0,40}(bands|dates)|\bremove\b|\bput\b.{0,30}order|appear once"

SEQUENCERASTER = [
    *model_file_cases("MODEL", sequenceraster, lambda k: k.sequence_classifier),
    case("a_cnn_as_model", lambda k: sequenceraster(k, MODEL=k.cnn), NOT_SEQUENCE, USE_CLASSIFY),
    case(
        "shipped_lithology_model_by_name",
        lambda k: sequenceraster(k, MODEL="lithology_terrain_hungary"),
        named("lithology_terrain_hungary", NOT_SEQUENCE),
        USE_CLASSIFY,
    ),
    case(
        "shipped_susceptibility_model_by_name",
        lambda k: sequenceraster(k, MODEL="landslide_susceptibility_terrain"),
        named("landslide_susceptibility_terrain", r"not a sequence|not sequences|susceptibility"),
        r"Landslide susceptibility map|lithoscope:susceptibility|Classify raster",
    ),
    case(
        "shipped_well_log_model_by_name",
        lambda k: sequenceraster(k, MODEL="seg2016_facies"),
        r"seg2016_facies|well|25 (time )?steps",
        r"welllogs|well logs",
    ),
    case(
        "model_with_more_classes_than_names",
        lambda k: sequenceraster(k, MODEL=k.short_names("short.onnx", 12, 1)),
        r"3 classes.{0,200}(names 2|2 (class )?names)",
        r"Set model metadata|set_model_metadata|class_names",
    ),
    case(
        "input_missing",
        lambda k: sequenceraster(k, INPUT=[k.p("missing.tif")]),
        named(r"missing\.tif", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "input_empty_file",
        lambda k: sequenceraster(k, INPUT=[empty_file(k.p("empty.tif"))]),
        named(r"empty\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "input_text_named_tif",
        lambda k: sequenceraster(k, INPUT=[text_file(k.p("notes.tif"))]),
        named(r"notes\.tif", WRONG_FILE),
        REPLACE_FILE,
    ),
    case(
        "input_without_crs",
        lambda k: sequenceraster(k, INPUT=[k.ndvi_stack("nocrs.tif", crs=None)]),
        NO_CRS,
        ASSIGN_CRS,
    ),
    case(
        "single_date_raster_elsewhere",
        lambda k: sequenceraster(k, INPUT=_single_dates(k, far=5)),
        named(r"20210601", NO_OVERLAP + r"|other grid|same grid|extent"),
        CHECK_PLACE,
    ),
    case(
        "dates_unsorted",
        lambda k: sequenceraster(k, DATES=",".join(DATES[:5] + [DATES[6], DATES[5]] + DATES[7:])),
        named(r"2021-07-01|2021-06-01", r"order|before|not increasing|go back|earlier"),
        DATE_FIX,
    ),
    case(
        "dates_duplicate",
        lambda k: sequenceraster(k, DATES=",".join(DATES[:6] + [DATES[5]] + DATES[7:])),
        named(r"2021-06-01", r"twice|more than once|duplicate|repeated|same date"),
        DATE_FIX,
    ),
    case(
        "eleven_dates_for_twelve_bands",
        lambda k: sequenceraster(k, DATES=",".join(DATES[:11])),
        r"11 dates.{0,100}12",
        r"\bgive\b.{0,40}(one|12)|one (date )?per band",
    ),
    case(
        "band_descriptions_unsorted",
        lambda k: sequenceraster(k, INPUT=[k.ndvi_stack("shuffled.tif", labels=[f"NDVI_{d}" for d in DATES[::-1]])]),
        r"order|before|not increasing|go back|earlier|descending|reverse",
        DATE_FIX + r"|DATES",
    ),
    case(
        "single_date_files_in_the_wrong_order",
        lambda k: sequenceraster(k, INPUT=_single_dates(k, order=[0, 1, 2, 4, 3, 5, 6, 7, 8, 9, 10, 11])),
        r"order|before|not increasing|go back|earlier",
        DATE_FIX + r"|date order",
    ),
    case("date_format_invalid", lambda k: sequenceraster(k, DATE_FORMAT="%Q%"), r"'%Q%'", r"strptime|e\.g\.|%Y"),
    case(
        "too_few_bands",
        lambda k: sequenceraster(k, INPUT=[k.ndvi_stack("six.tif", bands=6)]),
        r"6 (time )?steps?.{0,200}12|12 (time )?steps?.{0,200}6",
        r"\bgive\b.{0,40}(longer|more|12)",
    ),
    case(
        "extent_outside",
        lambda k: sequenceraster(k, EXTENT=f"{FAR[0]},{FAR[0] + 500},{FAR[1]},{FAR[1] + 500} [EPSG:32633]"),
        NO_OVERLAP,
        CHECK_PLACE,
    ),
    case(
        "mask_without_features",
        lambda k: sequenceraster(k, MASK=k.empty_polygons()),
        r"no polygons|no features|empty",
        r"\bgive\b|\bchoose\b|\bselect\b|\badd\b|\bdraw\b|leave .{0,30}empty",
    ),
    case("output_png", lambda k: sequenceraster(k, OUTPUT=k.p("classes.png")), *ext("png", "tif")),
    case("output_is_the_input", lambda k: sequenceraster(k, OUTPUT=k.stack), IS_INPUT, OTHER_NAME),
    case(
        "classes_and_probabilities_one_file",
        lambda k: sequenceraster(k, OUTPUT_PROBABILITIES=k.p("classes.tif")),
        SAME_NAME,
        OTHER_NAME,
    ),
    case(
        "output_in_a_missing_folder",
        lambda k: sequenceraster(k, OUTPUT=k.p("no", "such", "classes.tif")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case(
        "output_in_a_readonly_folder", lambda k: sequenceraster(k, OUTPUT=f"{READONLY}.tif"), NOT_WRITABLE, WRITABLE_FIX
    ),
    case(
        "band_scale_zero",
        lambda k: sequenceraster(k, BAND_SCALE="0"),
        r"scale.{0,80}\b0\b|zero",
        r"\bgive\b|non-?zero|not 0",
    ),
    case(
        "failed_run_keeps_the_earlier_outputs",
        lambda k: sequenceraster(k, OUTPUT_PROBABILITIES=k.p("probabilities.tif"), DATES=",".join(DATES[:11])),
        r"11 dates.{0,100}12",
        r"\bgive\b.{0,40}(one|12)|one (date )?per band",
        prepare=_sequenceraster_earlier,
    ),
]


@pytest.mark.parametrize("c", SEQUENCERASTER)
def test_sequenceraster(provider, kit, c):
    check("lithoscope:sequenceraster", kit, c)


def test_sequenceraster_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:sequenceraster", sequenceraster(kit))["OUTPUT"])


def test_sequenceraster_warns_of_undeclared_fill_values_and_leaves_them_nodata(provider, kit):
    data = np.random.default_rng(0).uniform(2000, 8000, (12, 4, 5)).astype(np.float32)
    data[:, 0, :3] = -3.4028235e38  # 3 pixels, every date: a fill value the stack does not declare
    path = kit.ndvi_stack("filled.tif", data=data)
    out = kit.p("classes.tif")
    assert_warned(
        "lithoscope:sequenceraster",
        sequenceraster(kit, INPUT=[path], OUTPUT=out),
        named(r"\b3 pixels|\b36 values|\b36\b|\b3\b", r"-3\.4\d*e\+?38|fill value"),
    )
    with rasterio.open(out) as ds:
        classes, nodata = ds.read(1), ds.nodata
    assert (classes[0, :3] == nodata).all() and (classes[1:] != nodata).all()


def test_sequenceraster_warns_of_infinite_values(provider, kit):
    data = np.random.default_rng(0).uniform(2000, 8000, (12, 4, 5)).astype(np.float32)
    data[4, 2, 2] = np.inf
    path = kit.ndvi_stack("inf.tif", data=data)
    out = kit.p("classes.tif")
    assert_warned(
        "lithoscope:sequenceraster", sequenceraster(kit, INPUT=[path], OUTPUT=out), named(r"\b1\b", r"infinit|\binf\b")
    )
    assert os.path.exists(out)


# =================================================================================================================
# lithoscope:sequencevector
# =================================================================================================================


def sequencevector(k: Kit, **over) -> dict:
    return {"INPUT": k.station_points, "MODEL": k.forecaster, "OUTPUT": k.p("out.gpkg"), "PLOTS": False, **over}


def _sequencevector_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:sequencevector", sequencevector(k))


def long_table(k: Kit, rows=None, **over) -> dict:
    table = {"TABLE": k.long_table(rows=rows), "ID_FIELD": "station", "TIME_FIELD": "date", "VALUE_FIELDS": ["E"]}
    return sequencevector(k, INPUT=k.points("plain.gpkg", values=np.zeros((3, 0)), names=[]), **{**table, **over})


def _long_table_gpkg(k: Kit) -> str:
    """The long table as a GeoPackage table without geometry."""
    from osgeo import ogr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(k.p("series.gpkg"))
    layer = ds.CreateLayer("series", geom_type=ogr.wkbNone)
    for name, kind in (("station", ogr.OFTString), ("date", ogr.OFTString), ("E", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for i in range(3):
        for t, day in enumerate(DATES):
            feature = ogr.Feature(layer.GetLayerDefn())
            for name, value in (("station", f"S{i}"), ("date", day), ("E", float(t + i))):
                feature.SetField(name, value)
            layer.CreateFeature(feature)
    del layer, ds
    return k.p("series.gpkg")


SEQUENCEVECTOR = [
    *model_file_cases("MODEL", sequencevector, lambda k: k.forecaster),
    case("a_cnn_as_model", lambda k: sequencevector(k, MODEL=k.cnn), NOT_SEQUENCE, USE_CLASSIFY),
    case(
        "shipped_lithology_model_by_name",
        lambda k: sequencevector(k, MODEL="lithology_terrain_hungary"),
        named("lithology_terrain_hungary", NOT_SEQUENCE),
        USE_CLASSIFY,
    ),
    case(
        "shipped_gnss_model_on_12_single_values",
        lambda k: sequencevector(k, MODEL="gnss_displacement_forecast"),
        r"90|3 feature|E, N, U",
        r"\bgive\b|TABLE|VALUE_FIELDS|\bchoose\b",
    ),
    case(
        "model_with_more_classes_than_names",
        lambda k: sequencevector(k, MODEL=k.short_names("short.onnx", 12, 1)),
        r"3 classes.{0,200}(names 2|2 (class )?names)",
        r"Set model metadata|set_model_metadata|class_names",
    ),
    case(
        "layer_without_features",
        lambda k: sequencevector(k, INPUT=k.empty_points(fields={d: 2 for d in DATES})),
        r"no features|empty|no points",
        r"\bgive\b|\bchoose\b|\badd\b",
    ),
    case(
        "no_field_named_by_a_date",
        lambda k: sequencevector(k, INPUT=k.points("undated.gpkg", names=[f"v{i}" for i in range(12)])),
        r"no (numeric )?fields?.{0,80}date|date.{0,80}no fields?|not dates",
        r"FIELDS|DATE_FORMAT|TABLE|\brename\b|\bchoose\b",
    ),
    case(
        "date_fields_chosen_out_of_order",
        lambda k: sequencevector(k, FIELDS=DATES[:5] + [DATES[6], DATES[5]] + DATES[7:]),
        named(r"2021-07-01|2021-06-01", r"order|before|not increasing|go back|earlier"),
        DATE_FIX + r"|\bchoose\b.{0,40}order",
    ),
    case(
        "one_date_in_two_fields",
        lambda k: sequencevector(
            k, INPUT=k.points("twice.gpkg", values=np.arange(39.0).reshape(3, 13), names=DATES + ["20211201"])
        ),
        named(r"2021-12-01|20211201", r"twice|more than once|duplicate|same date"),
        DATE_FIX + r"|FIELDS",
    ),
    case(
        "text_field_among_the_dates",
        lambda k: sequencevector(k, INPUT=k.points("text.gpkg", note=["a", "b", "c"]), FIELDS=DATES[:11] + ["note"]),
        named(r"note", r"text|not (a )?number|not numeric|not (a date|dates)"),
        r"\bchoose\b|numeric|FIELDS|\bgive\b.{0,20}dates|date format",
    ),
    case(
        "date_format_that_matches_no_field",
        lambda k: sequencevector(k, DATE_FORMAT="%d/%m/%Y"),
        r"%d/%m/%Y",
        r"e\.g\.|\bgive\b|leave .{0,20}empty|strptime",
    ),
    case(
        "value_column_as_time_field",
        lambda k: long_table(k, TIME_FIELD="E"),
        named(r"\bE\b", r"not (dates|times)|time field|value"),
        r"\bchoose\b.{0,40}(date|time)|TIME_FIELD",
    ),
    case(
        "one_date_twice_for_a_station",
        lambda k: long_table(
            k,
            rows=[(f"S{i}", d, float(t), "x") for i in range(3) for t, d in enumerate(DATES)]
            + [("S1", DATES[4], 99.0, "x")],
        ),
        named(r"S1", r"twice|more than once|duplicate|two rows"),
        r"\bremove\b|\bkeep one\b|\bgive\b|\baverage\b|one row per",
    ),
    case(
        "text_value_field",
        lambda k: long_table(k, VALUE_FIELDS=["note"]),
        named(r"note", r"text|not (a )?number|not numeric"),
        r"\bchoose\b|numeric|VALUE_FIELDS",
    ),
    case(
        "table_ids_the_layer_lacks",
        lambda k: long_table(k, rows=[(f"X{i}", d, float(t), "x") for i in range(3) for t, d in enumerate(DATES)]),
        r"X0|ids?",
        r"\bgive\b|\bchoose\b|ID_FIELD|\bcheck\b",
    ),
    case(
        "table_with_only_a_header",
        lambda k: long_table(k, rows=[]),
        r"no rows",
        r"\bgive\b",
    ),
    case(
        "table_without_its_fields",
        lambda k: long_table(k, ID_FIELD="", TIME_FIELD=""),
        r"needs its id field",
        r"id field, time field",
    ),
    case("output_png", lambda k: sequencevector(k, OUTPUT=k.p("out.png")), *ext("png", "gpkg")),
    case(
        "output_is_the_input",
        lambda k: sequencevector(k, OUTPUT=k.station_points),
        IS_INPUT,
        OTHER_NAME + r"|WRITE_TO_INPUT|onto the input",
    ),
    case(
        "output_is_the_table",
        lambda k: long_table(k, TABLE=_long_table_gpkg(k), OUTPUT=k.p("series.gpkg")),
        r"input table itself|is the (input )?table",
        OTHER_NAME,
    ),
    case(
        "output_in_a_missing_folder",
        lambda k: sequencevector(k, OUTPUT=k.p("no", "such", "out.gpkg")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case(
        "output_in_a_readonly_folder",
        lambda k: sequencevector(k, OUTPUT=f"{READONLY}.gpkg"),
        NOT_WRITABLE,
        WRITABLE_FIX,
    ),
    case(
        "no_output_and_not_in_place",
        lambda k: {key: v for key, v in sequencevector(k).items() if key != "OUTPUT"},
        r"copy to write",
        r"\bgive\b|\bchoose\b",
    ),
    case(
        "write_onto_a_geojson_layer",
        lambda k: sequencevector(
            k,
            INPUT=vector(
                k.p("points.geojson"),
                [Point(ORIGIN[0] + 10 * i, ORIGIN[1]) for i in range(3)],
                "EPSG:32633",
                **{d: [float(t)] * 3 for t, d in enumerate(DATES)},
            ),
            WRITE_TO_INPUT=True,
            OUTPUT="",
        ),
        r"GeoJSON|GeoPackage or Shapefile|cannot be (written|changed)",
        r"\bsave\b.{0,60}GeoPackage|a copy|OUTPUT",
    ),
    case(
        "failed_run_keeps_the_earlier_output",
        lambda k: sequencevector(k, MODEL=k.bad_model("truncated", k.forecaster)),
        named(r"truncated\.onnx", NOT_ONNX + "|" + WRONG_FILE),
        EXPORT,
        prepare=_sequencevector_earlier,
    ),
]


@pytest.mark.parametrize("c", SEQUENCEVECTOR)
def test_sequencevector(provider, kit, c):
    check("lithoscope:sequencevector", kit, c)


def test_sequencevector_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:sequencevector", sequencevector(kit))["OUTPUT"])
    assert os.path.exists(
        processing.run("lithoscope:sequencevector", long_table(kit, OUTPUT=kit.p("l.gpkg")))["OUTPUT"]
    )


def _forecasts(path: str) -> list:
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    return [(f.GetField("station"), f.GetField("forecast_1")) for f in layer]


def test_sequencevector_warns_of_undeclared_fill_values(provider, kit):
    values = np.arange(36.0).reshape(3, 12)
    values[1, 4] = -3.4028235e38
    points = kit.points("filled.gpkg", values=values)
    out = kit.p("out.gpkg")
    assert_warned(
        "lithoscope:sequencevector",
        sequencevector(kit, INPUT=points, OUTPUT=out),
        named(r"\b1\b|S1", r"-3\.4\d*e\+?38|fill value"),
    )
    got = dict(_forecasts(out))
    assert got["S0"] == pytest.approx(values[0].mean(), abs=1e-4) and (got["S1"] is None or abs(got["S1"]) < 1e3)


def test_sequencevector_warns_of_infinite_values(provider, kit):
    values = np.arange(36.0).reshape(3, 12)
    values[2, 7] = np.inf
    points = kit.points("inf.gpkg", values=values)
    out = kit.p("out.gpkg")
    assert_warned(
        "lithoscope:sequencevector",
        sequencevector(kit, INPUT=points, OUTPUT=out),
        named(r"\b1\b|S2", r"infinit|\binf\b"),
    )
    got = dict(_forecasts(out))
    assert got["S0"] == pytest.approx(values[0].mean(), abs=1e-4) and (got["S2"] is None or np.isfinite(got["S2"]))


# =================================================================================================================
# lithoscope:welllogs
# =================================================================================================================


def welllogs(k: Kit, **over) -> dict:
    return {
        "TABLE": k.well_logs,
        "WELL_FIELD": "well",
        "DEPTH_FIELD": "depth",
        "CURVES": ["GR", "PE"],
        "MODEL": k.facies,
        "OUTPUT_TABLE": k.p("facies.csv"),
        "PLOTS": False,
        **over,
    }


def las_logs(k: Kit, files: list[str], **over) -> dict:
    return {
        "LAS_FILES": files,
        "LAS_CURVES": "GR,PE",
        "MODEL": k.facies,
        "OUTPUT_TABLE": k.p("facies.csv"),
        "PLOTS": False,
        **over,
    }


def _welllogs_earlier(k: Kit) -> None:
    from qgis import processing

    processing.run("lithoscope:welllogs", welllogs(k))


def _rows(**change) -> list:
    rows = [["A", 100 + i, 40.0 + 8 * i, 3.0, "sh"] for i in range(8)]
    rows += [["B", 50 + i, 70.0 - 5 * i, 2.5, "ss"] for i in range(6)]
    for index, (column, value) in change.items():
        rows[int(index[1:])][column] = value
    return rows


DEPTH_FIX = r"\bsort\b|\bremove\b|increase down|\bgive\b"

WELLLOGS = [
    *model_file_cases("MODEL", welllogs, lambda k: k.facies),
    case("a_cnn_as_model", lambda k: welllogs(k, MODEL=k.cnn), NOT_SEQUENCE, USE_CLASSIFY),
    case(
        "shipped_ndvi_model_by_name",
        lambda k: welllogs(k, MODEL="ndvi_landcover"),
        r"ndvi_landcover|NDVI|1 (feature|curve).{0,100}2|2 curves.{0,100}1",
        r"sequenceraster|sequencevector|\bchoose\b|\bgive\b",
    ),
    case(
        "shipped_lithology_model_by_name",
        lambda k: welllogs(k, MODEL="lithology_terrain_hungary"),
        named("lithology_terrain_hungary", NOT_SEQUENCE),
        USE_CLASSIFY,
    ),
    case(
        "model_with_more_classes_than_names",
        lambda k: welllogs(k, MODEL=k.short_names("short.onnx", 3, 2)),
        r"3 classes.{0,200}(names 2|2 (class )?names)",
        r"Set model metadata|set_model_metadata|class_names",
    ),
    case(
        "table_missing",
        lambda k: welllogs(k, TABLE=k.p("missing.csv")),
        named(r"missing\.csv", MISSING + r"|cannot|could not"),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "table_with_only_a_header",
        lambda k: welllogs(k, TABLE=k.logs("header.csv", rows=[])),
        r"no rows",
        r"\bgive\b",
    ),
    case(
        "depths_as_text",
        lambda k: welllogs(k, TABLE=k.logs("units.csv", rows=[[w, f"{d} m", g, p, t] for w, d, g, p, t in _rows()])),
        named(r"depth", r"text|not (a )?number|'100 m'"),
        r"\bchoose\b|numbers|\bremove\b.{0,30}unit",
    ),
    case(
        "depths_going_up",
        lambda k: welllogs(k, TABLE=k.logs("up.csv", rows=_rows(r3=(1, 99)))),
        r"do not increase|go up",
        DEPTH_FIX,
    ),
    case(
        "depth_twice",
        lambda k: welllogs(k, TABLE=k.logs("twice.csv", rows=_rows(r3=(1, 102)))),
        r"twice|do not increase",
        DEPTH_FIX,
    ),
    case(
        "curve_column_as_well_field",
        lambda k: welllogs(k, WELL_FIELD="GR"),
        named(r"GR", r"one sample|single sample|1 sample|every (row|sample)"),
        r"\bchoose\b.{0,40}well",
    ),
    case(
        "text_column_as_a_curve",
        lambda k: welllogs(k, CURVES=["GR", "lith"]),
        named(r"lith", r"text|not (a )?number|not numeric"),
        r"\bchoose\b|numeric|CURVES",
    ),
    case(
        "one_curve_for_a_two_curve_model",
        lambda k: welllogs(k, CURVES=["GR"]),
        r"2 (curves|feature).{0,200}\b1\b|\b1 (curve|feature).{0,200}\b2\b",
        r"\bchoose\b|\bgive\b",
    ),
    case(
        "las_file_missing",
        lambda k: las_logs(k, [k.p("missing.las")]),
        named(r"missing\.las", MISSING),
        r"\bcheck the path\b|\bchoose\b|\bgive\b",
    ),
    case(
        "las_file_empty",
        lambda k: las_logs(k, [empty_file(k.p("empty.las"))]),
        named(r"empty\.las", WRONG_FILE + r"|no curves|no data"),
        REPLACE_FILE,
    ),
    case(
        "csv_named_las",
        lambda k: las_logs(k, [copy(k.well_logs, k.p("logs.las"))]),
        named(r"logs\.las", WRONG_FILE + r"|not a LAS|~V|section"),
        REPLACE_FILE + r"|TABLE|as a table",
    ),
    case(
        "las_curve_it_lacks",
        lambda k: las_logs(k, [k.las("a.las", 100 + np.arange(8.0), 40 + 8 * np.arange(8.0))], LAS_CURVES="GR,RHOB"),
        named(r"RHOB", r"no curve|not (in|found)|lacks|has no"),
        r"\bchoose\b|its curves|curves:|LAS_CURVES",
    ),
    case(
        "las_depths_unsorted",
        lambda k: las_logs(k, [k.las("a.las", [100, 101, 103, 102, 104, 105, 106, 107], 40 + 8 * np.arange(8.0))]),
        r"do not increase|go up|order|unsorted",
        DEPTH_FIX,
    ),
    case(
        "table_and_las_files",
        lambda k: welllogs(k, LAS_FILES=[k.las("a.las", 100 + np.arange(8.0), 40 + 8 * np.arange(8.0))]),
        r"not both",
        r"either as a table or as LAS files",
    ),
    case("output_xlsx", lambda k: welllogs(k, OUTPUT_TABLE=k.p("facies.xlsx")), *ext("xlsx", "csv")),
    case("output_is_the_table", lambda k: welllogs(k, OUTPUT_TABLE=k.well_logs), r"well table itself", OTHER_NAME),
    case(
        "output_in_a_missing_folder",
        lambda k: welllogs(k, OUTPUT_TABLE=k.p("no", "such", "facies.csv")),
        FOLDER_MISSING,
        CREATE_FOLDER,
    ),
    case(
        "output_in_a_readonly_folder", lambda k: welllogs(k, OUTPUT_TABLE=f"{READONLY}.csv"), NOT_WRITABLE, WRITABLE_FIX
    ),
    case(
        "wells_output_csv",
        lambda k: welllogs(k, WELLS=k.wells, WELLS_FIELD="well", OUTPUT_WELLS=k.p("summary.csv")),
        *ext("csv", "gpkg"),
    ),
    case(
        "wells_output_is_the_wells",
        lambda k: welllogs(k, WELLS=k.wells, WELLS_FIELD="well", OUTPUT_WELLS=k.wells),
        IS_INPUT + r"|well points itself",
        OTHER_NAME + r"|WRITE_TO_INPUT|onto the well points",
    ),
    case(
        "well_points_of_other_wells",
        lambda k: welllogs(
            k,
            WELLS=vector(k.p("others.gpkg"), [Point(*ORIGIN)], "EPSG:32633", well=["Z"]),
            WELLS_FIELD="well",
            OUTPUT_WELLS=k.p("summary.gpkg"),
        ),
        named(r"'?Z'?|none of", r"match|no well|not (in|among)"),
        r"\bchoose\b|WELLS_FIELD|\bcheck\b",
    ),
    case(
        "failed_run_keeps_the_earlier_output",
        lambda k: welllogs(k, TABLE=k.logs("up.csv", rows=_rows(r3=(1, 99)))),
        r"do not increase|go up",
        DEPTH_FIX,
        prepare=_welllogs_earlier,
    ),
]


@pytest.mark.parametrize("c", WELLLOGS)
def test_welllogs(provider, kit, c):
    check("lithoscope:welllogs", kit, c)


def test_welllogs_control_the_good_inputs_run(provider, kit):
    from qgis import processing

    assert os.path.exists(processing.run("lithoscope:welllogs", welllogs(kit))["OUTPUT_TABLE"])
    las = las_logs(kit, [kit.las("a.las", 100 + np.arange(8.0), 40 + 8 * np.arange(8.0))], OUTPUT_TABLE=kit.p("l.csv"))
    assert os.path.exists(processing.run("lithoscope:welllogs", las)["OUTPUT_TABLE"])


def _classes(path: str) -> dict:
    import csv

    with open(path, encoding="utf-8") as f:
        return {(r["well"], float(r["depth"])): r.get("class_name") for r in csv.DictReader(f)}


def test_welllogs_table_with_las_null_values_reads_them_as_gaps_and_says_so(provider, kit):
    rows = _rows(r10=(3, -999.25), r11=(3, -999.25))  # PE of well B at depths 52 and 53: the LAS null value
    out = kit.p("facies.csv")
    assert_warned(
        "lithoscope:welllogs",
        welllogs(kit, TABLE=kit.logs("nulls.csv", rows=rows), OUTPUT_TABLE=out),
        named(r"\b2\b", r"-999\.25"),
    )
    got = _classes(out)
    assert not got[("B", 52.0)] and not got[("B", 53.0)], "samples whose window holds a null are gaps, not classes"
    assert got[("A", 100.0)] == "sand" and got[("A", 107.0)] == "shale"


def test_welllogs_las_null_values_are_gaps_and_the_log_says_so(provider, kit):
    gr = 40 + 8 * np.arange(8.0)
    pe = np.array([3.0, 3.0, 3.0, -999.25, 3.0, 3.0, 3.0, 3.0])
    path = kit.las("a.las", 100 + np.arange(8.0), gr, pe)
    out = kit.p("facies.csv")
    feedback_lines = assert_said(
        "lithoscope:welllogs", las_logs(kit, [path], OUTPUT_TABLE=out), r"-999\.25|NULL|gaps? in PE"
    )
    assert feedback_lines
    got = _classes(out)
    assert not got[("A", 103.0)], "the null sample is a gap"
    assert got[("A", 100.0)] == "sand" and got[("A", 107.0)] == "shale"


def test_welllogs_warns_of_infinite_values(provider, kit):
    rows = _rows(r2=(2, float("inf")))
    out = kit.p("facies.csv")
    assert_warned(
        "lithoscope:welllogs",
        welllogs(kit, TABLE=kit.logs("inf.csv", rows=rows), OUTPUT_TABLE=out),
        named(r"\b1\b", r"infinit|\binf\b"),
    )
    assert not _classes(out)[("A", 102.0)]
