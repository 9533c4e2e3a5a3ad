# SPDX-License-Identifier: GPL-2.0-or-later
"""Figures of series, predictions and forecasts (matplotlib), for dialogs, map tools and PNGs.

Only matplotlib's object API is used (a `Figure` the caller makes, an Agg canvas for PNGs), never
pyplot, so nothing touches QGIS's own Qt event loop.
"""

from __future__ import annotations

import functools
import os
import re
from datetime import date, datetime, timedelta
from typing import Any, Sequence

import numpy as np

from ..errors import LithoscopeError
from ..text import label as _label
from .styles import DEFAULT_COLORS

PNG_DPI = 110


NODATA_COLOR = "#ffffff"


def import_matplotlib() -> Any:
    """Import matplotlib (Agg-safe), or say how to install it into the Python that QGIS uses."""
    try:
        import matplotlib
        from matplotlib.figure import Figure  # noqa: F401  (fails early on a broken install)
    except ImportError:
        from ..system import qgis_python

        python = qgis_python()
        raise LithoscopeError(
            f"Plots need matplotlib, which is not installed in the Python that QGIS uses ({python}). Install it "
            f"with: {python} -m pip install --user matplotlib (on Windows it comes with the OSGeo4W QGIS "
            "installer), or run without plots (PLOTS = false)."
        ) from None
    return matplotlib


