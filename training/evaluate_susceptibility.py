# SPDX-License-Identifier: GPL-2.0-or-later
"""Cross-validated AUC of every susceptibility model type on the two real inventories.

- ecuador_landslides: the 1,535 labelled points as given (field lslpts: 175 landslides, 1,360 not),
  factors slope, plan and profile curvature, log10 catchment area (factor_*.tif) and elevation
  (dem_10m.tif), on the 10 m grid.
- hungary_landslides: the scarp mask (1 = scarp, 4,997 pixels) against the rest of the mapped area:
  absences sampled at ratio 1 with seed 0 outside a 2-cell buffer; factors elevation, slope and
  geology (14 classes, categorical, one-hot), on the 31 m grid.

Factors are stacked with Lithoscope's `build_factors`; samples, folds and models are those of
`susceptibility.workflow.train` (inventory.load_samples, validation.make_split / cross_validate,
models.fit_model). Prints per area:
- the skill table: spatial-CV AUC with k-means folds (the strict one: compact held-out regions) of the
  frequency-ratio baseline, logistic regression, random forest and gradient boosting, factor step by
  step (the given factors; + terrain factors of the DEM; + local relief at three scales; geology
  target-encoded), with the best model's margin over the frequency ratio;
- for the best step, mean ± std of the fold AUCs of every model type for spatial CV with square
  blocks, with k-means clusters and random CV, 5 folds, seed 0.

    .venv/bin/python training/evaluate_susceptibility.py [--data ../shared/datasets] [--out /tmp/...]
"""

from __future__ import annotations

import argparse
import os
import time

from export_common import lithoscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


RELIEF = ("relief_3", "relief_10", "relief_30")
TERRAIN = ("aspect_sin", "aspect_cos", "plan_curvature", "profile_curvature", "roughness", "tpi", "twi")


