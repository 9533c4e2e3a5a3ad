# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility report: one self-contained HTML page with its PNG plots beside it.

`write_report(path, context)` writes `path` and `<stem>_<plot>.png` next to it, all under temporary names
renamed into place together (`inference.files.OutputTransaction`), so a failure leaves an earlier report as it
was. Plots are drawn on matplotlib `Figure` objects with an Agg canvas of their own, never through pyplot:
nothing leaks between calls and the backend QGIS (or a console user) chose is left alone.

Every context key but "title" is optional, and a missing or empty key omits its section:
"settings" (dict), "data" (dict of counts; a nested dict such as "missing" becomes its own table),
"validations" (list of `susceptibility.validation.ValidationResult`, or objects with the same attributes),
"models_compared" (model type -> {validation kind: mean AUC}), "classes" (list of dicts: class, lower, upper,
area_km2, area_pct, landslide_pct, density per km², optionally name and frequency_ratio), "classes_note" (str:
how the class table was made, shown above it), "success_rate" and "prediction_rate" ((x, y): cumulative % of
the area, most susceptible first, against % of landslides; without "prediction_rate" the headline validation's
own `prediction_rate` is used), "warnings" (list of str; each validation's `warnings` are added),
"mapping_units" (bool: the samples are mapping units, so shares are "% of units", not "% of the area").
Fold curves are `roc = (false-positive rate, true-positive rate)` and `pr = (recall, precision)`, as
`susceptibility.validation.FoldResult` holds them (`pr_points` reads them).
"""

from __future__ import annotations

import contextlib
import datetime
import html
import math
import os
import re
from typing import TYPE_CHECKING, Any, Callable, Sequence
from urllib.parse import quote

import numpy as np

from ..inference.errors import LithoscopeError
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.text import label, message

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 110
TOP_PARTIAL_DEPENDENCE = 6
# The honest figure first: held-out blocks of ground, then later events, then random pixels.
HEADLINE_ORDER = ("spatial", "temporal", "random")


def _kind_text() -> dict[str, str]:
    """What each validation kind did, in the language of the report."""
    return {
        "spatial": label("spatial cross-validation, whole blocks of the area held out"),
        "temporal": label("temporal validation, trained on earlier landslides and tested on later ones"),
        "random": label("random cross-validation, pixels held out at random"),
    }


def _data_labels() -> dict[str, str]:
    """Row names of the Data table, in the language of the report."""
    return {
        "presences": label("Landslide samples (presences)"),
        "absences": label("Stable-ground samples (absences)"),
        "dropped_nodata": label("Samples dropped (a factor without data there)"),
        "outside_extent": label("Landslides outside the factor extent"),
        "missing": label("Pixels without data, per factor"),
    }


def _kind_name(kind: str) -> str:
    """A validation kind's name in the report's language (the names the core uses, else as is)."""
    names = {"spatial": label("spatial"), "temporal": label("temporal"), "random": label("random")}
    return names.get(kind, kind)


def _whole_text(whole: str) -> str:
    """'the area' or 'the mapping units' in the report's language."""
    return label("the mapping units") if whole == "the mapping units" else label("the area")


_PLOTS_META = "lithoscope-plots"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

Draw = Callable[["Figure"], None]


class _Html(str):
    """Markup already escaped: table cells of this type are written as they are."""


def write_report(path: str, context: dict, *, transaction: OutputTransaction | None = None) -> list[str]:
    """Write the HTML report at `path` and its PNG plots beside it; return every path written (HTML first).

    With `transaction`, the files are only added to it (the caller commits them with its other outputs);
    otherwise they are renamed into place here, all together. PNGs an earlier report of the same name linked
    and this one does not are removed on commit.
    """
    figure_class = _matplotlib_figure()
    folder = os.path.dirname(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    page = _Page(stem)
    text = _render(page, context)
    written: list[tuple[str, str]] = []
    try:
        tmp = temporary_path(path, ".html")
        written.append((tmp, path))
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        for name, (draw, size) in page.plots.items():
            target = os.path.join(folder, name)
            tmp = temporary_path(target, ".png")
            written.append((tmp, target))
            _save_plot(figure_class, draw, size, tmp)
    except BaseException:
        for tmp, _ in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    tx = transaction if transaction is not None else OutputTransaction()
    for tmp, target in written:
        tx.add(tmp, target)
    for name in _earlier_plots(path, stem) - set(page.plots):
        tx.remove(os.path.join(folder, name))
    if transaction is None:
        tx.commit()
    return [target for _, target in written]


def _matplotlib_figure() -> type:
    """matplotlib's Figure class, or an error that says how to install matplotlib."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        from ..inference.system import qgis_python

        raise LithoscopeError(
            f"matplotlib is not installed in the Python that QGIS uses; the report needs it for its plots. "
            f"Install it with: {qgis_python()} -m pip install --user matplotlib, then restart QGIS."
        ) from None
    from ..inference.outputs.figures import cjk_fonts

    cjk_fonts()  # labels translated to Chinese draw with a Chinese font, not as empty boxes
    return Figure


def _save_plot(figure_class: type, draw: Draw, size: tuple[float, float], tmp: str) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figure_class(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig)
    fig.savefig(tmp, format="png", dpi=DPI)


def _earlier_plots(path: str, stem: str) -> set[str]:
    """PNG names the report now at `path` says it linked (only ours: `<stem>_*.png`, no folders)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(16384)
    except OSError:
        return set()
    found = re.search(rf'<meta name="{_PLOTS_META}" content="([^"]*)"', head)
    names = html.unescape(found.group(1)).split("/") if found else []
    return {n for n in names if n.startswith(f"{stem}_") and n.endswith(".png") and os.sep not in n and n != ".."}


class _Page:
    """The plots a page links, by file name, each with how to draw it."""

    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.plots: dict[str, tuple[Draw, tuple[float, float]]] = {}

    def figure(self, plot: str, draw: Draw, caption: str, size: tuple[float, float] = (6.4, 4.2)) -> str:
        base = f"{self.stem}_{_UNSAFE.sub('-', plot).strip('-') or 'plot'}"
        name, n = f"{base}.png", 2
        while name in self.plots:
            name, n = f"{base}-{n}.png", n + 1
        self.plots[name] = (draw, size)
        return (
            f'<figure><img src="{_e(quote(name))}" alt="{_e(caption)}"><figcaption>{_e(caption)}</figcaption></figure>'
        )


# ---------------------------------------------------------------------------------------------- page


def _render(page: _Page, context: dict) -> str:
    title = str(context.get("title") or label("Landslide susceptibility report"))
    validations = [v for v in context.get("validations") or [] if v is not None]
    head = _headline(validations)
    held_out = context.get("prediction_rate")
    if held_out is None and head is not None:
        held_out = getattr(head, "prediction_rate", None)
    curves = {"success_rate": _curve(context.get("success_rate")), "prediction_rate": _curve(held_out)}
    rates = {key: curve for key, curve in curves.items() if curve is not None}
    whole = "the mapping units" if context.get("mapping_units") else "the area"
    sections = [
        ("summary", label("Summary"), _summary(validations, rates, whole)),
        (
            "warnings",
            label("Warnings"),
            _warnings([*(context.get("warnings") or []), *_validation_warnings(validations)]),
        ),
        ("how-to-read", label("How to read this report"), _guide(context, validations, rates)),
        ("data", label("Data"), _data(context.get("data"))),
        ("settings", label("Settings"), _settings(context.get("settings"))),
        (
            "validation",
            label("Validation"),
            _validation(page, validations) + _spatial_methods(context.get("spatial_methods")),
        ),
        ("rates", label("Success and prediction rates"), _rates(page, rates, whole)),
        ("importance", label("Factor importance"), _importance(page, validations)),
        ("partial-dependence", label("Partial dependence"), _partial_dependence(page, validations)),
        ("models", label("Models compared"), _models(page, context.get("models_compared"))),
        (
            "classes",
            label("Susceptibility classes"),
            _classes(
                page,
                context.get("classes"),
                context.get("classes_note"),
                whole,
                held_out=bool(context.get("classes_held_out")),
                fit=context.get("classes_fit"),
            ),
        ),
    ]
    sections = [s for s in sections if s[2]]
    contents = "".join(f'<li><a href="#{key}">{_e(heading)}</a></li>' for key, heading, _ in sections)
    written_by = label("Landslide susceptibility report written by Lithoscope on {date}.").format(
        date=datetime.date.today().isoformat()
    )
    language = "zh-Hans" if re.search(r"[\u4e00-\u9fff]", written_by) else "en"
    body = "".join(f'<section id="{key}"><h2>{_e(heading)}</h2>{part}</section>' for key, heading, part in sections)
    plots = _e("/".join(page.plots))
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="{_PLOTS_META}" content="{plots}">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="meta">{_e(written_by)}</p></header>'
        + (f'<nav aria-label="Contents"><ul>{contents}</ul></nav>' if sections else "")
        + body
        + "</body></html>\n"
    )


CSS = (
    'body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;'
    "max-width:62rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.7rem;margin:0 0 .2rem}h2{margin-top:2.2rem;border-bottom:2px solid #d8d8d8;padding-bottom:.2rem}"
    "h3{margin-top:1.6rem}.meta{color:#555;margin-top:0}"
    "table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-variant-numeric:tabular-nums}"
    "th,td{border:1px solid #c8c8c8;padding:.25rem .6rem;text-align:left;vertical-align:top}"
    "th{background:#f1f1f1}td.n{text-align:right}"
    "figure{margin:1rem 0}img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#444}"
    ".lead{background:#f3f7fb;border-left:4px solid #2b6ca3;padding:.6rem 1rem}"
    ".warnings li{color:#7a3e00}nav ul{columns:2;padding-left:1.2rem}"
    "@media print{body{margin:0;max-width:none;font-size:10.5pt}nav{display:none}a{color:inherit;"
    "text-decoration:none}h2,h3{break-after:avoid;page-break-after:avoid}"
    "figure,tr{break-inside:avoid;page-break-inside:avoid}img{max-height:9cm}}"
)


def _summary(validations: list, rates: dict[str, tuple[np.ndarray, np.ndarray]], whole: str = "the area") -> str:
    head = _headline(validations)
    parts: list[str] = []
    if head is not None:
        kind = str(head.kind)
        auc = _number(head.mean_auc)
        text = label(
            "The map's headline skill is an AUC of <strong>{auc}</strong> ({how}; {folds} folds): {grade}."
        ).format(auc=_spread(auc, head.std_auc), how=_e(_describe(head)), folds=len(head.folds), grade=_grade(auc))
        if math.isfinite(auc):
            text += label(
                " In plain words: pick one landslide location and one stable location at random among samples the "
                "model did not train on; {times} times in 100 the landslide gets the higher susceptibility "
                "(50 would be a coin toss)."
            ).format(times=f"{auc * 100:.0f}")
        parts.append(f'<p class="lead">{text}</p>')
        random = next((v for v in validations if str(v.kind) == "random"), None)
        if random is not None and random is not head and _number(random.mean_auc) - auc > 0.02:
            parts.append(
                label(
                    "<p>A random split gives {auc}: higher, because test pixels there sit next to "
                    "training pixels that look alike. Quote the {kind} figure.</p>"
                ).format(auc=_auc(random.mean_auc), kind=_e(_kind_name(kind)))
            )
        if kind == "random":
            parts.append(
                label(
                    "<p>Only a random split was run. Its AUC flatters the model (neighbouring pixels are alike); run a "
                    "spatial cross-validation for an honest figure.</p>"
                )
            )
        if _finite(head.baseline_auc):
            gain = auc - _number(head.baseline_auc)
            sentence = (
                label(
                    "<p>A simple baseline model reaches {auc} on the same folds, so the model adds {gain} over it.</p>"
                )
                if gain >= 0
                else label(
                    "<p>A simple baseline model reaches {auc} on the same folds, so the model loses {gain} over it.</p>"
                )
            )
            parts.append(sentence.format(auc=_auc(head.baseline_auc), gain=f"{abs(gain):.3f}"))
    key = "prediction_rate" if "prediction_rate" in rates else "success_rate" if "success_rate" in rates else None
    if key is not None:
        share = float(np.interp(20.0, *rates[key]))
        which = label("held-out landslides") if key == "prediction_rate" else label("training landslides")
        parts.append(
            label("<p>The 20% of {whole} ranked most susceptible holds {share}% of the {which}.</p>").format(
                whole=_whole_text(whole), share=f"{share:.0f}", which=which
            )
        )
    return "".join(parts)


def _guide(context: dict, validations: list, rates: dict) -> str:
    parts: list[str] = []
    if validations or context.get("models_compared") or rates:
        parts.append(
            label(
                "<h3>AUC: how well the map ranks places</h3><p>The AUC (area under the ROC curve) is the chance that "
                "a landslide location picked at random gets a higher susceptibility than a stable location picked at "
                "random. 0.5 is a coin toss, 1.0 a perfect ranking; as a rough guide 0.7–0.8 is fair, 0.8–0.9 good "
                "and above 0.9 very good. It judges the ranking only, not whether the probabilities are right.</p>"
                "<p>A ROC curve shows, for every threshold, the share of landslides caught (up) against the share of "
                "stable ground wrongly flagged (right): the closer it hugs the top-left corner, the better; the "
                "diagonal is chance. A precision–recall curve shows, of the places flagged, the share that are "
                "landslides (precision) against the share of landslides flagged (recall); its summary, the average "
                "precision (AP), is best read against the no-skill line, the share of landslides among the samples.</p>"
            )
        )
    if validations or context.get("models_compared"):
        parts.append(
            label(
                "<h3>Cross-validation: why the spatial figure is the honest one</h3><p>The model is tested on samples "
                "it did not train on, several times (folds). In a random split the test pixels sit right next to "
                "training pixels; neighbouring pixels are alike (same slope, same rock, often the same landslide), so "
                "the test is partly a memory test and the AUC comes out too high. Spatial cross-validation holds out "
                "whole blocks of the area, so the model must predict ground it has not seen: that is the figure to "
                "quote. A temporal split (train on earlier landslides, test on later ones) asks whether the map "
                "foresees new events. The ± is the spread across folds: how much the figure depends on which part of "
                "the area is tested.</p>"
            )
        )
    if rates:
        parts.append(
            label(
                "<h3>Success and prediction rates</h3><p>Sort the area from most to least susceptible and walk down "
                "the list: the curve shows what share of the landslides lies in the most susceptible share of the "
                "area. The success rate uses the landslides the model trained on, so it measures fit; the prediction "
                "rate uses landslides kept out of training, so it measures skill on unseen landslides. A good map "
                "rises steeply at first (most landslides in a small, most susceptible part of the area). The area "
                "under each curve reads like an AUC: 0.5 is a map drawn at random.</p>"
            )
        )
    if any(v.importance or v.partial_dependence for v in validations):
        parts.append(
            label(
                "<h3>Importance and partial dependence</h3><p>Permutation importance is how much the held-out AUC "
                "drops when one factor's values are shuffled, which breaks its link with the landslides: a large drop "
                "means the model leans on that factor, near zero that it could do without it. Factors that carry the "
                "same information (slope and roughness, say) share their importance, so each may look less important "
                "than it is. A partial-dependence curve shows the model's average predicted probability as one factor "
                "changes while the others keep their observed values. Both show associations the model learned from "
                "this inventory, not causes: a factor may stand in for another that was not mapped, and the curves "
                "mean little outside the range of values found in the area.</p>"
            )
        )
    if context.get("classes"):
        parts.append(
            label(
                "<h3>Susceptibility classes</h3><p>The classes (very low to very high) rank the ground of this study "
                "area relative to each other. They are not the probability that a slope fails in a given year or "
                "storm: “very high” means more susceptible than the rest of this area, judged from this inventory. "
                "The frequency ratio is a class's share of the landslides divided by its share of the area: above 1 "
                "the class holds more landslides than its size alone would, below 1 fewer. In a useful map the ratio "
                "climbs steadily from the lowest class to the highest.</p>"
            )
        )
    return "".join(parts)


def _warnings(warnings: Any) -> str:
    items = [message(str(w)) for w in warnings or [] if str(w).strip()]
    return '<ul class="warnings">' + "".join(f"<li>{_e(w)}</li>" for w in items) + "</ul>" if items else ""


def _data(data: Any) -> str:
    if not data:
        return ""
    names = _data_labels()
    scalars = [(_label(k, names), _value(v)) for k, v in data.items() if not isinstance(v, dict)]
    parts = [_table([label("Item"), label("Value")], scalars, numeric=(1,))] if scalars else []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            parts.append(f"<h3>{_e(_label(key, names))}</h3>")
            first = label("Factor") if key == "missing" else label("Name")
            parts.append(_table([first, label("Value")], _items(value), numeric=(1,)))
    return "".join(parts)


def _settings(settings: Any) -> str:
    if not settings:
        return ""
    return _table([label("Setting"), label("Value")], [(_label(k), _value(v)) for k, v in settings.items()])


def _validation(page: _Page, validations: list) -> str:
    parts: list[str] = []
    for v in validations:
        kind = str(v.kind)
        folds = list(v.folds)
        name = _kind_name(kind)
        parts.append(f"<h3>{_e(name[:1].upper() + name[1:])}: AUC {_spread(v.mean_auc, v.std_auc)}</h3>")
        model = label("; model {model}").format(model=v.model_type) if getattr(v, "model_type", "") else ""
        folds_text = label("{how}; {n} folds{model}.").format(how=_describe(v).capitalize(), n=len(folds), model=model)
        parts.append(f"<p>{_e(folds_text)}</p>")
        rows = []
        for f in folds:
            _, _, ap, no_skill = pr_points(f)
            auc = (
                _auc(f.auc)
                if getattr(f, "judged", True)
                else label("{auc} (too few held-out landslides to judge)").format(auc=_auc(f.auc))
            )
            rows.append((str(f.fold), _value(f.n_train), _value(f.n_test), auc, _auc(ap), _auc(no_skill)))
        rows.append((label("mean ± std"), "", "", f"{_spread(v.mean_auc, v.std_auc)}", "", ""))
        if _finite(v.baseline_auc):
            baseline = getattr(v, "baseline_model", "") or label("model")
            rows.append((label("baseline {model}").format(model=baseline), "", "", _auc(v.baseline_auc), "", ""))
        headers = [
            label("Fold"),
            label("Training samples"),
            label("Test samples"),
            "AUC",
            label("Average precision"),
            label("No-skill precision"),
        ]
        parts.append(_table(headers, rows, numeric=(1, 2, 3, 4, 5)))
        if not folds:
            continue
        roc_caption = label("ROC curves, one per fold ({kind}).").format(kind=name)
        parts.append(page.figure(f"roc_{kind}", lambda fig, v=v: _draw_roc(fig, v), roc_caption))
        pr_caption = label("Precision–recall curves ({kind}).").format(kind=name)
        parts.append(page.figure(f"pr_{kind}", lambda fig, v=v: _draw_pr(fig, v), pr_caption))
        parts.append(
            page.figure(
                f"folds_{kind}",
                lambda fig, v=v: _draw_folds(fig, v),
                label("AUC of each fold ({kind}); the band is the mean ± one standard deviation.").format(kind=name),
                size=(6.4, 4.0),
            )
        )
    return "".join(parts)


def _rates(page: _Page, rates: dict[str, tuple[np.ndarray, np.ndarray]], whole: str = "the area") -> str:
    if not rates:
        return ""
    names = {
        "success_rate": label("Success rate (training landslides)"),
        "prediction_rate": label("Prediction rate (held out)"),
    }
    rows = [
        (names[key], f"{_rate_auc(x, y):.3f}", *(f"{float(np.interp(p, x, y)):.0f}%" for p in (10, 20, 30)))
        for key, (x, y) in rates.items()
    ]
    headers = [
        label("Curve"),
        label("Area under curve"),
        label("Landslides in top 10%"),
        label("top 20%"),
        label("top 30%"),
    ]
    table = _table(headers, rows, (1, 2, 3, 4))
    caption = label("Share of landslides against the most susceptible share of {whole}.").format(
        whole=_whole_text(whole)
    )
    return table + page.figure("rates", lambda fig: _draw_rates(fig, rates, names, whole), caption, size=(6.0, 4.6))


def _importance(page: _Page, validations: list) -> str:
    parts: list[str] = []
    for v in validations:
        if not v.importance:
            continue
        kind = str(v.kind)
        ranked = sorted(v.importance.items(), key=lambda kv: -_number(kv[1][0]))
        rows = [(str(name), _fmt(m, ".4f"), _fmt(s, ".4f")) for name, (m, s) in ranked]
        parts.append(f"<h3>{_e(label('{kind} folds').format(kind=_kind_name(kind)).capitalize())}</h3>")
        parts.append(_table([label("Factor"), label("Mean AUC drop"), label("Std")], rows, numeric=(1, 2)))
        height = min(12.0, 1.4 + 0.32 * len(ranked))
        parts.append(
            page.figure(
                f"importance_{kind}",
                lambda fig, ranked=ranked: _draw_importance(fig, ranked),
                label("Permutation importance on held-out {kind} folds: mean drop in AUC ± std, largest first.").format(
                    kind=_kind_name(kind)
                ),
                size=(6.4, height),
            )
        )
    return "".join(parts)


def _partial_dependence(page: _Page, validations: list) -> str:
    parts: list[str] = []
    for v in validations:
        if not v.partial_dependence:
            continue
        kind = str(v.kind)
        names = list(v.partial_dependence)
        if v.importance:
            names.sort(key=lambda n: -_number(v.importance.get(n, (-math.inf, 0))[0]))
        names = names[:TOP_PARTIAL_DEPENDENCE]
        columns = min(3, len(names))
        rows = math.ceil(len(names) / columns)
        curves = [(n, v.partial_dependence[n]) for n in names]
        parts.append(
            page.figure(
                f"pdp_{kind}",
                lambda fig, curves=curves, columns=columns: _draw_pdp(fig, curves, columns),
                label("Partial dependence of the {n} most important factors ({kind} folds).").format(
                    n=len(names), kind=_kind_name(kind)
                ),
                size=(3.3 * columns, 2.7 * rows + 0.3),
            )
        )
    return "".join(parts)


def _models(page: _Page, models: Any) -> str:
    if not models:
        return ""
    kinds: list[str] = []
    for scores in models.values():
        kinds.extend(k for k in scores if k not in kinds)
    best = {k: max((_number(s.get(k)) for s in models.values()), default=math.nan) for k in kinds}
    rows = []
    for model, scores in models.items():
        cells: list[str] = [str(model)]
        for k in kinds:
            value = _number(scores.get(k))
            text = _e(_auc(value))
            cells.append(_Html(f"<strong>{text}</strong>" if value == best[k] else text))
        rows.append(cells)
    headers = [label("Model"), *[label("{kind} AUC").format(kind=_kind_name(k)) for k in kinds]]
    table = _table(headers, rows, numeric=tuple(range(1, len(kinds) + 1)))
    width = min(12.0, 3.0 + 1.1 * len(models) * max(1, len(kinds)) ** 0.5)
    caption = label("Mean AUC of each model for each validation kind (the best of each kind is in bold in the table).")
    return table + page.figure("models", lambda fig: _draw_models(fig, models, kinds), caption, size=(width, 4.2))


def _spatial_methods(methods: Any) -> str:
    """Square blocks and k-means clusters side by side, with why they differ."""
    if not methods or len(methods) < 2:
        return ""
    names = {"blocks": label("Square blocks"), "kmeans": label("K-means clusters of the coordinates")}
    rows = []
    for method, v in methods.items():
        baseline = _auc(v.baseline_auc) if _finite(getattr(v, "baseline_auc", None)) else "—"
        rows.append((names.get(method, method), _spread(v.mean_auc, v.std_auc), baseline, str(len(v.folds))))
    table = _table([label("Spatial folds"), "AUC", label("Baseline AUC"), label("Folds")], rows, numeric=(1, 2, 3))
    return (
        label("<h3>Spatial folds: square blocks and k-means clusters</h3>")
        + table
        + label(
            "<p>Both hold out whole parts of the "
            "area. Square blocks interleave across it, so most held-out ground has training ground a block away; "
            "k-means clusters hold out compact regions, farther from the ground the model learned on. The k-means AUC "
            "is therefore the stricter estimate of how the map does on new ground; a gap between the two measures how "
            "much the skill leans on nearby training samples.</p>"
        )
    )


def _classes(
    page: _Page,
    classes: Any,
    note: Any = None,
    whole: str = "the area",
    held_out: bool = False,
    fit: Any = None,
) -> str:
    if not classes:
        return ""
    table, figure = _class_table(page, classes, whole, "classes")
    if held_out:
        lead = label(
            "<p><strong>Held out:</strong> each landslide is classed by the fold model that did not see it, on that "
            "model's own map (its quantile breaks over "
            "{whole}): the share of landslides in the high classes is skill on unseen ground.</p>"
        ).format(whole=_e(_whole_text(whole)))
    else:
        lead = label(
            "<p>Landslides per class by the final model: they trained it, so this is the training fit, not skill.</p>"
        )
    if note:
        lead += f"<p>{_e(note)}</p>"
    out = lead + table + figure
    if fit:
        fit_table, _ = _class_table(page, fit, whole, "classes_fit", figure=False)
        out += (
            label(
                "<h3>Training fit (not skill)</h3><p>The same table by the final model, fitted on every landslide: it "
                "has seen each of them, so its high classes hold more of them than a new inventory would find.</p>"
            )
            + fit_table
        )
    return out


def _class_table(page: _Page, classes: Any, whole: str, key: str, figure: bool = True) -> tuple[str, str]:
    units = whole != "the area"
    rows = []
    for c in classes:
        ratio = _frequency_ratio(c)
        rows.append(
            (
                _class_name(c),
                label("each fold's own")
                if c.get("lower") is None
                else f"{_fmt(c.get('lower'), '.3f')} – {_fmt(c.get('upper'), '.3f')}",
                _fmt(c.get("area_km2"), ",.2f"),
                _fmt(c.get("area_pct"), ".1f"),
                _fmt(c.get("landslide_pct"), ".1f"),
                _fmt(c.get("density"), ".3g"),
                _fmt(ratio, ".2f"),
            )
        )
    share = label("Units (%)") if units else label("Area (%)")
    headers = [
        label("Class"),
        label("Range"),
        label("Area (km²)"),
        share,
        label("Landslides (%)"),
        label("Density (per km²)"),
        label("Frequency ratio"),
    ]
    table = _table(headers, rows, numeric=(2, 3, 4, 5, 6))
    if not figure:
        return table, ""
    caption = label("Share of {whole} and share of the landslides in each class.").format(whole=_whole_text(whole))
    title = label("Units and landslides per class (FR: frequency ratio)") if units else None
    return table, page.figure(key, lambda fig: _draw_classes(fig, classes, share, title), caption, size=(6.4, 4.0))


# ---------------------------------------------------------------------------------------------- plots


def _draw_roc(fig: Figure, v: Any) -> None:
    ax = fig.add_subplot()
    grid = np.linspace(0.0, 1.0, 201)
    curves = []
    for f in v.folds:
        fpr, tpr = (np.asarray(a, dtype=float) for a in f.roc)
        ax.plot(fpr, tpr, lw=1.1, alpha=0.75, label=label("fold {fold}: {auc}").format(fold=f.fold, auc=_auc(f.auc)))
        if fpr.size > 1:
            curves.append(np.interp(grid, fpr, tpr))
    if curves:
        mean = label("mean: {auc}").format(auc=_spread(v.mean_auc, v.std_auc))
        ax.plot(grid, np.mean(curves, axis=0), color="black", lw=2.4, label=mean)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=label("coin toss: 0.5"))
    ax.set(xlim=(0, 1), ylim=(0, 1.01), title=label("ROC, {kind} validation").format(kind=_kind_name(str(v.kind))))
    ax.set_xlabel(label("False-positive rate (stable ground flagged)"))
    ax.set_ylabel(label("True-positive rate (landslides caught)"))
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(alpha=0.3)


