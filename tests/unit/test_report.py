# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility report: every section with its numbers, valid PNGs linked beside the page, user text
escaped, missing keys omit their section, and a failed write leaves an earlier report byte for byte."""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
from types import SimpleNamespace
from urllib.parse import unquote

import numpy as np
import pytest
from lithoscope.inference.outputs.files import OutputTransaction
from lithoscope.susceptibility import report
from lithoscope.susceptibility.report import write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fold(kind: str, number: int, auc: float, rng: np.random.Generator) -> SimpleNamespace:
    fpr = np.concatenate([[0.0], np.sort(rng.uniform(0, 1, 30)), [1.0]])
    tpr = np.clip(fpr ** (1 / (2 * auc)) + 0.0, 0, 1)  # concave: a curve above the diagonal
    recall = np.linspace(1.0, 0.0, 25)
    precision = np.clip(0.5 + 0.45 * (1 - recall) + rng.normal(0, 0.02, 25), 0, 1)
    precision[0] = 0.5  # everything flagged: the share of landslides
    return SimpleNamespace(
        kind=kind,
        fold=number,
        auc=auc,
        n_train=800,
        n_test=200,
        roc=(fpr, tpr),
        pr=(recall, precision),
        test_index=np.arange(200),
        scores=rng.uniform(0, 1, 200),
    )


def validation(kind: str, aucs: list[float], baseline: float | None = 0.701) -> SimpleNamespace:
    rng = np.random.default_rng(len(kind))
    grid = np.linspace(0, 50, 20)
    return SimpleNamespace(
        kind=kind,
        folds=[fold(kind, i + 1, a, rng) for i, a in enumerate(aucs)],
        mean_auc=float(np.mean(aucs)),
        std_auc=float(np.std(aucs)),
        importance={"slope": (0.12, 0.02), "twi": (0.01, 0.005), "geology": (0.05, 0.01), "roughness": (-0.002, 0.003)},
        partial_dependence={
            "slope": (grid, 1 / (1 + np.exp(-(grid - 25) / 5))),
            "twi": (grid, 0.5 + 0.01 * np.sin(grid)),
            "geology": (np.arange(1.0, 6.0), np.array([0.2, 0.6, 0.4, 0.3, 0.7])),
        },
        baseline_auc=baseline,
    )


def full_context() -> dict:
    x = np.linspace(0, 100, 101)
    return {
        "title": "Ecuador test area",
        "settings": {"model_type": "random_forest", "folds": 5, "validation": ("random", "spatial"), "seed": 0},
        "data": {"presences": 1535, "absences": 1535, "dropped_nodata": 12, "missing": {"slope": 0, "ndvi": 48213}},
        "validations": [validation("random", [0.91, 0.93, 0.92, 0.90, 0.94]), validation("spatial", [0.8, 0.84, 0.78])],
        "models_compared": {
            "random_forest": {"random": 0.92, "spatial": 0.8067},
            "logistic": {"random": 0.85, "spatial": 0.79},
            "frequency_ratio": {"random": 0.80, "spatial": 0.75},
        },
        # as susceptibility.classes.class_table writes them: class number, name, None where nothing was counted
        "classes": [
            {
                "class": i + 1,
                "name": name,
                "lower": i / 5,
                "upper": (i + 1) / 5,
                "area_km2": area,
                "area_pct": area,
                "landslide_pct": slides,
                "density": density,
                "frequency_ratio": None,
            }
            for i, (name, area, slides, density) in enumerate(
                [
                    ("very low", 40.0, 5.0, 0.4),
                    ("low", 25, 10, 1.2),
                    ("moderate", 15, 15, 3.1),
                    ("high", 12, 30, 7.7),
                    ("very high", 8, 40, 15.0),
                ]
            )
        ],  # fmt: skip
        "success_rate": (x, 100 * (1 - (1 - x / 100) ** 4)),
        "prediction_rate": (x / 100, 1 - (1 - x / 100) ** 3),  # fractions are read as shares too
        "warnings": ["Only 3 spatial folds: fewer blocks than asked for."],
    }


def linked_pngs(page: str, folder: str) -> list[str]:
    return [os.path.join(folder, unquote(html.unescape(src))) for src in re.findall(r'<img src="([^"]+)"', page)]


def digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_full_report_has_every_section_number_and_valid_png(tmp_path):
    path = str(tmp_path / "study report.html")
    written = write_report(path, full_context())
    page = read(path)

    assert written[0] == path
    for section in ("summary", "warnings", "how-to-read", "data", "settings", "validation", "rates", "importance",
                    "partial-dependence", "models", "classes"):  # fmt: skip
        assert f'<section id="{section}">' in page, section
    # headline is the spatial validation, even though the random one comes first
    assert "AUC of <strong>0.807 ± 0.025</strong>" in page
    assert "spatial cross-validation" in page and "A random split gives 0.920" in page
    assert "0.5 is a coin toss, 1.0 a perfect ranking" in page and "not causes" in page
    assert "not the probability that a slope fails in a given year" in page
    assert "0.701" in page and "adds 0.106" in page  # baseline and the gain over it
    assert "48,213" in page and "1,535" in page  # missing pixels and counts
    assert "random_forest" in page and "<strong>0.807</strong>" in page  # best spatial model in bold
    assert '<td class="n">0.12</td>' in page  # frequency ratio of very low: 5 % of landslides on 40 % of the area
    assert '<td class="n">5.00</td>' in page  # very high: 40 % of landslides on 8 % of the area
    # success rate y = 1-(1-x)^4 has area 0.8; prediction rate 1-(1-x)^3 has 0.75 (read from fractions)
    assert "0.800" in page and "0.750" in page
    assert "holds 49% of the held-out landslides" in page  # 1 - 0.8^3 = 0.488
    assert page.index("0.1200") < page.index("0.0500") < page.index("0.0100") < page.index("-0.0020")

    pngs = linked_pngs(page, str(tmp_path))
    assert sorted(written[1:]) == sorted(pngs)
    assert len(pngs) == 2 * 5 + 3  # per validation: roc, pr, folds, importance, pdp; plus rates, models, classes
    for png in pngs:
        assert os.path.basename(png).startswith("study report_")
        with open(png, "rb") as f:
            data = f.read()
        assert data[:8] == PNG_MAGIC and len(data) > 5000, png
    assert 'src="study%20report_roc_spatial.png"' in page
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".lithoscope-")]


def test_user_text_is_escaped(tmp_path):
    evil = "<script>alert('x')</script>"
    context = full_context()
    context["title"] = evil
    context["warnings"] = [evil]
    context["settings"] = {evil: evil}
    context["data"] = {"missing": {evil: 3}}
    context["models_compared"] = {evil: {"spatial": 0.8}}
    context["classes"][0]["name"] = evil
    context["validations"][1].importance[evil] = (0.3, 0.01)
    path = str(tmp_path / "r.html")
    write_report(path, context)
    page = read(path)
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 7


def test_missing_keys_omit_their_sections(tmp_path):
    context = full_context()
    del context["classes"], context["warnings"]
    context["models_compared"] = {}
    path = str(tmp_path / "r.html")
    written = write_report(path, context)
    page = read(path)
    for section in ("classes", "warnings", "models"):
        assert f'id="{section}"' not in page
    assert "Susceptibility classes" not in page and "frequency ratio" not in page.lower()
    assert not any(name.endswith(("_classes.png", "_models.png")) for name in written)
    assert 'id="validation"' in page

    bare = str(tmp_path / "bare.html")
    assert write_report(bare, {"title": "Only a title"}) == [bare]
    page = read(bare)
    assert "<h1>Only a title</h1>" in page and "<section" not in page and "<img" not in page


def test_failure_while_writing_keeps_the_earlier_report(tmp_path, monkeypatch):
    path = str(tmp_path / "report.html")
    written = write_report(path, full_context())
    before = {p: digest(p) for p in written}
    listing = sorted(os.listdir(tmp_path))

    def broken(fig, classes, *args):
        raise RuntimeError("plot failed")

    monkeypatch.setattr(report, "_draw_classes", broken)
    changed = full_context()
    changed["title"] = "A new title"
    with pytest.raises(RuntimeError, match="plot failed"):
        write_report(path, changed)
    assert {p: digest(p) for p in written} == before
    assert sorted(os.listdir(tmp_path)) == listing  # no temporary files left


def test_stale_plots_of_an_earlier_report_are_removed_and_others_kept(tmp_path):
    path = str(tmp_path / "report.html")
    write_report(path, full_context())
    own = tmp_path / "report_photo.png"  # the user's file, never linked by a report
    own.write_bytes(b"mine")
    context = full_context()
    del context["classes"]
    write_report(path, context)
    assert not (tmp_path / "report_classes.png").exists()
    assert (tmp_path / "report_rates.png").exists() and own.read_bytes() == b"mine"


def test_transaction_defers_the_files_to_the_callers_commit(tmp_path):
    path = str(tmp_path / "report.html")
    tx = OutputTransaction()
    written = write_report(path, full_context(), transaction=tx)
    assert not any(os.path.exists(p) for p in written)
    tx.commit()
    assert all(os.path.exists(p) for p in written)


def test_fold_without_both_classes_and_empty_validation_do_not_break_the_page(tmp_path):
    v = validation("spatial", [0.8, float("nan"), 0.7], baseline=None)
    v.mean_auc, v.std_auc = float("nan"), float("nan")
    empty = SimpleNamespace(kind="temporal", folds=[], mean_auc=float("nan"), std_auc=float("nan"), importance={},
                            partial_dependence={}, baseline_auc=None)  # fmt: skip
    path = str(tmp_path / "r.html")
    written = write_report(path, {"title": "t", "validations": [v, empty]})
    page = read(path)
    assert "n/a" in page and "not available" in page
    assert all(open(p, "rb").read(8) == PNG_MAGIC for p in written[1:])


def test_report_leaves_pyplot_alone():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import conftest, tempfile, os\n"
        "from lithoscope.susceptibility.report import write_report\n"
        "d = tempfile.mkdtemp(); write_report(os.path.join(d, 'r.html'), {'title': 't', 'classes': "
        "[{'class': 'a', 'area_pct': 50, 'landslide_pct': 80}]})\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    tests = os.path.join(ROOT, "tests")
    result = subprocess.run([sys.executable, "-c", code, tests], capture_output=True, text=True, cwd=tests)
    assert result.returncode == 0, result.stderr


def test_real_validation_and_class_table_render(tmp_path):
    """The training side's own dataclasses and class table, so the two ends cannot drift apart."""
    validation_module = pytest.importorskip("lithoscope.susceptibility.validation")
    classes_module = pytest.importorskip("lithoscope.susceptibility.classes")
    rng = np.random.default_rng(3)
    folds = []
    for k, spec in enumerate([fold("spatial", 1, 0.8, rng), fold("spatial", 2, 0.7, rng)]):
        folds.append(
            validation_module.FoldResult(
                "spatial", k + 1, spec.auc, 90, 30, spec.roc, spec.pr, spec.test_index, spec.scores, pr_auc=0.654
            )
        )
    x = np.linspace(0, 100, 51)
    result = validation_module.ValidationResult(
        "spatial", folds, 0.75, 0.05, {"slope": (0.1, 0.01)}, {"slope": (x, x / 100)}, 0.66,
        model_type="random_forest", baseline_model="frequency_ratio", description="k-means clusters of coordinates",
        warnings=["fold 3 holds one class only; it is left out."], prediction_rate=(x, np.sqrt(x) * 10),
    )  # fmt: skip
    rows = classes_module.class_table(np.array([400, 300, 200, 80, 20]), np.array([0.2, 0.4, 0.6, 0.8]), 100.0)
    path = str(tmp_path / "r.html")
    write_report(path, {"title": "t", "validations": [result], "classes": rows})
    page = read(path)
    assert "K-means clusters of coordinates; 2 folds; model random_forest." in page
    assert "baseline frequency_ratio" in page and "spatial: fold 3 holds one class only" in page
    assert 'id="rates"' in page and "held-out landslides" in page  # the validation's own prediction rate
    assert "very high" in page and "0.800 – 1.000" in page and page.count("—") >= 10  # no landslides counted
    assert all(os.path.exists(p) for p in linked_pngs(page, str(tmp_path)))


