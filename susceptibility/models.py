# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility models trained with scikit-learn and exported to ONNX with the Lithoscope contract.

Every model is one scikit-learn Pipeline over the raw factor values (one float column per factor),
so the ONNX file needs no scaling from the engine (band_offset 0, band_scale 1):

    encode: continuous factors standardised (StandardScaler; left as they are for tree models, whose
            splits do not care and whose float32 ONNX thresholds must see the raw values), categorical
            factors one-hot (OneHotEncoder, handle_unknown="ignore": a category never seen in training
            turns every indicator of that factor off) or target-encoded (TargetEncoder)
    model:  logistic regression, random forest, gradient boosting (HistGradientBoosting), an MLP,
            or the frequency-ratio baseline

Random forests are sized to the sample count inside every fit (so inside each cross-validation fold,
never after it): `min_samples_leaf` is chosen among a few candidates that scale with the number of
samples by out-of-bag AUC (the largest leaf within OOB_TOLERANCE of the best: smaller trees, a smaller
and faster ONNX), and 100 trees are grown to 200 only when that raises the out-of-bag AUC
(`forest_size` reads the choice back for the metrics).

With fold models, `to_onnx_bytes` exports ONE graph: the final model and every fold model share the
'factors' input, and the graph gives `probabilities` (N, 2) of the final model and `uncertainty` (N, 1),
the standard deviation of the fold models' p(landslide), so the uncertainty map is one pass over the
factors.

Class imbalance: class_weight="balanced" for logistic regression, random forest and gradient
boosting, balanced sample weights for the MLP (it has no class_weight); the frequency ratio compares
shares within each class, so it does not depend on the balance, and its calibration is balanced.

The frequency-ratio baseline: each continuous factor is cut into quantile bins (KBinsDiscretizer,
one-hot), each categorical factor into its categories. For each bin, FR = (share of landslide
samples in the bin) / (share of absence samples in the bin, a random sample of the area), with
0.5 added to each count. The landslide susceptibility index LSI is the sum over factors of log FR of
the bin a pixel falls in; a one-variable logistic regression on the LSI turns it into a probability:
p = sigmoid(a * LSI + b). That is a logistic regression on the bin indicators whose coefficients
are a * log FR and whose intercept is b, which skl2onnx converts like any other.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from typing import Any

import numpy as np

from ..inference.errors import InputError

try:
    from sklearn.base import BaseEstimator, ClassifierMixin
except ImportError:  # import_sklearn() says what to install; two distinct stand-ins keep this module importable
    BaseEstimator = type("BaseEstimator", (), {})  # type: ignore[assignment,misc]
    ClassifierMixin = type("ClassifierMixin", (), {})  # type: ignore[assignment,misc]

MODEL_TYPES = ("logistic", "random_forest", "gradient_boosting", "mlp", "frequency_ratio")
MODEL_LABELS = {
    "logistic": "Logistic regression",
    "random_forest": "Random forest",
    "gradient_boosting": "Gradient boosting",
    "mlp": "Neural network (MLP)",
    "frequency_ratio": "Frequency ratio",
}
CATEGORICAL_ENCODINGS = ("onehot", "target")
CLASS_WEIGHT = "balanced"
FR_BINS = 10
TARGET_OPSET = 17
INPUT_NAME = "factors"
UNCERTAINTY = "uncertainty"
# Forest size: leaf sizes as fractions of the sample count (at least 1), judged by out-of-bag AUC.
LEAF_FRACTIONS = (0.0, 0.003, 0.01)
OOB_TOLERANCE = 0.002  # the largest leaf (and fewest trees) whose OOB AUC is this close to the best
TREES = (100, 200)


MIN_VERSIONS = {"sklearn": ("scikit-learn", (1, 9)), "skl2onnx": ("skl2onnx", (1, 20))}
_INSTALL = "python3 -m pip install 'scikit-learn>=1.9' 'skl2onnx>=1.20'"


