# SPDX-License-Identifier: GPL-2.0-or-later
"""The training report (one self-contained HTML page, its plots embedded) and the model card (.md) of a trained model.

Both are written to temporary files the caller commits with the model (`learning.common.train_model`). The report
says in plain words what the held-out numbers mean and where the model is worse than a baseline.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
from typing import Any

import numpy as np

from ..inference.outputs.files import OutputTransaction, temporary_path
from ..susceptibility.report import CSS

MAIN_SCORE = {"classify": ("macro_f1", "macro F1", True), "forecast": ("rmse", "RMSE", False)}


def _e(text: Any) -> str:
    return html.escape(str(text))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "–" if not np.isfinite(value) else f"{value:.3f}"
    return str(value)


def verdict(context: dict) -> tuple[str, list[str]]:
    """The plain-words summary and the list of baselines the model does not beat."""
    data, metrics = context["data"], context["metrics"]
    key, name, higher = MAIN_SCORE[data.task]
    scores = metrics["scores"]
    model = scores["model"][key]
    worse = [b for b in scores if b != "model" and (scores[b][key] > model if higher else scores[b][key] < model)]
    n = metrics["samples"]["test"]
    groups = metrics["groups"]["test"]
    others = ", ".join(f"{_fmt(scores[b][key])} for the {b}" for b in scores if b != "model")
    text = (
        f"On {n} samples of {groups} held-out {data.group_word} (never seen in training), the model's {name} is "
        f"{_fmt(model)}, against {others}. "
    )
    if data.task == "classify":
        text += (
            f"Accuracy {_fmt(scores['model']['accuracy'])}, kappa {_fmt(scores['model']['kappa'])} "
            "(0: no better than chance agreement, 1: perfect). "
        )
    if worse:
        text += (
            f"The model is WORSE than the {' and the '.join(worse)} on these held-out {data.group_word}: prefer "
            "the baseline, or give more labelled data, other inputs or a longer training time."
        )
    else:
        text += "The model beats every baseline on the held-out data."
    return text, worse


def _figure_png(draw, size=(6.4, 4.0)) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..inference.outputs.figures import cjk_fonts

    cjk_fonts()
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_png(draw, size=(6.4, 4.0)) -> str:
    """A matplotlib figure drawn by `draw(fig)`, as base64 PNG (for reports of other jobs: void filling)."""
    return _figure_png(draw, size)


def _img(draw, caption: str, size=(6.4, 4.0)) -> str:
    return (
        f'<figure><img alt="{_e(caption)}" src="data:image/png;base64,{_figure_png(draw, size)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _learning_curves(history: dict, task: str):
    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        val = history.get("validation") or []
        epochs = [h["epoch"] for h in val]
        ax.plot(epochs, [h["loss"] for h in val], color="#1f77b4", label="training loss")
        final = history.get("final") or []
        if final:
            ax.plot(
                [h["epoch"] for h in final],
                [h["loss"] for h in final],
                color="#7f7f7f",
                ls="--",
                label="training loss, final fit on all samples",
            )
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax2 = ax.twinx()
        score = [h["val"] if task == "classify" else -h["val"] for h in val]
        ax2.plot(epochs, score, color="#d62728", label="validation " + ("macro F1" if task == "classify" else "RMSE"))
        ax2.set_ylabel("validation " + ("macro F1" if task == "classify" else "RMSE"))
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
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        if k <= 12:
            for i in range(k):
                for j in range(k):
                    ax.text(
                        j,
                        i,
                        int(m[i, j]),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if share[i, j] > 0.5 else "black",
                    )

    return draw


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(_fmt(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _scores_table(context: dict) -> str:
    data, scores = context["data"], context["metrics"]["scores"]
    if data.task == "classify":
        keys = ["accuracy", "macro_f1", "kappa"] + (["penalty_score"] if data.penalty is not None else [])
    else:
        keys = ["rmse", "mae"]
    return _table(["model"] + keys, [[name] + [s.get(k) for k in keys] for name, s in scores.items()])


def _per_class(context: dict) -> str:
    data, s = context["data"], context["metrics"]["scores"]["model"]
    rows = [
        [name, s["precision"][i], s["recall"][i], s["f1"][i], s["support"][i]]
        for i, name in enumerate(data.class_names)
    ]
    return _table(["class", "precision", "recall", "F1", "held-out samples"], rows)


def write_report(path: str, context: dict, transaction: OutputTransaction) -> None:
    """Write the report to a temporary file added to `transaction` (renamed to `path` on commit)."""
    data, metrics, settings = context["data"], context["metrics"], context["settings"]
    summary, _ = verdict(context)
    parts = [f'<p class="lead">{_e(summary)}</p>']
    parts.append("<h2>Skill on held-out data</h2>" + _scores_table(context))
    parts.append(
        f"<p>Held out by whole {_e(data.group_word)}: the test samples come from {metrics['groups']['test']} "
        f"{_e(data.group_word)} the model never saw; {metrics['groups']['val']} others decided when training stopped "
        f"(early stopping), {metrics['groups']['train']} were trained on. Baselines were fitted on the same training "
        "samples. A random split would mix neighbouring samples into training and test and overstate the skill.</p>"
    )
    if data.task == "classify":
        parts.append("<h2>Per class</h2>" + _per_class(context))
        parts.append(
            _img(
                _confusion(metrics["scores"]["model"]["confusion"], data.class_names),
                "Confusion matrix of the held-out samples (colour: share of each true class)",
            )
        )
    parts.append(
        "<h2>Learning curves</h2>"
        + _img(
            _learning_curves(context["history"], data.task),
            "Training loss and validation score per epoch (the best validation epoch is kept)",
        )
    )
    if data.strips is not None:
        for caption, draw, size in data.strips(context["idx"]["test"], context["pred"]):
            parts.append(_img(draw, caption, size))
    parts.append("<h2>Data</h2>" + _table(["", ""], [[k, v] for k, v in data.data.items()]))
    if data.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{_e(w)}</li>" for w in data.warnings) + "</ul>")
    rows = [[k, v] for k, v in vars(settings).items()] + [
        ["device", context["device"]],
        ["training throughput (samples/s)", round(context["samples_per_s"], 1)],
        ["best epoch", context["best_epoch"]],
        ["exported model vs PyTorch, largest difference", f"{context['check_diff']:.2e}"],
    ]
    parts.append("<h2>Settings</h2>" + _table(["", ""], rows))
    title = context["title"]
    text = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="meta">Training report written by Lithoscope on '
        f"{datetime.date.today().isoformat()} for {_e(context['model_name'])}.</p></header>"
        + "".join(parts)
        + "</body></html>\n"
    )
    tmp = temporary_path(path, ".html")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    except BaseException:
        import os

        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    transaction.add(tmp, path)


def write_card(path: str, context: dict) -> None:
    """The model card: data, validation, skill against the baselines, limits."""
    data, metrics, settings = context["data"], context["metrics"], context["settings"]
    summary, worse = verdict(context)
    key, name, _ = MAIN_SCORE[data.task]
    lines = [
        f"# {context['model_name']}",
        "",
        context["title"] + ".",
        "",
        "## Data",
        *[f"- {k}: {_plain(v)}" for k, v in data.data.items()],
        f"- inputs, in order: {', '.join(data.band_names)}",
    ]
    if data.class_names:
        lines.append(f"- classes: {', '.join(data.class_names)}")
    lines += [
        "",
        "## Validation",
        f"Held out by whole {data.group_word} ({metrics['groups']['test']} for testing, {metrics['groups']['val']} "
        f"for early stopping, {metrics['groups']['train']} for training); baselines trained on the same samples.",
        "",
        "| model | " + " | ".join(k for k in next(iter(metrics["scores"].values())) if _scalar(k)) + " |",
    ]
    keys = [k for k in next(iter(metrics["scores"].values())) if _scalar(k)]
    lines.append("|---" * (len(keys) + 1) + "|")
    for model, s in metrics["scores"].items():
        lines.append(f"| {model} | " + " | ".join(_fmt(s[k]) for k in keys) + " |")
    lines += [
        "",
        summary,
        "",
        "## Training",
        f"- architecture: {settings.arch if data.kind == 'sequence' else 'U-Net'}",
        f"- device: {context['device']}, best epoch {context['best_epoch']}, {context['samples_per_s']:.1f} samples/s",
        f"- final model retrained on all samples: {'yes' if settings.refit else 'no'}",
        f"- exported ONNX checked against PyTorch: largest difference {context['check_diff']:.2e}",
        "",
        "## Limits",
        "- Only as good as the labels and the area they cover; outside the training ranges of the inputs "
        "Lithoscope warns before a run.",
        "- Training ranges (1st–99th percentile): "
        + "; ".join(f"{n} {r[0]:.4g}–{r[1]:.4g}" for n, r in zip(data.band_names, data.ranges) if r),
    ]
    if worse:
        lines.append(f"- Worse than the {' and the '.join(worse)} on held-out data ({name}).")
    lines += [*[f"- {w}" for w in data.warnings], ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def _scalar(key: str) -> bool:
    return key in ("accuracy", "macro_f1", "kappa", "penalty_score", "rmse", "mae", "samples")


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
