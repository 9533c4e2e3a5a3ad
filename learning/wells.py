# SPDX-License-Identifier: GPL-2.0-or-later
"""Facies from well logs: labelled wells (LAS files, one well each, or a table of well, depth, curves and label),
a window of samples centred on each labelled depth, held out by whole wells, for the sequence models of the
training worker (a bidirectional GRU or LSTM, or a 1-D CNN).

The wells are read by the engine's own readers (`wells_from_las`, `wells_from_table`, `well_windows`, the LAS
null values as gaps, extreme values as gaps), so the model is trained on exactly what the per-depth run
(`inference.pipelines.wells.run_well_logs`) feeds it.
"""

from __future__ import annotations

import csv
import os
import shutil
from typing import Any, Sequence

import numpy as np

from ..inference.errors import CancelledError, InputError
from ..inference.progress import CancelFn, LogFn
from ..inference.sources.base import EXTREME_VALUE
from ..inference.sources.las import import_lasio, las_paths, wells_from_las
from ..inference.sources.series import key
from ..inference.sources.wells import WellTable, null_values_as_gaps, well_windows, wells_from_table
from ..inference.text import label
from .common import TrainingData, band_statistics, class_index, job_folder, open_array, rare_classes

STRIP_WELLS = 4


def _label_value(value: Any) -> Any:
    """A label as a class code: integral numbers (also as text, or as floats from a LAS curve) as int, other
    numbers as float, other text stripped; None for no label (empty, NaN, the LAS null values)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return text
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value).strip() or None
    if not np.isfinite(number) or number in (-999.25, -9999.0):
        return None
    return int(number) if number.is_integer() else number


def _column(columns: dict[str, Any], name: str, what: str) -> str:
    """The column named `name` (any case) of the table."""
    if name in columns:
        return name
    found = [c for c in columns if str(c).strip().lower() == str(name).strip().lower()]
    if len(found) != 1:
        raise InputError(
            f"The well table has no column {name!r} for the {what}; its columns: {', '.join(map(str, columns))}. "
            "Choose one of them."
        )
    return found[0]


def read_csv_columns(path: str) -> dict[str, list[str]]:
    """A CSV table (header row; comma, semicolon or tab) as column -> values (text)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The table {path} cannot be read ({exc}); give a CSV file with a header row.") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        raise InputError(f"The table {path} has no data rows; give a CSV file with a header row and one row a sample.")
    header = [h.strip() for h in rows[0]]
    return {h: [r[i] if i < len(r) else "" for r in rows[1:]] for i, h in enumerate(header)}


def _read_codes(path: str) -> list[tuple[Any, str]]:
    """The class-code table (CSV: code, name; a header row is skipped) as (code, name) in its order."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The class-code table {path} cannot be read ({exc}); give a CSV file of code,name.") from exc
    if rows and rows[0] and rows[0][0].strip().lower() in ("code", "value", "class", "id", "facies", "label"):
        rows = rows[1:]
    out, seen = [], set()
    for i, row in enumerate(rows):
        if len(row) < 2 or not row[1].strip():
            raise InputError(
                f"Row {i + 1} of the class-code table {os.path.basename(path)} is {','.join(row)!r}; each row needs "
                "a code and a class name (code,name)."
            )
        code = _label_value(row[0])
        if code in seen:
            raise InputError(f"The class code {code!r} is twice in the class-code table {os.path.basename(path)}.")
        seen.add(code)
        out.append((code, row[1].strip()))
    if not out:
        raise InputError(f"The class-code table {path} is empty; give one row code,name per class.")
    return out


def _read_penalty(path: str, k: int, names: list[str]) -> np.ndarray:
    """A K x K penalty matrix (CSV; rows: true class, columns: predicted, in class order). A header row and a
    first column of names are skipped."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The penalty matrix {path} cannot be read ({exc}); give a CSV file of numbers.") from exc

    def numbers(row: list[str]) -> list[float] | None:
        try:
            return [float(c) for c in row if c.strip()]
        except ValueError:
            return None

    if rows and numbers(rows[0]) is None:
        rows = rows[1:]
    if rows and all(numbers(r) is None for r in rows) and all(numbers(r[1:]) is not None for r in rows):
        rows = [r[1:] for r in rows]
    values = [numbers(r) for r in rows]
    shape = (len(values), max((len(v) for v in values if v is not None), default=0))
    if any(v is None for v in values) or any(len(v) != shape[1] for v in values) or shape != (k, k):
        raise InputError(
            f"The penalty matrix {os.path.basename(path)} must be {k} x {k} numbers (rows: true class, columns: "
            f"predicted class, in the class order {', '.join(names)}); it is {shape[0]} x {shape[1]}"
            + (" with text in it" if any(v is None for v in values) else "")
            + "."
        )
    return np.asarray(values, dtype=np.float64)