def _version(text: str) -> tuple[int, ...]:
    """(major, minor) of a version string such as 1.9.1 or 1.10rc1; (0, 0) when unreadable."""
    found = re.match(r"\s*(\d+)(?:\.(\d+))?", str(text))
    return (int(found.group(1)), int(found.group(2) or 0)) if found else (0, 0)


def import_sklearn() -> None:
    """scikit-learn >= 1.9 and skl2onnx >= 1.20, or an InputError that says how to install them."""
    import importlib

    for module, (package, minimum) in MIN_VERSIONS.items():
        try:
            found = importlib.import_module(module)
        except ImportError as exc:
            raise InputError(
                f"Training susceptibility models needs scikit-learn and skl2onnx ({exc.name or package} is missing "
                f"or broken: {exc}). Install them into QGIS's Python: {_INSTALL}"
            ) from None
        version = getattr(found, "__version__", "0")
        if _version(version) < minimum:
            raise InputError(
                f"Training susceptibility models needs {package} {'.'.join(map(str, minimum))} or newer; QGIS's "
                f"Python has {version}. Upgrade it: {_INSTALL}"
            )


class FrequencyRatio(ClassifierMixin, BaseEstimator):
    """Frequency-ratio weights of bin indicators, calibrated to a probability (see the module docstring).

    A scikit-learn classifier over 0/1 bin columns; `logistic_` holds the equivalent fitted
    LogisticRegression that is exported to ONNX.
    """

    def __init__(self, smoothing: float = 0.5) -> None:
        self.smoothing = smoothing

    def fit(self, Z: np.ndarray, y: np.ndarray, sample_weight=None) -> FrequencyRatio:
        from sklearn.linear_model import LogisticRegression

        Z = np.asarray(Z, np.float64)
        y = np.asarray(y)
        a = self.smoothing
        share1 = (Z[y == 1].sum(axis=0) + a) / max(1, int((y == 1).sum()))
        share0 = (Z[y == 0].sum(axis=0) + a) / max(1, int((y == 0).sum()))
        self.log_fr_ = np.log(share1 / share0)
        lsi = Z @ self.log_fr_
        calib = LogisticRegression(C=1e4, class_weight=CLASS_WEIGHT, max_iter=1000).fit(lsi[:, None], y)
        with warnings.catch_warnings():  # a shell with every attribute; its coefficients are replaced
            warnings.simplefilter("ignore")
            model = LogisticRegression(max_iter=5).fit(Z, y)
        model.coef_ = (calib.coef_[0, 0] * self.log_fr_)[None, :]
        model.intercept_ = calib.intercept_.copy()
        self.logistic_ = model
        self.classes_ = model.classes_
        self.n_features_in_ = Z.shape[1]
        return self

    def predict_proba(self, Z: np.ndarray) -> np.ndarray:
        return self.logistic_.predict_proba(Z)

    def decision_function(self, Z: np.ndarray) -> np.ndarray:
        return self.logistic_.decision_function(Z)

    def predict(self, Z: np.ndarray) -> np.ndarray:
        return self.logistic_.predict(Z)


def _columns(kinds: list[str]) -> tuple[list[int], list[int]]:
    continuous = [i for i, k in enumerate(kinds) if k != "categorical"]
    categorical = [i for i, k in enumerate(kinds) if k == "categorical"]
    return continuous, categorical


