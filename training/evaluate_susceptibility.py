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
models.fit_model). Prints one Markdown table per area: mean ± std of the fold AUCs for spatial CV
with square blocks (the headline), spatial CV with k-means clusters and random CV, 5 folds, seed 0.

    .venv/bin/python training/evaluate_susceptibility.py [--data ../shared/datasets] [--out /tmp/...]
"""

from __future__ import annotations

import argparse
import os
import time

from export_common import lithoscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ecuador(data: str, out: str) -> dict:
    """Factors and samples of the Ecuador set (points as given)."""
    from lithoscope.susceptibility.factors import RasterFactor, build_factors
    from lithoscope.susceptibility.grid import grid_from_raster
    from lithoscope.susceptibility.inventory import load_samples

    folder = os.path.join(data, "ecuador_landslides")
    rasters = [(f"factor_{n}.tif", n) for n in ("slope", "cplan", "cprof", "log10_carea")] + [("dem_10m.tif", "elev")]
    factors = [RasterFactor(os.path.join(folder, f), name=n) for f, n in rasters]
    path = os.path.join(out, "ecuador_factors.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "factor_slope.tif")), path)
    inventory = os.path.join(folder, "landslide_points_all_1535.gpkg")
    return {"factors": path, "samples": load_samples(path, inventory, label_field="lslpts")}


def hungary(data: str, out: str) -> dict:
    """Factors and samples of the Hungary set (scarp pixels against sampled absences)."""
    from lithoscope.susceptibility.factors import RasterFactor, build_factors
    from lithoscope.susceptibility.grid import grid_from_raster
    from lithoscope.susceptibility.inventory import load_samples

    folder = os.path.join(data, "hungary_landslides")
    factors = [
        RasterFactor(os.path.join(folder, "dem_srtm_31m.tif"), name="elev"),
        RasterFactor(os.path.join(folder, "slope_31m.tif"), name="slope"),
        RasterFactor(os.path.join(folder, "geology_14classes_31m.tif"), name="geology", kind="categorical"),
    ]
    path = os.path.join(out, "hungary_factors.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "geology_14classes_31m.tif")), path)
    inventory = os.path.join(folder, "landslide_scarps_mask_31m.tif")
    return {"factors": path, "samples": load_samples(path, inventory, absence_ratio=1.0, seed=0)}


def evaluate(samples, folds: int, seed: int) -> dict:
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
            v = cross_validate(samples, split, model_type, seed=seed, importance=False, baseline=False)
            results[model_type, name] = (v.mean_auc, v.std_auc, time.perf_counter() - start)
        print(f"  {model_type}: " + ", ".join(f"{n} {results[model_type, n][0]:.3f}" for n in splits), flush=True)
    return {"splits": list(splits), "results": results, "descriptions": {n: s.description for n, s in splits.items()}}


def table(area: str, samples, evaluation: dict) -> str:
    from lithoscope.susceptibility.models import MODEL_LABELS, MODEL_TYPES

    splits = evaluation["splits"]
    info = samples.info
    lines = [
        f"### {area}: {info['presences']} landslide and {info['absences']} absence samples, "
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
    builders = {"ecuador": ecuador, "hungary": hungary}
    tables = []
    for area in args.areas.split(","):
        print(f"{area}:", flush=True)
        built = builders[area](os.path.abspath(args.data), args.out)
        evaluation = evaluate(built["samples"], args.folds, args.seed)
        tables.append(table(area, built["samples"], evaluation))
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