def _check_las_curves(paths: list[str], curves: list[str], label: str) -> None:
    """Every LAS file has the curves and the label curve (by mnemonic, any case); the error names the well and
    lists its curves."""
    lasio = import_lasio()
    for path in paths:
        try:
            las = lasio.read(path, ignore_data=True)
        except Exception:  # noqa: BLE001 (read_las says why when it reads the file)
            continue
        mnemonics = [c.mnemonic for c in las.curves]
        have = {m.lower() for m in mnemonics} | {m.split(":")[0].lower() for m in mnemonics}
        try:
            well = key(las.well["WELL"].value) or os.path.splitext(os.path.basename(path))[0]
        except KeyError:
            well = os.path.splitext(os.path.basename(path))[0]
        if label.lower() not in have:
            raise InputError(
                f"Well '{well}' ({os.path.basename(path)}) has no label curve '{label}'; its curves: "
                f"{', '.join(mnemonics)}. Choose the label curve by its mnemonic, or leave this well out."
            )
        missing = [c for c in curves if c.lower() not in have]
        if missing:
            raise InputError(
                f"Well '{well}' ({os.path.basename(path)}) has no curve {', '.join(map(repr, missing))}; its curves: "
                f"{', '.join(mnemonics)}. Choose curves every well has, or leave this well out."
            )


def _read_wells(las, table, well_field, depth_field, curves, label, nodata, log):
    """Wells as {well: (depths, curves (n, F), labels (n,) as class codes or None)}, the curves' names, the source."""
    curves = [str(c).strip() for c in curves if c and str(c).strip()]
    if not curves:
        raise InputError("Choose the log curves to train on (mnemonics of the LAS files or columns of the table).")
    if not label or not str(label).strip():
        raise InputError("Choose the label curve or column: the facies (or lithology) code of each depth sample.")
    label = str(label).strip()
    if label.lower() in [c.lower() for c in curves]:
        raise InputError(f"The label '{label}' is also among the curves; a model may not learn the label from itself.")
    if (not las) == (table is None):
        raise InputError("Give the labelled wells either as LAS files or as a table (one of them).")
    if las:
        paths = las_paths(las)
        _check_las_curves(paths, curves, label)
        series = wells_from_las(paths, [*curves, label], nodata, log)
        wells = {}
        for well, (d, values) in series.items():
            wells[well] = (d, values[:, :-1], [_label_value(v) for v in values[:, -1]])
        return wells, curves, ", ".join(os.path.basename(p) for p in paths)
    source = None
    if isinstance(table, (str, os.PathLike)):
        source = os.fspath(table)
        table = read_csv_columns(source)
    if not well_field or not depth_field:
        raise InputError("A well table needs its well id column (WELL_FIELD) and its depth column (DEPTH_FIELD).")
    cols = {
        "well": _column(table, well_field, "well ids"),
        "depth": _column(table, depth_field, "depths"),
        "label": _column(table, label, "label"),
    }
    names = [_column(table, c, "curve") for c in curves]
    rows = list(zip(*[table[c] for c in names]))
    wt = WellTable(table[cols["well"]], table[cols["depth"]], rows, tuple(names), source, cols["well"])
    series = wells_from_table(wt, nodata)
    labels: dict[str, list] = {}
    for well, value in zip(table[cols["well"]], table[cols["label"]]):
        labels.setdefault(key(well), []).append(_label_value(value))
    wells = {well: (d, values, labels[well]) for well, (d, values) in series.items()}
    return wells, names, os.path.basename(source) if source else "a table"