def make_model(model_type: str, kinds: list[str], categorical_encoding: str = "onehot", seed: int = 0):
    """An unfitted Pipeline (encode -> model) for factors of the given kinds."""
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import KBinsDiscretizer, OneHotEncoder, StandardScaler, TargetEncoder

    if model_type not in MODEL_TYPES:
        raise InputError(f"Model type '{model_type}' is unknown; choose one of {', '.join(MODEL_TYPES)}.")
    if categorical_encoding not in CATEGORICAL_ENCODINGS:
        raise InputError(
            f"Categorical encoding '{categorical_encoding}' is unknown; choose {' or '.join(CATEGORICAL_ENCODINGS)}."
        )
    continuous, categorical = _columns(kinds)
    trees = model_type in ("random_forest", "gradient_boosting")
    if model_type == "frequency_ratio":
        numeric: Any = KBinsDiscretizer(n_bins=FR_BINS, encode="onehot-dense", strategy="quantile", subsample=None)
        category: Any = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    else:
        numeric = "passthrough" if trees else StandardScaler()
        if categorical_encoding == "target":
            # Its cross-fitting shuffles: seeded folds make the encoding (and the model) reproducible.
            category = TargetEncoder(target_type="binary", cv=StratifiedKFold(5, shuffle=True, random_state=seed))
        else:
            category = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    parts = []
    if continuous:
        parts.append(("continuous", numeric, continuous))
    if categorical:
        parts.append(("categorical", category, categorical))
    encode = ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0)
    if model_type == "logistic":
        model: Any = LogisticRegression(class_weight=CLASS_WEIGHT, max_iter=2000, C=1.0)
    elif model_type == "random_forest":
        model = RandomForestClassifier(
            n_estimators=TREES[-1],
            min_samples_leaf=3,  # fit_model chooses it by out-of-bag AUC
            max_features="sqrt",
            class_weight=CLASS_WEIGHT,
            n_jobs=-1,
            random_state=seed,
        )
    elif model_type == "gradient_boosting":
        # Small, slow-learning trees: on the real inventories (training/evaluate_susceptibility.py) they hold up
        # on held-out regions where larger ones fit the training ground; the leaf size follows the sample count.
        model = HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=150,
            max_leaf_nodes=7,
            min_samples_leaf=20,
            l2_regularization=1.0,
            class_weight=CLASS_WEIGHT,
            early_stopping=False,
            random_state=seed,
        )
    elif model_type == "mlp":
        model = MLPClassifier(
            hidden_layer_sizes=(32, 16), alpha=1e-2, max_iter=500, early_stopping=False, random_state=seed
        )
    else:
        model = FrequencyRatio()
    return Pipeline([("encode", encode), ("model", model)])