def pr_points(f: Any) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(recall, precision, average precision, no-skill precision) of a fold whose `pr` is (recall, precision).

    The no-skill precision is the precision with everything flagged (recall 1): the share of landslides
    among the fold's test samples.
    """
    recall, precision = (np.asarray(a, dtype=float) for a in f.pr)
    ap = _number(getattr(f, "pr_auc", math.nan))
    if not math.isfinite(ap) and recall.size > 1:  # average precision: precision weighted by recall steps
        order = np.argsort(recall, kind="stable")
        ap = float(np.sum(np.diff(recall[order]) * precision[order][1:]))
    no_skill = float(precision[int(np.argmax(recall))]) if recall.size else math.nan
    return recall, precision, ap, no_skill


def _draw_pr(fig: Figure, v: Any) -> None:
    ax = fig.add_subplot()
    chance = []
    for f in v.folds:
        recall, precision, ap, no_skill = pr_points(f)
        ax.plot(
            recall, precision, lw=1.1, alpha=0.8, label=label("fold {fold}: AP {ap}").format(fold=f.fold, ap=_auc(ap))
        )
        if math.isfinite(no_skill):
            chance.append(no_skill)
    if chance:
        ax.axhline(float(np.mean(chance)), ls="--", color="grey", lw=1, label=label("no skill (share of landslides)"))
    title = label("Precision–recall, {kind} validation").format(kind=_kind_name(str(v.kind)))
    ax.set(xlim=(0, 1), ylim=(0, 1.01), title=title)
    ax.set_xlabel(label("Recall (share of landslides flagged)"))
    ax.set_ylabel(label("Precision (flagged places that are landslides)"))
    ax.legend(loc="lower left", fontsize="small")
    ax.grid(alpha=0.3)


def _draw_folds(fig: Figure, v: Any) -> None:
    ax = fig.add_subplot()
    aucs = [_number(f.auc) for f in v.folds]
    bars = ax.bar([str(f.fold) for f in v.folds], aucs, width=0.6, color="#4c78a8")
    ax.bar_label(bars, labels=[_auc(a) for a in aucs], fontsize="small", padding=-14, color="white")
    mean, std = _number(v.mean_auc), _number(v.std_auc)
    if math.isfinite(mean):
        ax.axhline(mean, color="black", lw=1.5, label=label("mean {auc}").format(auc=_auc(mean)))
        if math.isfinite(std):
            ax.axhspan(mean - std, mean + std, color="black", alpha=0.1, lw=0)
    if _finite(v.baseline_auc):
        ax.axhline(
            float(v.baseline_auc),
            color="#c0392b",
            ls=":",
            lw=1.8,
            label=label("baseline {auc}").format(auc=_auc(v.baseline_auc)),
        )
    ax.axhline(0.5, color="grey", ls="--", lw=1, label=label("coin toss 0.5"))
    finite = [a for a in aucs if math.isfinite(a)]
    ax.set_ylim(min([0.45, *[a - 0.05 for a in finite]]), 1.04)
    title = label("AUC per fold, {kind} validation").format(kind=_kind_name(str(v.kind)))
    ax.set(xlabel=label("Fold"), ylabel="AUC", title=title)
    _legend_below(ax, 3)


def _draw_rates(fig: Figure, rates: dict, names: dict, whole: str = "the area") -> None:
    ax = fig.add_subplot()
    styles = {"success_rate": ("#4c78a8", "-"), "prediction_rate": ("#e45756", "-")}
    for key, (x, y) in rates.items():
        color, ls = styles[key]
        ax.plot(x, y, color=color, ls=ls, lw=2, label=f"{names[key]}: AUC {_rate_auc(x, y):.3f}")
    ax.plot([0, 100], [0, 100], ls="--", color="grey", lw=1, label=label("random map: 0.5"))
    ax.set(xlim=(0, 100), ylim=(0, 101), title=label("Success and prediction rates"))
    ax.set_xlabel(label("Most susceptible share of {whole} (%)").format(whole=_whole_text(whole)))
    ax.set_ylabel(label("Share of landslides (%)"))
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(alpha=0.3)


def _draw_importance(fig: Figure, ranked: list) -> None:
    ax = fig.add_subplot()
    names = [str(n) for n, _ in ranked][::-1]
    means = [_number(m) for _, (m, _s) in ranked][::-1]
    stds = [abs(_number(s)) if math.isfinite(_number(s)) else 0.0 for _, (_m, s) in ranked][::-1]
    ax.barh(names, means, xerr=stds, color="#4c78a8", ecolor="#333333", capsize=3)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(label("Drop in held-out AUC when the factor is shuffled"))
    ax.set_title(label("Permutation importance"))
    ax.grid(axis="x", alpha=0.3)


def _draw_pdp(fig: Figure, curves: list, columns: int) -> None:
    rows = math.ceil(len(curves) / columns)
    axes = fig.subplots(rows, columns, sharey=True, squeeze=False).ravel()
    for ax, (name, (grid, mean)) in zip(axes, curves):
        grid, mean = np.asarray(grid, dtype=float), np.asarray(mean, dtype=float)
        ax.plot(grid, mean, "o-" if grid.size <= 12 else "-", color="#4c78a8", lw=1.8, ms=4)
        ax.set_title(str(name), fontsize="medium")
        ax.grid(alpha=0.3)
    for ax in axes[len(curves) :]:
        ax.set_visible(False)
    for ax in axes[::columns]:
        ax.set_ylabel(label("Mean probability"))


def _draw_models(fig: Figure, models: dict, kinds: list[str]) -> None:
    ax = fig.add_subplot()
    x = np.arange(len(models))
    width = 0.8 / max(1, len(kinds))
    low = 0.45
    for i, kind in enumerate(kinds):
        values = [_number(scores.get(kind)) for scores in models.values()]
        bars = ax.bar(x + (i - (len(kinds) - 1) / 2) * width, values, width, label=str(kind))
        ax.bar_label(bars, labels=[_auc(a) for a in values], fontsize="x-small", padding=2)
        low = min([low, *[a - 0.05 for a in values if math.isfinite(a)]])
    ax.axhline(0.5, color="grey", ls="--", lw=1)
    names = [str(m) for m in models]
    ax.set_xticks(x, names, rotation=20 if sum(map(len, names)) > 60 else 0)
    ax.set_ylim(low, 1.05)
    ax.set(ylabel=label("Mean AUC"), title=label("Models compared"))
    _legend_below(ax, len(kinds))


def _draw_classes(fig: Figure, classes: list, share: str = "Area (%)", title: str | None = None) -> None:
    ax = fig.add_subplot()
    labels = [_class_name(c) for c in classes]
    x = np.arange(len(classes))
    area = [_number(c.get("area_pct")) for c in classes]
    slides = [_number(c.get("landslide_pct")) for c in classes]
    ax.bar(x - 0.2, area, 0.4, color="#9e9e9e", label=share)
    bars = ax.bar(x + 0.2, slides, 0.4, color="#c0392b", label=label("Landslides (%)"))
    ratios = [_frequency_ratio(c) for c in classes]
    ax.bar_label(bars, labels=[f"FR {r:.2f}" if math.isfinite(r) else "" for r in ratios], fontsize="x-small")
    ax.set_xticks(x, labels, rotation=20 if max(map(len, labels), default=0) > 9 else 0)
    ax.set(ylabel="%", title=title or label("Area and landslides per class (FR: frequency ratio)"))
    ax.legend(fontsize="small")
    ax.margins(y=0.12)


def _legend_below(ax: Any, columns: int) -> None:
    """A legend under the axes, where it never hides a bar."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=max(1, columns), fontsize="small", frameon=False)


