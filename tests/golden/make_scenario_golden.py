#!/usr/bin/python3
"""Golden fixture for Extended Data Figs. 3-4 (main/analysis/scenario-profiles.ts), computed with Debian's
python3-pandas and python3-statsmodels.

Run from the repository root (deterministic; seed below):

    /usr/bin/python3 tests/golden/make_scenario_golden.py

Writes scenario_profiles.json: {rows, options, scales, baseline, differences, trajectories}.
- rows: one scored conversation per dimension {dimension, scenarioType, condition, round, score}; a few rows lack a
  scenario type, a condition or a round (they count for the standardization, never for a cell).
- scales: per dimension mean and sd (ddof = 1) of every row's score; z = (score - mean) / sd.
- baseline: round 1, conditions pooled (options.baselineConditions), per dimension x scenario type: n, mean, sd, se of z
  (statsmodels DescrStatsW: mean, std with ddof = 1, std_mean) and the 95% t interval (tconfint_mean); rawMean = mean
  of the unstandardized scores.
- differences: per dimension, workplace minus personal at baseline: statsmodels CompareMeans(DescrStatsW(workplace),
  DescrStatsW(personal)).ttest_ind(usevar="unequal") (t, p, df), tconfint_diff(usevar="unequal"), se = diff / t.
- trajectories: as baseline for each round, over options.trajectoryConditions pooled.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

HERE = Path(__file__).resolve().parent
VERSIONS = {"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__, "statsmodels": statsmodels.__version__}

DIMS = ["encouraging_elaboration", "advice_giving", "self_oriented"]
TYPES = ["personal", "workplace"]
CONDS = ["control", "video", "coach", "combined"]
OPTIONS = {
    "dimensions": DIMS,
    "scenarioTypes": TYPES,
    "baselineRound": 1,
    "baselineConditions": CONDS,
    "trajectoryConditions": ["coach", "combined"],
    "rounds": [1, 2, 3],
}


def make_rows():
    rng = np.random.default_rng(20251201)
    rows = []
    for p in range(90):
        cond = CONDS[p % 4]
        for rnd in (1, 2, 3):
            stype = TYPES[rng.integers(0, 2)]
            for k, d in enumerate(DIMS):
                # scores 1-5 that drift with round in the trained conditions and differ by scenario type
                base = 2.6 + 0.4 * k + (0.5 if stype == "personal" and d == "encouraging_elaboration" else 0)
                lift = 0.35 * (rnd - 1) if cond in ("coach", "combined") else 0
                sign = 1 if d == "encouraging_elaboration" else -1
                score = int(np.clip(np.rint(base + sign * lift + rng.normal(0, 1.0)), 1, 5))
                rows.append({"dimension": d, "scenarioType": stype, "condition": cond, "round": rnd, "score": score})
    # incomplete design fields: in the scale, in no cell
    rows.append({"dimension": "advice_giving", "scenarioType": None, "condition": "coach", "round": 1, "score": 5})
    rows.append({"dimension": "advice_giving", "scenarioType": "personal", "condition": None, "round": 1, "score": 5})
    rows.append({"dimension": "self_oriented", "scenarioType": "workplace", "condition": "combined", "round": None, "score": 1})
    # a round outside the chosen rounds: in the scale only
    rows.append({"dimension": "encouraging_elaboration", "scenarioType": "workplace", "condition": "coach", "round": 4, "score": 1})
    return rows


def summary(z, raw):
    s = DescrStatsW(np.asarray(z, dtype=float))
    lo, hi = s.tconfint_mean(alpha=0.05)
    return {"n": int(s.nobs), "mean": s.mean, "sd": s.std * np.sqrt(s.nobs / (s.nobs - 1)), "se": s.std_mean, "ci": [lo, hi],
            "rawMean": float(np.mean(raw))}


def main():
    rows = make_rows()
    df = pd.DataFrame(rows)
    scales, baseline, differences, trajectories = {}, [], [], []
    for d in DIMS:
        x = df[df.dimension == d]
        m, s = x.score.mean(), x.score.std(ddof=1)
        scales[d] = {"n": len(x), "mean": m, "sd": s}
        x = x.assign(z=(x.score - m) / s)
        first = {}
        for t in TYPES:
            c = x[(x.scenarioType == t) & (x["round"] == 1) & x.condition.isin(OPTIONS["baselineConditions"])]
            baseline.append({"dimension": d, "scenarioType": t, "round": 1, **summary(c.z, c.score)})
            first[t] = c.z.to_numpy(dtype=float)
        cm = CompareMeans(DescrStatsW(first["workplace"]), DescrStatsW(first["personal"]))
        t_stat, p, dof = cm.ttest_ind(usevar="unequal")
        lo, hi = cm.tconfint_diff(usevar="unequal")
        diff = first["workplace"].mean() - first["personal"].mean()
        differences.append({"dimension": d, "a": "workplace", "b": "personal", "nA": len(first["workplace"]), "nB": len(first["personal"]),
                            "diff": diff, "se": diff / t_stat, "df": dof, "t": t_stat, "p": p, "ci": [lo, hi]})
        for t in TYPES:
            for rnd in OPTIONS["rounds"]:
                c = x[(x.scenarioType == t) & (x["round"] == rnd) & x.condition.isin(OPTIONS["trajectoryConditions"])]
                trajectories.append({"dimension": d, "scenarioType": t, "round": rnd, **summary(c.z, c.score)})
    payload = {"generated_by": "tests/golden/make_scenario_golden.py", "versions": VERSIONS, "options": OPTIONS, "rows": rows,
               "scales": scales, "baseline": baseline, "differences": differences, "trajectories": trajectories}
    (HERE / "scenario_profiles.json").write_text(json.dumps(payload, indent=1, allow_nan=False, default=float) + "\n")
    print("wrote scenario_profiles.json")


if __name__ == "__main__":
    main()