@pytest.fixture(scope="module")
def cross_validated():
    """A real `validation.cross_validate` result on generated samples (30 % landslides), and the samples."""
    validation_module = pytest.importorskip("lithoscope.susceptibility.validation")
    from lithoscope.susceptibility.inventory import Samples

    rng = np.random.default_rng(5)
    n = 360
    X = rng.normal(size=(n, 2))
    y = (rng.random(n) < 1 / (1 + np.exp(-(2.5 * X[:, 0] - 1.8)))).astype(np.int64)
    index = np.arange(n)
    samples = Samples(X, y, index, index, rng.uniform(0, 1000, (n, 2)), None, ["slope", "twi"],
                      ["continuous", "continuous"], {})  # fmt: skip
    split = validation_module.make_split(samples, "random", 3, seed=0)
    return samples, validation_module.cross_validate(samples, split, "logistic", baseline=False)


def test_precision_recall_of_a_real_cross_validation(tmp_path, cross_validated):
    """The report reads FoldResult.pr as validation.py writes it: the no-skill line is the share of landslides."""
    samples, result = cross_validated
    shares = []
    for f in result.folds:
        recall, precision, ap, no_skill = report.pr_points(f)
        share = float(samples.y[f.test_index].mean())
        assert 0.15 < share < 0.45  # far from 0.5 and from 1: a swap of the axes would show
        assert recall.max() == 1.0 and recall.min() == 0.0 and precision.max() == 1.0
        assert no_skill == pytest.approx(share)
        assert ap == pytest.approx(f.pr_auc) and ap > share + 0.2
        shares.append(share)
    path = str(tmp_path / "r.html")
    written = write_report(path, {"title": "t", "validations": [result]})
    page = read(path)
    for f, share in zip(result.folds, shares):
        row = f'<td class="n">{f.auc:.3f}</td><td class="n">{f.pr_auc:.3f}</td><td class="n">{share:.3f}</td>'
        assert row in page
    assert all(open(p, "rb").read(8) == PNG_MAGIC for p in written[1:])


def test_class_note_and_mapping_units_wording(tmp_path):
    context = full_context()
    context["classes_note"] = "Estimated with quantile breaks on a sample of 20,000 pixels at training time."
    path = str(tmp_path / "r.html")
    write_report(path, context)
    page = read(path)
    assert "<p>Estimated with quantile breaks on a sample of 20,000 pixels at training time.</p><table>" in page
    assert "<th>Area (%)</th>" in page and "most susceptible share of the area." in page
    context["mapping_units"] = True
    write_report(path, context)
    page = read(path)
    assert "<th>Units (%)</th>" in page and "<th>Area (%)</th>" not in page
    assert "most susceptible share of the mapping units." in page and "The 20% of the mapping units ranked" in page