def ecuador(data: str, out: str, terrain: tuple[str, ...] = ()) -> dict:
    """Factors and samples of the Ecuador set (points as given), with `terrain` factors of the DEM added."""
    from lithoscope.susceptibility.factors import RasterFactor, TerrainFactors, build_factors
    from lithoscope.susceptibility.grid import grid_from_raster
    from lithoscope.susceptibility.inventory import load_samples

    folder = os.path.join(data, "ecuador_landslides")
    rasters = [(f"factor_{n}.tif", n) for n in ("slope", "cplan", "cprof", "log10_carea")] + [("dem_10m.tif", "elev")]
    factors: list = [RasterFactor(os.path.join(folder, f), name=n) for f, n in rasters]
    if terrain:
        factors.append(TerrainFactors(os.path.join(folder, "dem_10m.tif"), names=tuple(terrain)))
    path = os.path.join(out, f"ecuador_factors_{len(terrain)}.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "factor_slope.tif")), path)
    inventory = os.path.join(folder, "landslide_points_all_1535.gpkg")
    return {"factors": path, "samples": load_samples(path, inventory, label_field="lslpts")}


def hungary(data: str, out: str, terrain: tuple[str, ...] = ()) -> dict:
    """Factors and samples of the Hungary set (scarp pixels against sampled absences), with `terrain` factors."""
    from lithoscope.susceptibility.factors import RasterFactor, TerrainFactors, build_factors
    from lithoscope.susceptibility.grid import grid_from_raster
    from lithoscope.susceptibility.inventory import load_samples

    folder = os.path.join(data, "hungary_landslides")
    factors: list = [
        RasterFactor(os.path.join(folder, "dem_srtm_31m.tif"), name="elev"),
        RasterFactor(os.path.join(folder, "slope_31m.tif"), name="slope"),
        RasterFactor(os.path.join(folder, "geology_14classes_31m.tif"), name="geology", kind="categorical"),
    ]
    if terrain:
        factors.append(TerrainFactors(os.path.join(folder, "dem_srtm_31m.tif"), names=tuple(terrain)))
    path = os.path.join(out, f"hungary_factors_{len(terrain)}.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "geology_14classes_31m.tif")), path)
    inventory = os.path.join(folder, "landslide_scarps_mask_31m.tif")
    return {"factors": path, "samples": load_samples(path, inventory, absence_ratio=1.0, seed=0)}


# The steps of the skill table: (label, terrain factors of the DEM added to the given ones, categorical encoding).
STEPS = (
    ("factors as given", (), "onehot"),
    ("+ terrain (aspect, curvatures, roughness, TPI, TWI)", TERRAIN, "onehot"),
    ("+ multi-scale relief (3, 10, 30 cells)", RELIEF, "onehot"),
    ("+ multi-scale relief, geology target-encoded", RELIEF, "target"),
    ("+ terrain and multi-scale relief", TERRAIN + RELIEF, "onehot"),
)
STEP_MODELS = ("frequency_ratio", "logistic", "random_forest", "gradient_boosting")


def steps(area: str, data: str, out: str, folds: int, seed: int) -> tuple[str, tuple]:
    """The skill table of one area: k-means spatial-CV AUC per factor step and model; returns it and the best step."""
    from lithoscope.susceptibility.models import MODEL_LABELS
    from lithoscope.susceptibility.validation import cross_validate, make_split

    builder = {"ecuador": ecuador, "hungary": hungary}[area]
    lines = [
        f"### {area}: spatial-CV AUC with k-means folds ({folds} folds, seed {seed}), step by step",
        "",
        "| factors | " + " | ".join(MODEL_LABELS[m] for m in STEP_MODELS) + " | best − frequency ratio |",
        "|---|" + "---|" * (len(STEP_MODELS) + 1),
    ]
    best_step, best_auc = STEPS[0], -1.0
    for label, terrain, encoding in STEPS:
        samples = builder(data, out, terrain)["samples"]
        if encoding == "target" and "categorical" not in samples.kinds:
            continue  # no categorical factor: the same as the step before
        split = make_split(samples, "spatial", folds, seed, "kmeans")
        aucs = {}
        for m in STEP_MODELS:
            v = cross_validate(
                samples, split, m, seed=seed, categorical_encoding=encoding, importance=False, baseline=False
            )
            aucs[m] = v.mean_auc
        top = max(aucs[m] for m in STEP_MODELS[1:])
        if top > best_auc:
            best_step, best_auc = (label, terrain, encoding), top
        cells = [f"**{aucs[m]:.3f}**" if aucs[m] == top else f"{aucs[m]:.3f}" for m in STEP_MODELS]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {top - aucs['frequency_ratio']:+.3f} |")
        print(f"  {label}: " + ", ".join(f"{m} {a:.3f}" for m, a in aucs.items()), flush=True)
    return "\n".join(lines), best_step


def evaluate(samples, folds: int, seed: int, encoding: str = "onehot") -> dict:
    """mean, std and seconds of the fold AUCs per (model type, validation)."""
    from lithoscope.susceptibility.models import MODEL_TYPES
    from lithoscope.susceptibility.validation import cross_validate, make_split

    splits = {
        "spatial (blocks)": make_split(samples, "spatial", folds, seed, "blocks"),
        "spatial (k-means)": make_split(samples, "spatial", folds, seed, "kmeans"),
        "random": make_split(samples, "random", folds, seed),
    }
    results = {}
    for model_type in MODEL_TYPES:
        for name, split in splits.items():
            start = time.perf_counter()
            v = cross_validate(
                samples, split, model_type, seed=seed, categorical_encoding=encoding, importance=False, baseline=False
            )
            results[model_type, name] = (v.mean_auc, v.std_auc, time.perf_counter() - start)
        print(f"  {model_type}: " + ", ".join(f"{n} {results[model_type, n][0]:.3f}" for n in splits), flush=True)
    return {"splits": list(splits), "results": results, "descriptions": {n: s.description for n, s in splits.items()}}


def table(area: str, samples, evaluation: dict, label: str = "factors as given") -> str:
    from lithoscope.susceptibility.models import MODEL_LABELS, MODEL_TYPES

    splits = evaluation["splits"]
    info = samples.info
    lines = [
        f"### {area}, {label}: {info['presences']} landslide and {info['absences']} absence samples, "
        f"factors {', '.join(f'{n} ({k})' for n, k in zip(samples.names, samples.kinds))}",
        "",
        "| model | " + " | ".join(f"{s} AUC" for s in splits) + " | time (3 CVs) |",
        "|---|" + "---|" * (len(splits) + 1),
    ]
    best = {s: max(evaluation["results"][m, s][0] for m in MODEL_TYPES) for s in splits}
    for m in MODEL_TYPES:
        cells = []
        for s in splits:
            mean, std, _ = evaluation["results"][m, s]
            text = f"{mean:.3f} ± {std:.3f}"
            cells.append(f"**{text}**" if mean == best[s] else text)
        seconds = sum(evaluation["results"][m, s][2] for s in splits)
        lines.append(f"| {MODEL_LABELS[m]} | " + " | ".join(cells) + f" | {seconds:.1f} s |")
    lines.append("")
    lines += [f"- {s}: {d}" for s, d in evaluation["descriptions"].items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets"))
    parser.add_argument("--out", default="/tmp/lithoscope-susceptibility-eval")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--areas", default="ecuador,hungary")
    args = parser.parse_args()
    lithoscope()
    os.makedirs(args.out, exist_ok=True)
    tables = []
    for area in args.areas.split(","):
        print(f"{area}:", flush=True)
        data = os.path.abspath(args.data)
        step_table, (label, terrain, encoding) = steps(area, data, args.out, args.folds, args.seed)
        tables.append(step_table)
        # Every model and validation on the factors of the best step.
        built = {"ecuador": ecuador, "hungary": hungary}[area](data, args.out, terrain)
        evaluation = evaluate(built["samples"], args.folds, args.seed, encoding)
        tables.append(table(area, built["samples"], evaluation, label))
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