def prepare_wells(
    las: Sequence[str] | None = None,
    table: str | dict[str, Sequence[Any]] | None = None,
    well_field: str | None = None,
    depth_field: str | None = None,
    curves: Sequence[str] = (),
    label: str = "",
    class_codes: str | None = None,
    penalty: str | None = None,
    window: int = 15,
    rare: str = "keep",
    min_samples: int = 20,
    nodata: float | None = None,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
) -> TrainingData:
    """Labelled wells -> windows (N, window, F) centred on each labelled depth (NaN for gaps), one group per well.

    `las`: LAS files (or folders), the label a curve named by mnemonic; or `table`: a CSV path or columns
    (column -> values) with `well_field`, `depth_field`, the curve columns and the label column. `class_codes`:
    a CSV of code,name giving the class names (and their order); `penalty`: a CSV K x K (rows: true class,
    columns: predicted) in class order. Depth samples without a label, or with a gap in any curve at their
    centre, are not trained on."""
    if window < 1 or window % 2 == 0:
        raise InputError(f"The window must be an odd number of samples (centred on each depth), got {window}.")
    wells, names, source = _read_wells(las, table, well_field, depth_field, curves, label, nodata, log)
    if nodata is None:
        wells_only, counts = null_values_as_gaps({w: (d, v) for w, (d, v, _) in wells.items()})
        wells = {w: (*wells_only[w], wells[w][2]) for w in wells}
        for null, count in counts.items():
            log(f"{count} value(s) of {null:g} in the logs were read as gaps (the LAS null value).")
    wells = {w: (d, np.where(np.abs(v) >= EXTREME_VALUE, np.nan, v), lab) for w, (d, v, lab) in wells.items()}
    codes = _read_codes(class_codes) if class_codes else None
    if codes is not None:
        known = {c for c, _ in codes}
        for well, (_, _, lab) in wells.items():
            unknown = sorted({v for v in lab if v is not None and v not in known}, key=str)
            if unknown:
                raise InputError(
                    f"Well '{well}' has the label value(s) {', '.join(map(repr, unknown[:5]))}, not in the class-code "
                    f"table {os.path.basename(class_codes)} (codes: {', '.join(str(c) for c, _ in codes)}). Add them "
                    "to the table, or fix those labels."
                )
    # which depth samples are trained on: labelled, with every curve at the centre
    keep, dropped_label, dropped_gap = {}, 0, 0
    for well, (_, values, lab) in wells.items():
        has_label = np.array([v is not None for v in lab], bool)
        centre = np.isfinite(values).all(axis=1)
        keep[well] = has_label & centre
        dropped_label += int((~has_label).sum())
        dropped_gap += int((has_label & ~centre).sum())
    used = [w for w in wells if keep[w].any()]
    empty = [w for w in wells if not keep[w].any()]
    if len(used) < 3:
        raise InputError(
            f"Only {len(used)} well(s) have labelled depth samples with every curve ({', '.join(used) or 'none'}"
            + (f"; none in {', '.join(empty[:5])}" if empty else "")
            + "); training holds whole wells out (one to test, one to stop early, one to train on) and needs at "
            "least 3. Give more labelled wells."
        )
    labels_all = [v for w in used for v, k in zip(wells[w][2], keep[w]) if k]
    values, lookup = class_index(labels_all, f"The label '{label}'")
    if codes is not None:
        present = set(values)
        values = [c for c, _ in codes if c in present]
        lookup = {v: i for i, v in enumerate(values)}
        code_names = dict(codes)
        class_names = [code_names[v] for v in values]
    else:
        class_names = [str(v) for v in values]
    cost = None
    if penalty:
        k_all = len(codes) if codes is not None else len(values)
        cost = _read_penalty(penalty, k_all, [n for _, n in codes] if codes is not None else class_names)
        if codes is not None:
            pick = [i for i, (c, _) in enumerate(codes) if c in lookup]
            cost = cost[np.ix_(pick, pick)]
    y_all = np.array([lookup[v] for v in labels_all], np.int64)
    counts = np.bincount(y_all, minlength=len(values))
    mapping, class_names, warning = rare_classes(counts, class_names, min_samples, rare, "labelled depth samples")
    if cost is not None and not np.array_equal(mapping, np.arange(len(values))):
        new = np.zeros((len(class_names), len(class_names)))
        for a in range(len(class_names)):
            for b in range(len(class_names)):
                rows, cols = np.flatnonzero(mapping == a), np.flatnonzero(mapping == b)
                new[a, b] = cost[np.ix_(rows, cols)].mean()
        cost = new
    y_all = mapping[y_all]
    n = int((y_all >= 0).sum())
    features = len(names)
    folder = job_folder("wells")
    try:
        x = open_array(folder, "x", (n, window, features), np.float32)
        y = open_array(folder, "y", (n,), np.int64)
        groups = np.zeros(n, np.int64)
        depth = np.zeros(n, np.float64)
        start, taken = 0, 0
        for g, well in enumerate(used):
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            d, v, _ = wells[well]
            rows = np.flatnonzero(keep[well])
            classes = y_all[taken : taken + len(rows)]
            taken += len(rows)
            rows, classes = rows[classes >= 0], classes[classes >= 0]
            win = well_windows(d, v, window)[rows]
            x[start : start + len(rows)] = win.astype(np.float32)
            y[start : start + len(rows)] = classes
            groups[start : start + len(rows)] = g
            depth[start : start + len(rows)] = d[rows]
            start += len(rows)
        x.flush(), y.flush()
        offset, scale, ranges = band_statistics(np.asarray(x[:, window // 2, :]))
        per_class = np.bincount(np.asarray(y), minlength=len(class_names))
        samples = np.bincount(groups, minlength=len(used))
        data = TrainingData(
            kind="sequence",
            folder=folder,
            groups=groups,
            group_names=list(used),
            group_word="wells",
            sample_word="labelled depth samples",
            band_names=list(names),
            offset=offset,
            scale=scale,
            ranges=ranges,
            class_names=class_names,
            task="classify",
            contract={
                "lithoscope_task": "sequence",
                "output_kind": "classes",
                "output_roles": {"probabilities": "probabilities"},
                "band_kinds": ["continuous"] * features,
                "sequence_length": window,
                "sequence_features": features,
                "sequence_scaling": "per_feature",
                "sequence_gaps": "mask",
            },
            data={
                "logs": source,
                "curves": ", ".join(names),
                "label": label,
                "class codes": os.path.basename(class_codes) if class_codes else "(the label values)",
                "window": f"{window} samples centred on each depth (ends padded with the end sample)",
                "wells": f"{len(used)}: " + ", ".join(f"{w} ({int(c)})" for w, c in zip(used, samples)),
                "labelled depth samples per class": {c: int(k) for c, k in zip(class_names, per_class)},
                "samples left out": (
                    f"{dropped_label} without a label, {dropped_gap} with a gap in a curve at the depth"
                    + (f"; wells without any: {', '.join(empty)}" if empty else "")
                ),
                **({"penalty matrix": os.path.basename(penalty)} if penalty else {}),
            },
            warnings=[warning] if warning else [],
            penalty=cost,
        )
        data.baseline_features = _window_features(x, y, offset)
        data.strips = _well_strips(np.array(y), groups, depth, list(used), class_names)
        log(
            f"{n} labelled depth samples from {len(used)} wells, windows of {window} samples of {features} curve(s) "
            f"({', '.join(names)}), {len(class_names)} classes; left out: {dropped_label} without a label, "
            f"{dropped_gap} with a gap at the depth."
        )
        return data
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _window_features(x: np.ndarray, y: np.ndarray, offset: list[float]):
    """Flattened windows (gaps filled with the curve's mean) for the baselines; the deep model's class is the
    most probable one of its held-out probabilities (same rows, same order)."""
    fill = np.asarray(offset, np.float32)

    def features(rows: np.ndarray):
        win = np.array(x[np.asarray(rows)], dtype=np.float32)
        win = np.where(np.isfinite(win), win, fill[None, None, :])
        labels = np.asarray(y[np.asarray(rows)]).astype(np.int64)
        return win.reshape(len(win), -1), labels, lambda pred: np.asarray(pred).argmax(1).astype(np.int64)

    return features


def _well_strips(y: np.ndarray, groups: np.ndarray, depth: np.ndarray, names: list[str], class_names: list[str]):
    """Strip plots of up to 4 held-out wells: the true classes beside the model's, along depth."""

    def strips(rows: np.ndarray, pred: np.ndarray):
        rows = np.asarray(rows)
        if len(rows) == 0 or len(pred) != len(rows):
            return []
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch

        from .common import class_colours

        guess = np.asarray(pred).argmax(1)
        truth = y[rows]
        shown = list(dict.fromkeys(groups[rows].tolist()))[:STRIP_WELLS]
        colours = class_colours(len(class_names))
        cmap = ListedColormap(colours)

        def draw(fig):
            for k, g in enumerate(shown):
                pick = groups[rows] == g
                d = depth[rows][pick]
                titles = ((truth[pick], label("truth")), (guess[pick], label("model")))
                for col, (values, title) in enumerate(titles):
                    ax = fig.add_subplot(1, 2 * len(shown), 2 * k + col + 1)
                    ax.imshow(
                        values[:, None], cmap=cmap, vmin=0, vmax=max(1, len(class_names) - 1), aspect="auto",
                        interpolation="nearest", extent=(0, 1, float(d.max()), float(d.min())),
                    )  # fmt: skip
                    ax.set_xticks([])
                    ax.set_title(f"{names[g]}\n{title}" if col == 0 else title, fontsize=7)
                    ax.tick_params(labelsize=6)
                    if col:
                        ax.set_yticklabels([])
            fig.legend(
                handles=[Patch(color=c, label=n) for c, n in zip(colours, class_names)],
                loc="lower center", ncol=min(4, len(class_names)), fontsize=6,
            )  # fmt: skip

        return [(
            label("Held-out wells: true classes beside the model's, along depth"),
            draw,
            (max(3.0, 1.5 * len(shown) + 1.0), 6.0),
        )]  # fmt: skip

    return strips