def boosting_leaf_size(samples: int) -> int:
    """Gradient boosting's smallest leaf for a training set of `samples`: a twelfth of them, within 20..100."""
    return int(np.clip(samples // 12, 20, 100))


def fit_model(
    model_type: str, X: np.ndarray, y: np.ndarray, kinds: list[str], categorical_encoding: str = "onehot", seed: int = 0
):
    """A fitted Pipeline; the MLP gets balanced sample weights (it has no class_weight)."""
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    pipeline = make_model(model_type, kinds, categorical_encoding, seed)
    if model_type == "gradient_boosting":
        pipeline.set_params(model__min_samples_leaf=boosting_leaf_size(len(y)))
    fit_params = {}
    if model_type == "mlp":
        from sklearn.utils.class_weight import compute_sample_weight

        fit_params["model__sample_weight"] = compute_sample_weight(CLASS_WEIGHT, y)
    # OpenMP threads (gradient boosting) cost more than they save on small sample sets, and waiting threads
    # can stall a busy machine for tens of seconds: one thread below 50,000 samples.
    threads = threadpool_limits(1, user_api="openmp") if len(y) < 50_000 else contextlib.nullcontext()
    with threads, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*[Bb]ins whose width are too small.*")
        warnings.filterwarnings("ignore", message=".*Feature .* is constant.*")
        if model_type == "random_forest":
            _fit_forest(pipeline, np.asarray(X, np.float64), np.asarray(y))
        else:
            pipeline.fit(np.asarray(X, np.float64), np.asarray(y), **fit_params)
    if model_type == "random_forest":
        pipeline.set_params(model__n_jobs=1)  # threads cost more than they save on the small batches that follow
    return pipeline


def leaf_candidates(n_samples: int) -> list[int]:
    """The min_samples_leaf values tried for `n_samples` samples: fractions of the count, at least 1."""
    return sorted({max(1, round(f * n_samples)) for f in LEAF_FRACTIONS})


def _oob_auc(forest, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    scores = forest.oob_decision_function_[:, -1]
    ok = np.isfinite(scores)
    if len(np.unique(y[ok])) < 2:
        return float("nan")
    return float(roc_auc_score(y[ok], scores[ok]))


def _fit_forest(pipeline, X: np.ndarray, y: np.ndarray) -> None:
    """Fit the encoder, then the forest whose leaf size and tree count suit the samples (by out-of-bag AUC)."""
    from sklearn.base import clone

    Z = pipeline.steps[0][1].fit_transform(X, y)
    template = pipeline.steps[-1][1]
    fitted = []
    for leaf in leaf_candidates(len(y)):
        forest = clone(template).set_params(n_estimators=TREES[0], min_samples_leaf=leaf, oob_score=True)
        with warnings.catch_warnings():  # a few samples may never be out of bag with 100 trees
            warnings.simplefilter("ignore", UserWarning)
            forest.fit(Z, y)
        fitted.append((_oob_auc(forest, y), leaf, forest))
    best = max((a for a, _, _ in fitted if np.isfinite(a)), default=float("nan"))
    if np.isfinite(best):
        auc, leaf, forest = max((f for f in fitted if f[0] >= best - OOB_TOLERANCE), key=lambda f: f[1])
    else:
        auc, leaf, forest = fitted[0]
    first = list(forest.estimators_)
    forest.set_params(warm_start=True, n_estimators=TREES[-1])  # grows the chosen forest by the trees missing
    with warnings.catch_warnings():  # (it warns about balanced weights on other data: these are the same samples)
        warnings.simplefilter("ignore", UserWarning)
        forest.fit(Z, y)
    grown_auc = _oob_auc(forest, y)
    if np.isfinite(grown_auc) and grown_auc > auc + OOB_TOLERANCE:
        auc = grown_auc
    else:  # the extra trees do not pay for their size: back to the first ones
        forest.estimators_ = first
        forest.n_estimators = len(first)
    forest.set_params(warm_start=False, oob_score=False)
    forest.oob_auc_ = auc
    for name in ("oob_decision_function_", "oob_score_"):  # (n_samples, 2) floats nobody reads again
        forest.__dict__.pop(name, None)
    pipeline.steps[-1] = (pipeline.steps[-1][0], forest)


def forest_size(pipeline) -> dict | None:
    """The leaf size, tree count and out-of-bag AUC fit_model chose for a random forest; None for other models."""
    model = pipeline.steps[-1][1]
    if not hasattr(model, "estimators_") or not hasattr(model, "oob_auc_"):
        return None
    auc = float(model.oob_auc_)
    return {
        "min_samples_leaf": int(model.min_samples_leaf),
        "trees": len(model.estimators_),
        "nodes": int(sum(t.tree_.node_count for t in model.estimators_)),
        "oob_auc": round(auc, 4) if np.isfinite(auc) else None,
    }


def exportable(pipeline):
    """The pipeline with the frequency-ratio step replaced by its equivalent LogisticRegression."""
    from sklearn.pipeline import Pipeline

    model = pipeline.steps[-1][1]
    if isinstance(model, FrequencyRatio):
        return Pipeline(pipeline.steps[:-1] + [("model", model.logistic_)])
    return pipeline


def _onnx_model(pipeline, n_features: int):
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    pipeline = exportable(pipeline)
    final = pipeline.steps[-1][1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = to_onnx(
            pipeline,
            initial_types=[(INPUT_NAME, FloatTensorType([None, n_features]))],
            target_opset={"": TARGET_OPSET, "ai.onnx.ml": 3},
            options={id(final): {"zipmap": False}},
        )
    _binary_trees_as_regressor(model)
    return model


def _binary_trees_as_regressor(model) -> None:
    """A binary forest's TreeEnsembleClassifier as a TreeEnsembleRegressor of p(class 1), in place.

    The same trees and leaf weights (skl2onnx stores p(class 1) per leaf, already divided by the tree
    count), summed: onnxruntime evaluates it about 12 % faster than the classifier, which also derives
    the label and the other class's probability per row. The outputs stay: probabilities (N, 2) as
    [1 - p, p] and the label, class 1 where p > 0.5 as predict gives it.
    """
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    position = next((i for i, n in enumerate(graph.node) if n.op_type == "TreeEnsembleClassifier"), None)
    if position is None:
        return
    node = graph.node[position]
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    labels = attrs.get("classlabels_int64s")
    ids = set(attrs.get("class_ids", ()))
    if labels is None or len(labels) != 2 or ids != {0} or attrs.get("post_transform", b"NONE") != b"NONE":
        return  # not skl2onnx's binary layout (one weight per leaf, for class 1): left as it is
    label_out, probability_out = node.output[0], node.output[1]
    prefix = f"{node.name or 'trees'}_"
    trees = {k: v for k, v in attrs.items() if k.startswith("nodes_")}
    if all(v == 1.0 for v in trees.get("nodes_hitrates", ())):
        trees.pop("nodes_hitrates", None)  # the default, and a float per node
    trees.update(
        target_ids=[0] * len(attrs["class_ids"]),
        target_nodeids=attrs["class_nodeids"],
        target_treeids=attrs["class_treeids"],
        target_weights=attrs["class_weights"],
        n_targets=1,
        aggregate_function="SUM",
        post_transform="NONE",
    )
    p1, p0, above, index = (prefix + n for n in ("p1", "p0", "above", "index"))
    constants = {prefix + "one": ([], TensorProto.FLOAT, [1.0]), prefix + "half": ([], TensorProto.FLOAT, [0.5])}
    graph.initializer.extend(helper.make_tensor(n, t, shape, v) for n, (shape, t, v) in constants.items())
    graph.initializer.append(numpy_helper.from_array(np.asarray(labels, np.int64), prefix + "labels"))
    graph.initializer.append(numpy_helper.from_array(np.asarray([1], np.int64), prefix + "axis"))
    replacement = [
        helper.make_node(
            "TreeEnsembleRegressor", list(node.input), [p1], name=prefix + "regressor", domain="ai.onnx.ml", **trees
        ),  # fmt: skip
        helper.make_node("Sub", [prefix + "one", p1], [p0]),
        helper.make_node("Concat", [p0, p1], [probability_out], axis=1),
        helper.make_node("Greater", [p1, prefix + "half"], [above]),
        helper.make_node("Cast", [above], [index], to=TensorProto.INT64),
        helper.make_node("Squeeze", [index, prefix + "axis"], [index + "_flat"]),
        helper.make_node("Gather", [prefix + "labels", index + "_flat"], [label_out], axis=0),
    ]
    del graph.node[position]
    for k, extra in enumerate(replacement):
        graph.node.insert(position + k, extra)


def to_onnx_bytes(pipeline, n_features: int, folds: list | tuple = ()) -> bytes:
    """The fitted pipeline as ONNX: float input (N, F) 'factors', outputs 'label' and 'probabilities' (N, 2).

    With two or more fitted fold pipelines in `folds`, one graph holds them all beside the final model
    (each under a prefix of its own, sharing the input) and adds the output 'uncertainty' (N, 1): the
    standard deviation (population, as numpy's std) of the fold models' p(landslide).
    """
    import onnx
    from onnx import compose, helper

    main = _onnx_model(pipeline, n_features)
    if len(folds) < 2:
        return main.SerializeToString()
    graph = main.graph
    columns = []
    for k, fold in enumerate(folds):
        part = compose.add_prefix(_onnx_model(fold, n_features), f"fold{k + 1}_", rename_inputs=False)
        probabilities = next(o.name for o in part.graph.output if o.name.endswith("probabilities"))
        graph.node.extend(part.graph.node)
        graph.initializer.extend(part.graph.initializer)
        for opset in part.opset_import:
            if not any(o.domain == opset.domain for o in main.opset_import):
                main.opset_import.append(opset)
        columns.append(probabilities)
    # p(landslide) of each fold model (column 1), side by side -> their spread per row.
    graph.initializer.extend(
        [
            helper.make_tensor("unc_one", onnx.TensorProto.INT64, [1], [1]),
            helper.make_tensor("unc_two", onnx.TensorProto.INT64, [1], [2]),
        ]
    )
    sliced = []
    for k, name in enumerate(columns):
        sliced.append(f"unc_p{k + 1}")
        graph.node.append(helper.make_node("Slice", [name, "unc_one", "unc_two", "unc_one"], [sliced[-1]]))
    graph.node.extend(
        [
            helper.make_node("Concat", sliced, ["unc_folds"], axis=1),
            helper.make_node("ReduceMean", ["unc_folds"], ["unc_mean"], axes=[1], keepdims=1),
            helper.make_node("Sub", ["unc_folds", "unc_mean"], ["unc_dev"]),
            helper.make_node("Mul", ["unc_dev", "unc_dev"], ["unc_sq"]),
            helper.make_node("ReduceMean", ["unc_sq"], ["unc_var"], axes=[1], keepdims=1),
            helper.make_node("Sqrt", ["unc_var"], [UNCERTAINTY]),
        ]
    )
    graph.output.append(helper.make_tensor_value_info(UNCERTAINTY, onnx.TensorProto.FLOAT, [None, 1]))
    onnx.checker.check_model(main)
    return main.SerializeToString()


def export_model(
    pipeline,
    path: str,
    names: list[str],
    kinds: list[str],
    *,
    description: str = "",
    training_data: dict | None = None,
    metrics: dict | None = None,
    model_version: str = "1",
    text_codes: dict[str, dict[str, int]] | None = None,
    categories: dict[str, list[float]] | None = None,
    ranges: list[list[float] | None] | None = None,
    unit_features: dict | None = None,
    folds: list | tuple = (),
) -> str:
    """Write the pipeline as an ONNX file at `path` with the Lithoscope susceptibility contract.

    With fold pipelines (`folds`, two or more) the file is one graph that also gives the 'uncertainty'
    output (see to_onnx_bytes), recorded in the contract with the role "uncertainty".

    `text_codes` (factor -> text -> code, from the factors' tag) and `categories` (categorical factor ->
    codes seen in training) go into the contract as `factor_text_codes` and `factor_categories`, so that
    prediction can refuse factors whose codes mean something else and count codes never seen.
    """
    from ..inference.model.contract import write_contract

    with open(path, "wb") as f:
        f.write(to_onnx_bytes(pipeline, len(names), folds))
    extra: dict[str, Any] = {}
    if text_codes is not None:
        extra["factor_text_codes"] = {str(k): {str(t): int(c) for t, c in v.items()} for k, v in text_codes.items()}
    if categories is not None:
        extra["factor_categories"] = {str(k): [float(c) for c in v] for k, v in categories.items()}
    if ranges is not None:
        extra["band_ranges"] = ranges
    if unit_features is not None:
        extra["unit_features"] = unit_features
    write_contract(
        path,
        {
            **extra,
            "lithoscope_task": "susceptibility",
            "output_kind": "probability",
            "output_roles": {
                "probabilities": "probabilities",
                "label": "label",
                **({UNCERTAINTY: UNCERTAINTY} if len(folds) > 1 else {}),
            },
            "band_names": list(names),
            "band_kinds": list(kinds),
            "band_offset": [0.0] * len(names),
            "band_scale": [1.0] * len(names),
            "description": description,
            "training_data": training_data or {},
            "metrics": metrics or {},
            "model_version": model_version,
        },
    )
    return path


def describe(model_type: str, kinds: list[str], categorical_encoding: str) -> str:
    """One line for the contract's description."""
    categorical = sum(k == "categorical" for k in kinds)
    encoding = f", {categorical} categorical factor(s) {categorical_encoding}-encoded" if categorical else ""
    return (
        f"Landslide susceptibility: {MODEL_LABELS[model_type]} over {len(kinds)} factor(s){encoding}, "
        f"class weights {CLASS_WEIGHT}; trained with Lithoscope."
    )