# Fonts with Chinese glyphs, tried after matplotlib's own fonts (it falls back glyph by glyph): labels
# translated to Chinese would otherwise be drawn as empty boxes. Name and the file where each usually lies.
CJK_FONTS = (
    ("WenQuanYi Micro Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian: fonts-wqy-microhei
    ("Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # fonts-noto-cjk
    ("Microsoft YaHei", "C:/Windows/Fonts/msyh.ttc"),
    ("SimHei", "C:/Windows/Fonts/simhei.ttf"),
    ("PingFang SC", "/System/Library/Fonts/PingFang.ttc"),
    ("Heiti SC", "/System/Library/Fonts/STHeiti Medium.ttc"),
)


def cjk_fonts() -> tuple[str, ...]:
    """Add the first Chinese font found to matplotlib's font families, after its own; return the names of those
    found. The fonts are looked up once per process; the families are checked on every call (cheap)."""
    matplotlib = import_matplotlib()
    found = _installed_cjk_fonts()
    # Glyph fallback runs along font.family (a generic family there stands for its first font only).
    families = list(matplotlib.rcParams["font.family"])
    matplotlib.rcParams["font.family"] = families + [name for name in found[:1] if name not in families]
    return found


@functools.lru_cache(maxsize=1)
def _installed_cjk_fonts() -> tuple[str, ...]:
    """The CJK_FONTS matplotlib knows, adding by its file a font installed after matplotlib built its font cache."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for name, path in CJK_FONTS:
        if name not in known and os.path.exists(path):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            known.add(name)
    return tuple(name for name, _ in CJK_FONTS if name in known)


def new_figure(width: float = 8.0, height: float = 4.5) -> Any:
    """A matplotlib Figure (no pyplot) of the given size in inches; Chinese labels draw with a Chinese font."""
    import_matplotlib()
    from matplotlib.figure import Figure

    cjk_fonts()

    return Figure(figsize=(width, height), layout="constrained")


def save_png(figure: Any, path: str, dpi: int = PNG_DPI) -> str:
    """Render `figure` through the Agg canvas into the PNG file `path` (written as is: callers pass a
    temporary path of an OutputTransaction)."""
    import_matplotlib()
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if type(figure.canvas) is FigureCanvasBase:  # a bare Figure; a widget's canvas (Qt Agg) is kept as it is
        FigureCanvasAgg(figure)
    with open(path, "wb") as f:
        figure.savefig(f, format="png", dpi=dpi)
    return path


def class_color(index: int, class_colors: Sequence[str] | None = None) -> str:
    """The colour of class `index`: the model's, else the plugin's default palette (as in class maps)."""
    if class_colors and 0 <= index < len(class_colors) and class_colors[index]:
        color = str(class_colors[index])
        return color if color.startswith("#") else "#" + color
    return DEFAULT_COLORS[index % len(DEFAULT_COLORS)]


def safe_name(name: Any, limit: int = 80) -> str:
    """A file-name part made of `name`: letters, digits, '-', '_' and '.', never empty."""
    text = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("._")
    return text[:limit] or "unnamed"


def _times(times: Any) -> np.ndarray:
    """Times as an array matplotlib can plot: datetimes (numpy datetime64) or floats."""
    values = list(times) if not isinstance(times, np.ndarray) else times
    arr = np.asarray(values)
    if arr.dtype.kind in "OUSM":
        try:
            return np.asarray(values, dtype="datetime64[ns]")
        except (TypeError, ValueError):
            pass
    try:
        return arr.astype(float)
    except (TypeError, ValueError):
        raise LithoscopeError(
            "The times of the series are neither dates nor numbers; give dates (YYYY-MM-DD) or numbers."
        ) from None


def _as_2d(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise LithoscopeError(f"The {name} to plot must be one series (T,) or (T, F), got shape {arr.shape}.")
    return arr


def feature_labels(count: int, names: Sequence[str] | None) -> list[str]:
    names = [str(n) for n in (names or [])]
    return [names[i] if i < len(names) else ("value" if count == 1 else f"feature {i + 1}") for i in range(count)]


def plot_series(
    figure: Any,
    times: Any,
    values: Any,
    feature_names: Sequence[str] | None = None,
    *,
    prediction: str | None = None,
    forecast_times: Any = None,
    forecast: Any = None,
    title: str = "",
    time_label: str = "Date",
    ax: Any = None,
    value_label: str = "",
) -> Any:
    """Draw one series (T,) or (T, F) against `times`, its forecast dashed from the last value, and
    the prediction as text. `ax` draws into that axes instead of a new one; `value_label` names the y axis (what
    the values are, in which units). Returns the figure."""
    t = _times(times)
    v = _as_2d(values, "series")
    if len(t) != len(v):
        raise LithoscopeError(f"The series has {len(v)} value(s) but {len(t)} time(s); give one time per step.")
    names = feature_labels(v.shape[1], feature_names)
    if ax is None:
        ax = figure.add_subplot(1, 1, 1)
    lines = []
    for f in range(v.shape[1]):
        (line,) = ax.plot(t, v[:, f], marker="o", markersize=3, linewidth=1.4, label=names[f])
        lines.append(line)
    if forecast is not None and forecast_times is not None:
        ft = _times(forecast_times)
        fv = _as_2d(forecast, "forecast")
        if len(ft) != len(fv):
            raise LithoscopeError(
                f"The forecast has {len(fv)} step(s) but {len(ft)} time(s); give one time per forecast step."
            )
        # A forecast column continues the series column of the same index (a one-column forecast of a
        # several-feature series continues the first feature).
        names_f = names[: fv.shape[1]] + [
            _label("forecast {n}").format(n=i + 1) for i in range(len(names), fv.shape[1])
        ]
        for f in range(fv.shape[1]):
            last = np.flatnonzero(np.isfinite(v[:, f])) if f < v.shape[1] else np.array([], dtype=int)
            if len(last) and len(t):
                xs = np.concatenate([t[last[-1] : last[-1] + 1], ft])
                ys = np.concatenate([v[last[-1] : last[-1] + 1, f], fv[:, f]])
            else:
                xs, ys = ft, fv[:, f]
            color = lines[f].get_color() if f < len(lines) else None
            ax.plot(
                xs,
                ys,
                linestyle="--",
                marker="x",
                markersize=4,
                color=color,
                label=_label("{name} (forecast)").format(name=names_f[f]),
            )
    ax.set_xlabel(_time_label(time_label))
    if value_label:  # wrapped: a long label along the axis is cut off at the figure's edge
        import textwrap

        text = str(value_label)
        if text.isascii():
            text = textwrap.fill(text, 36)
        else:  # Chinese: wider characters, and no spaces to break at
            text = "\n".join(text[i : i + 20] for i in range(0, len(text), 20))
        ax.set_ylabel(text, fontsize=9)
    ax.grid(True, alpha=0.3)
    if len(ax.get_lines()) > 1:
        ax.legend(fontsize=8, loc="best")
    # The prediction goes under the title, above the axes: inside them a legend or the series could hide it.
    heading = [title] if title else []
    if prediction:
        import textwrap

        heading.append(textwrap.fill(str(prediction), 90))
    if heading:
        ax.set_title("\n".join(heading), fontsize=10 if len(heading) == 1 else 9)
    if t.dtype.kind == "M":
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    return figure


def _class_indices(classes: Any, class_names: Sequence[str] | None) -> tuple[np.ndarray, list[str]]:
    """Classes (indices or names) as int indices (-1 for none) and the list of names they index."""
    names = [str(n) for n in (class_names or [])]
    arr = np.asarray(classes)
    if arr.dtype.kind in "OUS":
        index = {n: i for i, n in enumerate(names)}
        out = np.full(arr.shape, -1, dtype=int)
        for i, c in enumerate(arr.ravel()):
            if c is None or (isinstance(c, float) and np.isnan(c)) or str(c) == "":
                continue
            key = str(c)
            if key not in index:
                index[key] = len(names)
                names.append(key)
            out.ravel()[i] = index[key]
        return out, names
    values = np.asarray(arr, dtype=float)
    out = np.where(np.isfinite(values) & (values >= 0) & (values < 255), values, -1).astype(int)
    top = int(out.max()) + 1 if out.size else 0
    names += [f"Class {i}" for i in range(len(names), top)]
    return out, names


def plot_strip_log(
    figure: Any,
    depths: Any,
    curves: dict[str, Any],
    classes: Any = None,
    class_names: Sequence[str] | None = None,
    title: str = "",
    *,
    class_colors: Sequence[str] | None = None,
    depth_label: str = "Depth",
) -> Any:
    """A strip log: one track per curve against depth (increasing downwards) and a coloured class column.

    `classes` are class indices (nodata: negative or 255) or class names; colours follow the class's
    position in `class_names` (the model's colours when given), as in class maps. Returns the figure."""
    import_matplotlib()
    d = np.asarray(depths, dtype=float)
    tracks = list(curves.items())
    with_classes = classes is not None
    n = len(tracks) + (1 if with_classes else 0)
    if n == 0:
        raise LithoscopeError("A strip log needs at least one curve or the classes.")
    widths = [3.0] * len(tracks) + ([1.2] if with_classes else [])
    axes = figure.subplots(1, n, sharey=True, gridspec_kw={"width_ratios": widths}, squeeze=False)[0]
    top, bottom = (float(np.nanmin(d)), float(np.nanmax(d))) if d.size else (0.0, 1.0)
    if top == bottom:
        bottom = top + 1.0
    for ax, (name, values) in zip(axes, tracks):
        v = np.asarray(values, dtype=float)
        if v.shape != d.shape:
            raise LithoscopeError(f"The curve '{name}' has {v.size} sample(s) but there are {d.size} depth(s).")
        ax.plot(v, d, linewidth=0.9, color="#1f3b73")
        ax.set_title(str(name), fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=7)
    if with_classes:
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.patches import Patch

        idx, names = _class_indices(classes, class_names)
        if idx.shape != d.shape:
            raise LithoscopeError(f"There are {idx.size} class value(s) but {d.size} depth(s); give one per depth.")
        ax = axes[-1]
        count = max(len(names), 1)
        colors = [NODATA_COLOR] + [class_color(i, class_colors) for i in range(count)]
        cmap = ListedColormap(colors)
        norm = BoundaryNorm(np.arange(-1.5, count + 0.5, 1.0), cmap.N)
        # Cell edges halfway between samples, so each sample's colour covers its own interval.
        if d.size > 1:
            mid = (d[1:] + d[:-1]) / 2
            edges = np.concatenate([[d[0] - (mid[0] - d[0])], mid, [d[-1] + (d[-1] - mid[-1])]])
        else:
            edges = np.array([top - 0.5, top + 0.5])
        ax.pcolormesh([0.0, 1.0], edges, idx[:, None], cmap=cmap, norm=norm, shading="flat")
        ax.set_xticks([])
        ax.set_title(_label("class"), fontsize=9)
        used = sorted({int(i) for i in np.unique(idx) if i >= 0})
        handles = [Patch(facecolor=class_color(i, class_colors), edgecolor="#444444", label=names[i]) for i in used]
        if handles:
            ax.legend(
                handles=handles, loc="upper left", bbox_to_anchor=(1.05, 1.0), fontsize=8, title=_label("classes")
            )
        top, bottom = float(edges[0]), float(edges[-1])
    axes[0].set_ylim(bottom, top)  # depth increases downwards (shared by every track)
    axes[0].set_ylabel(_label("Depth") if depth_label == "Depth" else depth_label)
    if title:
        figure.suptitle(title, fontsize=10)
    return figure


def plot_class_profiles(
    figure: Any,
    times: Any,
    series: Any,
    classes: Any,
    class_names: Sequence[str] | None,
    title: str = "",
    *,
    class_colors: Sequence[str] | None = None,
    feature_names: Sequence[str] | None = None,
    time_label: str = "Date",
) -> Any:
    """Mean ± one standard deviation of the series (N, T) or (N, T, F) of each predicted class.

    One panel per feature; the legend gives each class's series count. Returns the figure."""
    t = _times(times)
    s = np.asarray(series, dtype=float)
    if s.ndim == 2:
        s = s[:, :, None]
    if s.ndim != 3 or s.shape[1] != len(t):
        raise LithoscopeError(
            f"The series to plot must be (N, T) or (N, T, F) with T = {len(t)} time(s), got shape {s.shape}."
        )
    idx, names = _class_indices(classes, class_names)
    if idx.shape != (s.shape[0],):
        raise LithoscopeError(f"There are {idx.size} class value(s) for {s.shape[0]} series; give one per series.")
    fnames = feature_labels(s.shape[2], feature_names)
    axes = figure.subplots(s.shape[2], 1, sharex=True, squeeze=False)[:, 0]
    for f, ax in enumerate(axes):
        for c in sorted({int(i) for i in np.unique(idx) if i >= 0}):
            rows = s[idx == c, :, f]
            with np.errstate(all="ignore"):
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    mean = np.nanmean(rows, axis=0)
                    std = np.nanstd(rows, axis=0)
            color = class_color(c, class_colors)
            ax.plot(
                t, mean, color=color, linewidth=1.6, label=_label("{name} (n = {n})").format(name=names[c], n=len(rows))
            )
            ax.fill_between(t, mean - std, mean + std, color=color, alpha=0.2, linewidth=0)
        ax.set_ylabel(fnames[f])
        ax.grid(True, alpha=0.3)
        if ax.get_lines():
            ax.legend(fontsize=8, loc="best")
    axes[-1].set_xlabel(_time_label(time_label))
    if t.dtype.kind == "M":
        for label in axes[-1].get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    if title:
        figure.suptitle(title, fontsize=10)
    return figure


def plot_series_grid(
    figure: Any,
    items: list[dict[str, Any]],
    *,
    title: str = "",
    time_label: str = "Date",
    columns: int = 2,
) -> Any:
    """Several series side by side: each item holds the keyword arguments of `plot_series` (times,
    values, feature_names, prediction, forecast_times, forecast, title). Returns the figure."""
    if not items:
        raise LithoscopeError("There is no series to plot.")
    columns = max(1, min(columns, len(items)))
    rows = (len(items) + columns - 1) // columns
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax, item in zip(axes, items):
        item = dict(item)
        plot_series(
            figure,
            item.pop("times"),
            item.pop("values"),
            item.pop("feature_names", None),
            time_label=time_label,
            ax=ax,
            **item,
        )
    for ax in axes[len(items) :]:
        ax.set_visible(False)
    if title:
        figure.suptitle(title, fontsize=10)
    return figure


def day_times(times: Any, dates: bool) -> np.ndarray:
    """Times of a table (days since 1970 when `dates`) as datetime64 for dates, else as numbers."""
    t = np.asarray(times, np.float64)
    if not dates:
        return t
    return np.datetime64("1970-01-01T00:00:00", "s") + np.round(t * 86400.0).astype("timedelta64[s]")


_HORIZON = re.compile(r"(\d+(?:\.\d+)?)\s*(d|day|days)?$")


_NOT_A_FORECAST = re.compile(r"anomal|score|error|residual|probab", re.IGNORECASE)


def _plain_time(value: Any) -> Any:
    """A time as a datetime (numpy datetime64 and dates too) or a float."""
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[us]").item()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return float(value)


def _plain_times(times: Any) -> list:
    """Times as a list of datetimes or floats."""
    values = times.tolist() if isinstance(times, np.ndarray) and times.dtype.kind != "M" else list(times)
    return [_plain_time(t) for t in values]


def _plain_step(value: Any) -> Any:
    """A time step as a timedelta (numpy timedelta64 too) or a float."""
    if isinstance(value, np.timedelta64):
        return value.astype("timedelta64[us]").item()
    return value if isinstance(value, timedelta) else float(value)


def forecast_layout(
    names: Sequence[str],
    times: Any,
    features: int = 1,
    step: int = 1,
    origin: Any = None,
    spacing: Any = None,
) -> tuple[list, np.ndarray] | None:
    """Times and layout (H, F) of forecast outputs; None when the names do not say which is which.

    A name ending in a number is that many steps ahead ("forecast_3"), with a "d" that many days
    ("e_7d"); names without numbers are horizons 1, 2, ... in order (one feature only). Horizons
    count from `origin` (default: the last of `times`) in steps of `spacing` (default: the median
    step of `times`, or calendar months for monthly dates), each `step` raw steps long (the model's
    `sequence_step`). `times` are datetimes (numpy datetime64 or dates too) or numbers; the forecast
    times come back as datetimes or floats. With several features per step, each horizon must carry
    one output per feature; the layout holds indices into `names`, in feature order within a horizon.
    """
    times = _plain_times(times)
    if any(_NOT_A_FORECAST.search(str(n)) for n in names):
        return None  # an anomaly score or an error is a value of the series' present, shown as text
    parsed = [_HORIZON.search(str(n)) for n in names]
    if all(parsed):
        horizons = [(float(m.group(1)), bool(m.group(2))) for m in parsed]
    elif features == 1:
        horizons = [(float(h), False) for h in range(1, len(names) + 1)]
    else:
        return None
    order = sorted(set(horizons), key=lambda h: (h[1], h[0]))
    if not names or len(order) * features != len(names):
        return None
    last = _plain_time(origin) if origin is not None else (times[-1] if times else 0.0)
    months = _month_step(times) if spacing is None else 0
    unit = (_spacing(times) if spacing is None else _plain_step(spacing)) * max(1, step)
    out_times = []
    for h, days in order:
        if isinstance(last, datetime) and not days and months and float(h).is_integer():
            out_times.append(_add_months(last, months * max(1, step) * int(h)))  # monthly dates stay on their day
        elif isinstance(last, datetime):
            out_times.append(last + (timedelta(days=h) if days else unit * h))
        else:
            out_times.append(last + (h if days else unit * h))
    index = [[i for i, h in enumerate(horizons) if h == wanted] for wanted in order]
    return out_times, np.array(index)


def _month_step(times: list) -> int:
    """k when the dates are every k-th month on the same day of the month (k = 12: yearly), else 0."""
    if len(times) < 2 or not all(isinstance(t, datetime) for t in times):
        return 0
    if len({(t.day, t.time()) for t in times}) != 1:
        return 0
    steps = {(b.year - a.year) * 12 + b.month - a.month for a, b in zip(times[:-1], times[1:])}
    return steps.pop() if len(steps) == 1 and min(steps) > 0 else 0


def _add_months(value: datetime, months: int) -> datetime:
    index = value.year * 12 + value.month - 1 + months
    year, month = index // 12, index % 12 + 1
    try:
        return value.replace(year=year, month=month)
    except ValueError:  # the 31st of a month that has 30 days: that month's last day
        import calendar

        return value.replace(year=year, month=month, day=calendar.monthrange(year, month)[1])


def _spacing(times: list) -> Any:
    """The median step of `times` (a timedelta for dates; one day or 1 when there is no step)."""
    if len(times) < 2:
        return timedelta(days=1) if times and isinstance(times[0], datetime) else 1.0
    diffs = [b - a for a, b in zip(times[:-1], times[1:])]
    if isinstance(diffs[0], timedelta):
        return sorted(diffs)[len(diffs) // 2]
    return float(np.median(diffs))


def _time_label(text: str) -> str:
    """The core's own time axis names (Date, Time, Step) in the language of the labels; others as given."""
    names = {"Date": _label("Date"), "Time": _label("Time"), "Step": _label("Step")}
    return names.get(text, text)
