# SPDX-License-Identifier: GPL-2.0-or-later
"""The training report (one self-contained HTML page, its plots embedded) and the model card (.md) of a trained model.

Both are written to temporary files the caller commits with the model (`learning.common.train_model`). The report
says in plain words what the held-out numbers mean and where the model is worse than a baseline. Every text goes
through `label()` (inference/text.py), so the report and the card are in the plugin's language.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import html
import io
import os
import re
from typing import Any

import numpy as np

from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.text import label, message
from ..susceptibility.report import CSS

# task -> (metric key, whether higher is better)
MAIN_SCORE = {"classify": ("macro_f1", True), "forecast": ("rmse", False)}
SCALARS = ("samples", "accuracy", "macro_f1", "kappa", "penalty_score", "auc", "rmse", "mae")


def _words() -> dict[str, str]:
    """The names the report fills into its sentences: held-out groups, samples, models, metrics."""
    return {
        "spatial blocks": label("spatial blocks"),
        "groups of points": label("groups of points"),
        "groups of features": label("groups of features"),
        "features": label("features"),
        "stations": label("stations"),
        "wells": label("wells"),
        "samples": label("samples"),
        "labelled pixels": label("labelled pixels"),
        "labelled series": label("labelled series"),
        "forecast windows": label("forecast windows"),
        "labelled depth samples": label("labelled depth samples"),
        "model": label("model"),
        "majority class": label("majority class"),
        "random forest": label("random forest"),
        "persistence": label("persistence"),
        "straight line": label("straight line"),
        "accuracy": label("accuracy"),
        "macro_f1": label("macro F1"),
        "kappa": label("kappa"),
        "penalty_score": label("penalty score"),
        "rmse": label("RMSE"),
        "mae": label("MAE"),
        "auc": label("AUC"),
    }


def _data_key(key: str) -> str:
    """The name of a row of the Data table (the job modules' keys)."""
    return {
        "rasters": label("rasters"),
        "raster": label("raster"),
        "labels": label("labels"),
        "class field": label("class field"),
        "tiles": label("tiles"),
        "spatial blocks": label("spatial blocks"),
        "labelled pixels per class": label("labelled pixels per class"),
        "pixel size": label("pixel size"),
        "inputs of the network": label("inputs of the network"),
        "points": label("points"),
        "series": label("series"),
        "steps": label("steps"),
        "groups of points": label("groups of points"),
        "points per class": label("points per class"),
        "source": label("source"),
        "series (stations)": label("series (stations)"),
        "windows": label("windows"),
        "forecast": label("forecast"),
        "step": label("step"),
        "series per class": label("series per class"),
        "logs": label("logs"),
        "curves": label("curves"),
        "label": label("label"),
        "class codes": label("class codes"),
        "window": label("window"),
        "wells": label("wells"),
        "labelled depth samples per class": label("labelled depth samples per class"),
        "samples left out": label("samples left out"),
        "penalty matrix": label("penalty matrix"),
    }.get(key, _w(key))


def _w(word: str) -> str:
    return _words().get(word, word)


def _e(text: Any) -> str:
    return html.escape(str(text))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "–" if not np.isfinite(value) else f"{value:.3f}"
    return str(value)


def verdict(context: dict) -> tuple[str, list[str]]:
    """The plain-words summary and the list of baselines the model does not beat."""
    data, metrics = context["data"], context["metrics"]
    key, higher = MAIN_SCORE[data.task]
    scores = metrics["scores"]
    model = scores["model"][key]
    worse = [b for b in scores if b != "model" and (scores[b][key] > model if higher else scores[b][key] < model)]
    others = label(", ").join(
        label("{value} for the {baseline}").format(value=_fmt(scores[b][key]), baseline=_w(b))
        for b in scores
        if b != "model"
    )
    text = label(
        "On {n} {samples} of {groups} held-out {group_word} (never seen in training), the model's {metric} is "
        "{value}, against {others}."
    ).format(
        n=scores["model"].get("samples", metrics["samples"]["test"]),
        samples=_w(data.sample_word),
        groups=metrics["groups"]["test"],
        group_word=_w(data.group_word),
        metric=_w(key),
        value=_fmt(model),
        others=others,
    )
    if data.task == "classify":
        text += " " + label(
            "Accuracy {accuracy}, kappa {kappa} (0: no better than chance agreement, 1: perfect)."
        ).format(accuracy=_fmt(scores["model"]["accuracy"]), kappa=_fmt(scores["model"]["kappa"]))
    if worse:
        text += " " + label(
            "The model is WORSE than the {baselines} on these held-out {group_word}: prefer the baseline, or give "
            "more labelled data, other inputs or a longer training time."
        ).format(baselines=label(" and the ").join(_w(b) for b in worse), group_word=_w(data.group_word))
    else:
        text += " " + label("The model beats every baseline on the held-out data.")
    return text, worse


def _figure_png(draw, size=(6.4, 4.0)) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..inference.outputs.figures import cjk_fonts

    cjk_fonts()  # labels translated to Chinese draw with a Chinese font
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_png(draw, size=(6.4, 4.0)) -> str:
    """A matplotlib figure drawn by `draw(fig)`, as base64 PNG (for reports of other jobs: void filling)."""
    return _figure_png(draw, size)


def figure_html(draw, caption: str, size=(6.4, 4.0)) -> str:
    return (
        f'<figure><img alt="{_e(caption)}" src="data:image/png;base64,{_figure_png(draw, size)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _learning_curves(history: dict, task: str):
    score_name = label("validation macro F1") if task == "classify" else label("validation RMSE")

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        val = history.get("validation") or []
        epochs = [h["epoch"] for h in val]
        ax.plot(epochs, [h["loss"] for h in val], color="#1f77b4", label=label("training loss"))
        final = history.get("final") or []
        if final:
            ax.plot(
                [h["epoch"] for h in final],
                [h["loss"] for h in final],
                color="#7f7f7f",
                ls="--",
                label=label("training loss, final fit on all samples"),
            )
        if any(np.isfinite(h.get("val_loss", np.nan)) for h in val):
            ax.plot(
                epochs,
                [h.get("val_loss", np.nan) for h in val],
                color="#1f77b4",
                ls=":",
                label=label("validation loss (the lowest is kept)"),
            )
        ax.set_xlabel(label("epoch"))
        ax.set_ylabel(label("loss"))
        ax2 = ax.twinx()
        score = [h["val"] if task == "classify" else -h["val"] for h in val]
        ax2.plot(epochs, score, color="#d62728", label=score_name)
        ax2.set_ylabel(score_name)
        lines = ax.get_lines() + ax2.get_lines()
        ax.legend(lines, [line.get_label() for line in lines], loc="best", fontsize=8)

    return draw


def _confusion(cm: list, names: list[str]):
    def draw(fig):
        m = np.asarray(cm, dtype=float)
        share = m / np.maximum(m.sum(1, keepdims=True), 1)
        ax = fig.add_subplot(1, 1, 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        k = len(names)
        ax.set_xticks(range(k), names, rotation=45, ha="right", fontsize=7)
        ax.set_yticks(range(k), names, fontsize=7)
        ax.set_xlabel(label("predicted"))
        ax.set_ylabel(label("true"))
        if k <= 12:
            for i in range(k):
                for j in range(k):
                    colour = "white" if share[i, j] > 0.5 else "black"
                    ax.text(j, i, int(m[i, j]), ha="center", va="center", fontsize=7, color=colour)

    return draw


def html_table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(_fmt(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _score_keys(data) -> list[str]:
    if data.task == "classify":
        auc = ["auc"] if "probability_of" in data.contract.get("_worker", {}) else []
        return ["accuracy", "macro_f1", "kappa"] + (["penalty_score"] if data.penalty is not None else []) + auc
    return ["rmse", "mae"]


def _scores_table(context: dict) -> str:
    data, scores = context["data"], context["metrics"]["scores"]
    keys = _score_keys(data)
    rows = [[_w(name)] + [s.get(k, float("nan")) for k in keys] for name, s in scores.items()]
    return html_table([label("model")] + [_w(k) for k in keys], rows)


def _per_class(context: dict) -> str:
    data, s = context["data"], context["metrics"]["scores"]["model"]
    rows = [
        [name, s["precision"][i], s["recall"][i], s["f1"][i], s["support"][i]]
        for i, name in enumerate(data.class_names)
    ]
    headers = [label("class"), label("precision"), label("recall"), label("F1"), label("held-out samples")]
    return html_table(headers, rows)


def _held_out_text(data, metrics: dict) -> str:
    return label(
        "Held out by whole {group_word}: the test samples come from {test} {group_word} the model never saw; {val} "
        "others decided when training stopped (early stopping), {train} were trained on. Baselines were fitted on "
        "the same training samples. A random split would mix neighbouring samples into training and test and "
        "overstate the skill."
    ).format(
        group_word=_w(data.group_word),
        test=metrics["groups"]["test"],
        val=metrics["groups"]["val"],
        train=metrics["groups"]["train"],
    )


def _settings_rows(context: dict) -> list[list[Any]]:
    return [[k, v] for k, v in vars(context["settings"]).items()] + [
        [label("device"), context["device"]],
        [label("training throughput (samples/s)"), round(context["samples_per_s"], 1)],
        [label("best epoch"), context["best_epoch"]],
        [label("exported model vs PyTorch, largest difference"), f"{context['check_diff']:.2e}"],
    ]


def write_report(path: str, context: dict, transaction: OutputTransaction) -> None:
    """Write the report to a temporary file added to `transaction` (renamed to `path` on commit)."""
    data, metrics = context["data"], context["metrics"]
    summary, _ = verdict(context)
    parts = [f'<p class="lead">{_e(summary)}</p>']
    parts.append(f"<h2>{_e(label('Skill on held-out data'))}</h2>" + _scores_table(context))
    parts.append(f"<p>{_e(_held_out_text(data, metrics))}</p>")
    if data.task == "classify":
        parts.append(f"<h2>{_e(label('Per class'))}</h2>" + _per_class(context))
        caption = label("Confusion matrix of the held-out samples (colour: share of each true class)")
        parts.append(figure_html(_confusion(metrics["scores"]["model"]["confusion"], data.class_names), caption))
    caption = label("Training and validation loss, and the validation score, per epoch")
    curves = figure_html(_learning_curves(context["history"], data.task), caption)
    parts.append(f"<h2>{_e(label('Learning curves'))}</h2>" + curves)
    if data.strips is not None:
        for caption, draw, size in data.strips(context["idx"]["test"], context["pred"]):
            parts.append(figure_html(draw, caption, size))
    rows = [[_data_key(k), _plain(v)] for k, v in data.data.items()]
    parts.append(f"<h2>{_e(label('Data'))}</h2>" + html_table(["", ""], rows))
    if data.warnings:
        items = "".join(f"<li>{_e(message(w))}</li>" for w in data.warnings)
        parts.append(f"<h2>{_e(label('Warnings'))}</h2><ul>{items}</ul>")
    parts.append(f"<h2>{_e(label('Settings'))}</h2>" + html_table(["", ""], _settings_rows(context)))
    title = context["title"]
    written_by = label("Training report written by Lithoscope on {date} for {model}.").format(
        date=datetime.date.today().isoformat(), model=context["model_name"]
    )
    language = "zh-Hans" if re.search(r"[\u4e00-\u9fff]", written_by) else "en"
    text = (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="meta">{_e(written_by)}</p></header>'
        + "".join(parts)
        + "</body></html>\n"
    )
    tmp = temporary_path(path, ".html")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
    transaction.add(tmp, path)


def write_card(path: str, context: dict) -> None:
    """The model card: data, validation, skill against the baselines, limits."""
    data, metrics, settings = context["data"], context["metrics"], context["settings"]
    summary, worse = verdict(context)
    key, _ = MAIN_SCORE[data.task]
    lines = [
        f"# {context['model_name']}",
        "",
        context["title"] + ".",
        "",
        "## " + label("Data"),
        *[f"- {_data_key(k)}: {_plain(v)}" for k, v in data.data.items()],
        "- " + label("inputs, in order: {names}").format(names=", ".join(data.band_names)),
    ]
    if data.class_names:
        lines.append("- " + label("classes: {names}").format(names=", ".join(data.class_names)))
    keys = [k for k in SCALARS if k in next(iter(metrics["scores"].values()))]
    lines += [
        "",
        "## " + label("Validation"),
        _held_out_text(data, metrics),
        "",
        "| " + label("model") + " | " + " | ".join(_w(k) for k in keys) + " |",
        "|---" * (len(keys) + 1) + "|",
    ]
    for model, s in metrics["scores"].items():
        lines.append(f"| {_w(model)} | " + " | ".join(_fmt(s.get(k, float("nan"))) for k in keys) + " |")
    architecture = settings.arch if data.kind == "sequence" else "U-Net"
    ranges = "; ".join(f"{n} {r[0]:.4g}–{r[1]:.4g}" for n, r in zip(data.band_names, data.ranges) if r)
    lines += [
        "",
        summary,
        "",
        "## " + label("Training"),
        "- " + label("architecture: {name}").format(name=architecture),
        "- "
        + label("device: {device}, best epoch {epoch}, {rate} samples/s").format(
            device=context["device"], epoch=context["best_epoch"], rate=f"{context['samples_per_s']:.1f}"
        ),
        "- "
        + (
            label("final model retrained on all samples") if settings.refit else label("final model: the validated one")
        ),
        "- "
        + label("exported ONNX checked against PyTorch: largest difference {diff}").format(
            diff=f"{context['check_diff']:.2e}"
        ),
        "",
        "## " + label("Limits"),
        "- "
        + label(
            "Only as good as the labels and the area they cover; outside the training ranges of the inputs "
            "Lithoscope warns before a run."
        ),
        "- " + label("Training ranges (1st–99th percentile): {ranges}").format(ranges=ranges or "–"),
    ]
    if worse:
        lines.append(
            "- "
            + label("Worse than the {baselines} on held-out data ({metric}).").format(
                baselines=label(" and the ").join(_w(b) for b in worse), metric=_w(key)
            )
        )
    lines += [*[f"- {message(w)}" for w in data.warnings], ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
