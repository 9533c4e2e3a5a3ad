# SPDX-License-Identifier: GPL-2.0-or-later
"""The SEG 2016 facies table (Hall 2016, The Leading Edge 35(10):906-909) as wells, cleaned for Lithoscope.

``../shared/datasets/well_logs/seg2016_facies_vectors.csv``: 4149 samples at 0.5 ft from 10 wells of the Panoma field
(Council Grove group, Kansas), nine facies, logs GR, ILD_LOG10, DPHI, PHIND, PE, NM_M, RELPOS. Shared by the well-log
job script (train_facies_wells_job.py) and `make models` (make_models.py).

- **PE is left out.** Two of the nine real wells (ALEXANDER D, KIMZEY A) have no PE at all; the six curves every
  well has are used.
- **Table clean-up**, needed because Lithoscope refuses a well whose depths repeat or go up: three rows that repeat
  the depth of the row before (SHRIMPLIN 2944.0, CROSS H CATTLE 2696.5 and 2721.5 ft) are dropped, keeping the
  first; the pseudo-well 'Recruit F9' (80 bafflestone samples cut from several wells and concatenated, depths
  jumping up and down) is split into its contiguous runs, named 'Recruit F9 #k'.
- **'Recruit F9' is never held out.** It is not a well; its runs are always trained on.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from export_common import REPO_ROOT

DEFAULT_CSV: Path = REPO_ROOT / ".." / "shared" / "datasets" / "well_logs" / "seg2016_facies_vectors.csv"
CURVES: tuple[str, ...] = ("GR", "ILD_LOG10", "DPHI", "PHIND", "NM_M", "RELPOS")
CURVE_UNITS: dict[str, str] = {
    "GR": "gamma ray, API",
    "ILD_LOG10": "log10 of deep induction resistivity (ohm.m)",
    "DPHI": "density porosity, %",
    "PHIND": "average of neutron and density porosity, %",
    "NM_M": "1 nonmarine, 2 marine (geologic constraint)",
    "RELPOS": "relative position in the formation, 1 at its top, 0 at its base",
}
FACIES: tuple[str, ...] = (
    "SS nonmarine sandstone",
    "CSiS nonmarine coarse siltstone",
    "FSiS nonmarine fine siltstone",
    "SiSh marine siltstone and shale",
    "MS mudstone",
    "WS wackestone",
    "D dolomite",
    "PS packstone-grainstone",
    "BS phylloid-algal bafflestone",
)
# The facies colours of Hall (2016)'s notebook, so strip logs look like the paper's.
COLORS: tuple[str, ...] = (
    "#F4D03F",
    "#F5B041",
    "#DC7633",
    "#6E2C00",
    "#1B4F72",
    "#2E86C1",
    "#AED6F1",
    "#A569BD",
    "#196F3D",
)
PSEUDO_WELL = "Recruit F9"
RUN_BREAK_FT = 10.0  # a jump larger than any gap in a real well (5.5 ft) starts a new run of the pseudo-well
# The 2016 contest's winner (boosted trees on engineered features): micro F1 about 0.64 on the two blind
# wells STUART and CRAWFORD, which are not in this table. Stored for the card's comparison, not measured here.
CONTEST_WINNER_F1 = 0.64
CITATION = (
    "SEG 2016 machine-learning contest facies vectors: Hall, B. (2016) Facies classification using machine "
    "learning. The Leading Edge 35(10):906-909, doi:10.1190/tle35100906.1; data from the Kansas Geological "
    "Survey (Dubois, Bohling & Chakrabarti 2007, Computers & Geosciences 33:599-617), github.com/seg/2016-ml-contest"
)


# -- data ----------------------------------------------------------------------------------------
@dataclass
class Wells:
    """The table as wells: curves (n, 6), PE (n,) with NaN, facies 0..8, depths (ft), one entry per well."""

    names: list[str]
    depths: list[np.ndarray]
    curves: list[np.ndarray]
    pe: list[np.ndarray]
    facies: list[np.ndarray]
    info: dict = field(default_factory=dict)

    def real(self) -> list[int]:
        """Indices of the real wells (not runs of the pseudo-well)."""
        return [i for i, n in enumerate(self.names) if not n.startswith(PSEUDO_WELL)]

    def rows(self) -> int:
        return int(sum(len(d) for d in self.depths))


def _float(text: str) -> float:
    return float(text) if text.strip() else np.nan


def read_facies_csv(path: Path | str) -> Wells:
    """Read the contest CSV into wells, cleaned as the module docstring says (counts in `info`)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["WELL"], []).append(row)
    wells = Wells([], [], [], [], [])
    dropped = []
    for name, group in groups.items():
        depth = np.array([float(r["DEPTH"]) for r in group])
        if name == PSEUDO_WELL:
            step = np.diff(depth)
            starts = np.concatenate([[0], np.flatnonzero((step <= 0) | (step > RUN_BREAK_FT)) + 1, [len(group)]])
            parts = [(f"{name} #{k + 1}", group[a:b]) for k, (a, b) in enumerate(zip(starts[:-1], starts[1:]))]
            wells.info["pseudo_well_runs"] = [len(p) for _, p in parts]
        else:
            keep = np.concatenate([[True], np.diff(depth) != 0])
            dropped += [f"{name} {d:g}" for d in depth[~keep]]
            parts = [(name, [r for r, k in zip(group, keep) if k])]
        for part_name, part in parts:
            d = np.array([float(r["DEPTH"]) for r in part])
            assert (np.diff(d) > 0).all(), part_name
            wells.names.append(part_name)
            wells.depths.append(d)
            wells.curves.append(np.array([[float(r[c]) for c in CURVES] for r in part]))
            wells.pe.append(np.array([_float(r["PE"]) for r in part]))
            wells.facies.append(np.array([int(r["FACIES"]) - 1 for r in part]))
    wells.info.update(rows_in_csv=len(rows), rows_used=wells.rows(), dropped_repeated_depths=dropped)
    return wells