# ---------------------------------------------------------------------------------------------- helpers


def _headline(validations: list) -> Any:
    for kind in HEADLINE_ORDER:
        for v in validations:
            if str(v.kind) == kind and v.folds:
                return v
    return next((v for v in validations if v.folds), None)


def _describe(v: Any) -> str:
    kind = str(v.kind)
    return str(getattr(v, "description", "") or _kind_text().get(kind) or label("{kind} validation").format(kind=kind))


def _validation_warnings(validations: list) -> list[str]:
    return [f"{_kind_name(str(v.kind))}: {message(w)}" for v in validations for w in getattr(v, "warnings", None) or []]


def _class_name(c: dict) -> str:
    return str(c.get("name") or c.get("class", ""))


def _curve(value: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(x, y) in percent, sorted by x and starting at the origin; fractions (max <= 1) are scaled to percent."""
    if value is None or len(value) != 2:
        return None
    x, y = (np.asarray(a, dtype=float).ravel() for a in value)
    keep = np.isfinite(x) & np.isfinite(y)
    if x.size != y.size or not keep.any():
        return None
    x, y = x[keep], y[keep]
    if x.max() <= 1.0 and y.max() <= 1.0:
        x, y = x * 100.0, y * 100.0
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    if x[0] > 0:
        x, y = np.concatenate([[0.0], x]), np.concatenate([[0.0], y])
    return x, y


def _rate_auc(x: np.ndarray, y: np.ndarray) -> float:
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    return float(trapezoid(y / 100.0, x / 100.0))


def _frequency_ratio(c: dict) -> float:
    if _finite(c.get("frequency_ratio")):
        return float(c["frequency_ratio"])
    area, slides = _number(c.get("area_pct")), _number(c.get("landslide_pct"))
    return slides / area if area > 0 and math.isfinite(slides) else math.nan


def _grade(auc: float) -> str:
    if not math.isfinite(auc):
        return label("not available (too few held-out landslides in every fold, or no fold with both kinds of ground)")
    grades = (
        (0.6, label("hardly better than chance")),
        (0.7, label("weak")),
        (0.8, label("fair")),
        (0.9, label("good")),
    )
    for limit, word in grades:
        if auc < limit:
            return word
    return label("very good")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            ('<td class="n">' if i in numeric else "<td>") + (cell if isinstance(cell, _Html) else _e(cell)) + "</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _items(mapping: dict) -> list[tuple[str, str]]:
    return [(str(k), _value(v)) for k, v in mapping.items()]


def _label(key: Any, labels: dict[str, str] | None = None) -> str:
    key = str(key)
    return (labels or {}).get(key) or key.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return label("yes") if value else label("no")
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.4g}" if math.isfinite(value) else "n/a"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return ", ".join(_value(v) for v in value)
    return str(value)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _finite(value: Any) -> bool:
    return math.isfinite(_number(value))


def _spread(mean: Any, std: Any) -> str:
    """A mean AUC with its spread over the folds; without the spread when there is none (one fold)."""
    return f"{_auc(mean)} ± {_auc(std)}" if _finite(std) else _auc(mean)


def _auc(value: Any) -> str:
    number = _number(value)
    return f"{number:.3f}" if math.isfinite(number) else "n/a"


def _fmt(value: Any, spec: str) -> str:
    number = _number(value)
    return format(number, spec) if math.isfinite(number) else "—"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)
