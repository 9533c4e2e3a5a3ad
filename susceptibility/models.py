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
            n_estimators=200,
            min_samples_leaf=3,
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
        pipeline.fit(np.asarray(X, np.float64), np.asarray(y), **fit_params)
    if model_type == "random_forest":
        pipeline.set_params(model__n_jobs=1)  # threads cost more than they save on the small batches that follow
    return pipeline


def exportable(pipeline):
    """The pipeline with the frequency-ratio step replaced by its equivalent LogisticRegression."""
    from sklearn.pipeline import Pipeline

    model = pipeline.steps[-1][1]
    if isinstance(model, FrequencyRatio):
        return Pipeline(pipeline.steps[:-1] + [("model", model.logistic_)])
    return pipeline


def to_onnx_bytes(pipeline, n_features: int) -> bytes:
    """The fitted pipeline as ONNX: float input (N, F) 'factors', outputs 'label' and 'probabilities' (N, 2)."""
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    pipeline = exportable(pipeline)
    final = pipeline.steps[-1][1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onx = to_onnx(
            pipeline,
            initial_types=[(INPUT_NAME, FloatTensorType([None, n_features]))],
            target_opset={"": TARGET_OPSET, "ai.onnx.ml": 3},
            options={id(final): {"zipmap": False}},
        )
    return onx.SerializeToString()


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
) -> str:
    """Write the pipeline as an ONNX file at `path` with the Lithoscope susceptibility contract.

    `text_codes` (factor -> text -> code, from the factors' tag) and `categories` (categorical factor ->
    codes seen in training) go into the contract as `factor_text_codes` and `factor_categories`, so that
    prediction can refuse factors whose codes mean something else and count codes never seen.
    """
    from ..inference.model.contract import write_contract

    with open(path, "wb") as f:
        f.write(to_onnx_bytes(pipeline, len(names)))
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
            "output_roles": {"probabilities": "probabilities", "label": "label"},
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
