#!/usr/bin/python3
"""Golden fixtures for the statistics engine (main/analysis), computed with Debian's python3-statsmodels,
python3-scipy, python3-sklearn, python3-pandas and python3-mpmath.

Run with the system interpreter from the repository root:

    /usr/bin/python3 tests/golden/make_golden.py

Every fixture holds its inputs and the reference outputs, so the vitest suite needs no Python. The one exception is
the Lend an Ear pilot: its ratings stay in ../shared/corpora (they keep their own licence and provenance), the tests
read the CSV files from there, and pilot_agreement.json holds only the reference outputs.

Reference implementations:
- OLS / Logit with clustered covariance, MixedLM (REML), multipletests, proportions_ztest,
  confint_proportions_2indep, proportion_confint, cohens_kappa: statsmodels.
- Spearman, t intervals: scipy. Quadratic kappa on the 1..5 scale: sklearn.cohen_kappa_score.
- Normal / Student t functions: mpmath at 40 digits (scipy 1.10's t.ppf is only good to ~2e-11, recorded too).
- Krippendorff's alpha: no package in Debian, so a direct numpy implementation of the coincidence-matrix definition
  (Krippendorff 2011), cross-checked against the textbook example of that paper.
- Bradley-Terry: maximum likelihood through statsmodels Logit / GLM (independent of the MM algorithm under test).
"""

import json
import math
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import stats
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = (ROOT / ".." / "shared").resolve()
PILOT = SHARED / "corpora" / "lend-an-ear-pilot" / "ratings"

VERSIONS = {
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__,
    "sklearn": sklearn.__version__,
    "mpmath": mpmath.__version__,
}


def clean(o):
    """JSON-safe: NaN/inf -> None, numpy -> python."""
    if isinstance(o, dict):
        return {str(k): clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, np.ndarray):
        return clean(o.tolist())
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating, float)):
        f = float(o)
        return f if math.isfinite(f) else None
    if isinstance(o, (np.bool_,)):
        return bool(o)
    return o


def write(name, payload):
    payload = {"generated_by": "tests/golden/make_golden.py", "versions": VERSIONS, **payload}
    (HERE / name).write_text(json.dumps(clean(payload), indent=1, allow_nan=False) + "\n")
    print("wrote", name)


def na(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


# ---------------------------------------------------------------------------------------------------------------
# distributions

def make_distributions():
    mpmath.mp.dps = 40
    xs = [-37.5, -20.0, -8.3, -5.0, -3.0, -1.96, -1.5, -1.0, -0.5, -1e-3, 0.0, 1e-8, 0.3, 1.0, 1.4999, 1.5, 2.0, 3.0,
          5.0, 7.7, 10.0, 20.0]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.975, 0.99,
          0.999999]
    dfs = [1, 2, 3, 4.5, 10, 29, 100, 499, 501, 999, 2903, 1e5, 1e6]
    ts = [-50.0, -10.0, -3.0, -1.96, -0.5, 0.0, 0.1, 1.0, 1.7, 2.0, 2.5, 4.0, 8.0, 30.0, 1e3]

    def ncdf(x):
        return float(mpmath.ncdf(mpmath.mpf(x)))

    def nppf(p):
        p = mpmath.mpf(p)
        lo, hi = mpmath.mpf(-40), mpmath.mpf(40)
        for _ in range(300):
            mid = (lo + hi) / 2
            if mpmath.ncdf(mid) < p:
                lo = mid
            else:
                hi = mid
        return float((lo + hi) / 2)

    def tsf(t, d):
        t = mpmath.mpf(t)
        d = mpmath.mpf(d)
        tail = mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + t * t), regularized=True) / 2
        return tail if t >= 0 else 1 - tail

    def tppf(p, d):
        p = mpmath.mpf(p)
        d = mpmath.mpf(d)
        q = p if p < 0.5 else 1 - p
        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        while tsf(hi, d) > q:
            hi *= 2
        for _ in range(1100):
            mid = (lo + hi) / 2
            if tsf(mid, d) > q:
                lo = mid
            else:
                hi = mid
            if hi - lo < hi * mpmath.mpf(10) ** -30:
                break
        t = (lo + hi) / 2
        return float(-t if p < 0.5 else t)

    out = {
        "xs": xs, "ps": ps, "dfs": dfs, "ts": ts,
        "erfc": [float(mpmath.erfc(mpmath.mpf(x))) for x in xs],
        "norm_cdf": [ncdf(x) for x in xs],
        "norm_sf": [ncdf(-x) for x in xs],
        "norm_ppf": [nppf(p) for p in ps],
        "t_sf": [[float(tsf(t, d)) for t in ts] for d in dfs],
        "t_ppf": [[tppf(p, d) for p in ps] for d in dfs],
        "scipy_t_sf": [[float(stats.t.sf(t, d)) for t in ts] for d in dfs],
        "scipy_t_ppf": [[float(stats.t.ppf(p, d)) for p in ps] for d in dfs],
        "gammaln_x": [0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 9.99, 10.0, 10.5, 100.0, 1e4, 1e7],
    }
    out["gammaln"] = [float(mpmath.loggamma(mpmath.mpf(x))) for x in out["gammaln_x"]]
    out["betainc_cases"] = [[a, b, x, float(mpmath.betainc(a, b, 0, x, regularized=True))]
                            for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.4), (10, 0.5, 0.9), (0.5, 10, 0.01),
                                            (50, 60, 0.45), (1450, 0.5, 0.998), (3.5, 1.5, 0.999)]]
    write("distributions.json", {"reference": "mpmath 40 digits (scipy_* recorded for comparison)", **out})


# ---------------------------------------------------------------------------------------------------------------
# condition effects, contrasts, Holm

DIMS2 = ["encouraging_elaboration", "advice_giving"]


def simulate_study(rng, n_part, conditions, effects, rounds_per=3, missing=0.0, drop_rounds=0.0, big=None):
    rows = []
    for p in range(n_part):
        cond = conditions[p % len(conditions)]
        pid = f"p{p:04d}"
        person = rng.normal(0, 0.7)
        nr = rounds_per
        if big is not None and p == 0:
            nr = big
        for r in range(1, nr + 1):
            rr = r if r <= 3 else 2 + (r % 2)  # a "big" participant repeats rounds 2/3
            if drop_rounds and r > 1 and rng.random() < drop_rounds:
                continue
            post = 1 if rr >= 2 else 0
            row = {"participant": pid, "condition": cond, "round": int(rr)}
            for d, sign in zip(DIMS2, [1, -1]):
                lat = 2.6 + person * sign + post * 0.1 + post * sign * effects.get(cond, 0.0) + rng.normal(0, 1.0)
                score = int(min(5, max(1, round(lat))))
                if missing and rng.random() < missing:
                    score = None
                row[d] = score
            rows.append(row)
    return rows


def effects_reference(rows, dim, conditions, reference):
    df = pd.DataFrame(rows)
    d = df[df[dim].notna()].copy()
    y = d[dim].astype(float) / d[dim].astype(float).std(ddof=1)
    treat = [c for c in conditions if c != reference]
    X = pd.DataFrame({"intercept": 1.0}, index=d.index)
    for t in treat:
        X[t] = (d["condition"] == t).astype(float)
    X["post"] = (d["round"] >= 2).astype(float)
    for t in treat:
        X[f"{t}:post"] = X[t] * X["post"]
    groups = pd.factorize(d["participant"])[0]
    res = sm.OLS(y.values, X.values).fit(cov_type="cluster", cov_kwds={"groups": groups})
    names = list(X.columns)
    ci = res.conf_int()
    terms = {n: {"coef": res.params[i], "se": res.bse[i], "z": res.tvalues[i], "p": res.pvalues[i],
                 "ci": [ci[i, 0], ci[i, 1]]} for i, n in enumerate(names)}
    contrasts = []
    for j in range(len(treat)):
        for i in range(j + 1, len(treat)):
            a, b = treat[i], treat[j]
            r = np.zeros(len(names))
            r[names.index(f"{a}:post")] = 1
            r[names.index(f"{b}:post")] = -1
            tt = res.t_test(r)
            contrasts.append({"dimension": dim, "a": a, "b": b, "estimate": float(np.squeeze(tt.effect)),
                              "se": float(np.squeeze(tt.sd)), "z": float(np.squeeze(tt.tvalue)),
                              "p": float(np.squeeze(tt.pvalue))})
    return {"n": int(res.nobs), "n_clusters": int(len(np.unique(groups))), "sd": float(d[dim].astype(float).std(ddof=1)),
            "names": names, "terms": terms, "cov": res.cov_params(), "rsquared": res.rsquared}, contrasts


def make_effects():
    rng = np.random.default_rng(20240501)
    conds4 = ["control", "video", "coach", "combined"]
    eff4 = {"control": 0.0, "video": 0.25, "coach": 0.6, "combined": 0.7}
    datasets = []

    def add(name, rows, conditions, reference, note):
        ds = {"name": name, "note": note, "conditions": conditions, "reference": reference, "rows": rows,
              "dimensions": {}, "contrasts": []}
        for dim in DIMS2:
            ref, cons = effects_reference(rows, dim, conditions, reference)
            ds["dimensions"][dim] = ref
            ds["contrasts"].extend(cons)
        ps = [c["p"] for c in ds["contrasts"]]
        holm = multipletests(ps, method="holm")[1]
        for c, h in zip(ds["contrasts"], holm):
            c["p_holm"] = h
        datasets.append(ds)

    add("balanced", simulate_study(rng, 120, conds4, eff4), conds4, "control", "4 conditions x 30 participants x 3 rounds")
    add("unbalanced_missing", simulate_study(rng, 97, conds4, eff4, missing=0.08, drop_rounds=0.15), conds4, "control",
        "97 participants (unequal arms), 15% of post rounds dropped, 8% of scores missing per dimension")
    add("big_cluster", simulate_study(rng, 41, conds4, eff4, big=300), conds4, "control",
        "participant p0000 has 300 conversations, the others 3")
    conds5 = ["a", "b", "c", "d", "e"]
    add("five_conditions_ref_c", simulate_study(rng, 75, conds5, {"a": 0.3, "b": -0.2, "c": 0.0, "d": 0.5, "e": 0.1}),
        conds5, "c", "5 condition labels, reference level 'c' (not the first)")
    add("paper_size", simulate_study(rng, 968, conds4, eff4), conds4, "control", "968 participants x 3 rounds = 2904 rows")

    # error case: one cluster only
    rows = simulate_study(np.random.default_rng(7), 4, conds4, eff4)
    for r in rows:
        r["participant"] = "only"
    err = None
    try:
        effects_reference(rows, DIMS2[0], conds4, "control")
    except Exception as e:  # statsmodels divides by G - 1 = 0
        err = f"{type(e).__name__}: {e}"
    write("effects.json", {"datasets": datasets, "single_cluster": {"rows": rows, "statsmodels_error": err}})


def make_multipletests():
    rng = np.random.default_rng(3)
    cases = [
        [0.01, 0.04, 0.03, 0.005, 0.2, 0.9, 0.04],
        [0.5, 0.5, 0.5, 0.5],
        [1e-10, 0.049, 0.051, 1.0, 0.3],
        list(rng.uniform(0, 0.2, 18)),
        list(np.round(rng.uniform(0, 1, 40), 2)),
        [0.02],
    ]
    out = [{"p": c, "holm": multipletests(c, method="holm")[1], "fdr_bh": multipletests(c, method="fdr_bh")[1]}
           for c in cases]
    write("multipletests.json", {"cases": out})


# ---------------------------------------------------------------------------------------------------------------
# REML random intercept and RCI

def mixed_reference(y, g):
    y = np.asarray(y, float)
    codes = pd.factorize(pd.Series(g))[0]
    exog = np.ones((len(y), 1))
    model = sm.regression.mixed_linear_model.MixedLM(y, exog, groups=codes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tight = model.fit(reml=True, method="bfgs", gtol=1e-12, maxiter=2000)
        default = model.fit(reml=True)
    def pack(m):
        return {"intercept": float(m.fe_params[0]), "s2_between": float(np.asarray(m.cov_re)[0, 0]),
                "s2_residual": float(m.scale), "llf": float(m.llf), "bse_fe": float(m.bse_fe[0]),
                "converged": bool(m.converged)}
    return {"tight": pack(tight), "default": pack(default)}


def make_mixed():
    rng = np.random.default_rng(11)
    cases = []
    # balanced: ANOVA closed form (textbook: REML = ANOVA estimator when it is non-negative)
    G, n = 40, 3
    g = np.repeat(np.arange(G), n)
    y = 2 + rng.normal(0, 1.2, G)[g] + rng.normal(0, 2.0, G * n)
    ybar = np.array([y[g == i].mean() for i in range(G)])
    msw = sum(((y[g == i] - ybar[i]) ** 2).sum() for i in range(G)) / (G * (n - 1))
    msb = n * ((ybar - y.mean()) ** 2).sum() / (G - 1)
    anova = {"s2_residual": msw, "s2_between": (msb - msw) / n, "intercept": y.mean(),
             "intercept_se": math.sqrt((msw + n * (msb - msw) / n) / (G * n))}
    cases.append({"name": "balanced", "y": y, "groups": [f"g{i}" for i in g], "anova": anova, **mixed_reference(y, g)})
    # unbalanced, sizes 1..5
    G = 80
    sizes = rng.integers(1, 6, G)
    g = np.repeat(np.arange(G), sizes)
    y = 3 + rng.normal(0, 1.3, G)[g] + rng.normal(0, 2.0, len(g))
    cases.append({"name": "unbalanced", "y": y, "groups": [int(i) for i in g], **mixed_reference(y, g)})
    # overall-score-like integers, control arm of 250 participants with 1-3 rounds
    G = 250
    sizes = rng.choice([1, 2, 3, 3, 3, 3], G)
    g = np.repeat(np.arange(G), sizes)
    y = np.clip(np.round(-1 + rng.normal(0, 2.5, G)[g] + rng.normal(0, 2.8, len(g))), -12, 12)
    cases.append({"name": "integer_scores", "y": y, "groups": [f"p{i}" for i in g], **mixed_reference(y, g)})
    # no between-group variance: REML optimum on the boundary
    G = 30
    g = np.repeat(np.arange(G), 4)
    base = rng.normal(0, 1, 4)
    y = np.concatenate([base + 0.01 * i for i in range(G)])  # group means nearly identical
    cases.append({"name": "boundary", "y": y, "groups": [int(i) for i in g], **mixed_reference(y, g)})
    write("mixedlm.json", {"cases": cases, "note": "tight = MixedLM.fit(reml=True, method='bfgs', gtol=1e-12); "
                                                  "default = MixedLM.fit(reml=True) (optimizer tolerance ~1e-6)"})


def make_rci():
    rng = np.random.default_rng(2024)
    conds = ["control", "video", "coach", "combined"]
    gain = {"control": 0.0, "video": 1.0, "coach": 3.0, "combined": 3.5}
    rows = []
    for p in range(400):
        c = conds[p % 4]
        person = rng.normal(0, 2.5)
        for r in (1, 2, 3):
            v = float(np.clip(np.round(-1 + person + (r >= 2) * gain[c] + rng.normal(0, 2.8)), -12, 12))
            rows.append({"participant": f"p{p:03d}", "condition": c, "round": r, "overall": v})
    # irregularities: missing scores, a participant without baseline, one with a single post round
    rows[5]["overall"] = None             # p001 round 3 missing -> one post round
    rows[9]["overall"] = None             # p003 round 1 missing -> excluded
    rows[24]["overall"] = float("nan")    # p008 round 1 missing (control) -> excluded, its rounds 2-3 still in the model
    df = pd.DataFrame(rows)
    ctrl = df[(df.condition == "control") & df.overall.notna()]
    model = mixed_reference(ctrl.overall.values, ctrl.participant.values)
    s2e = model["tight"]["s2_residual"]
    s2b = model["tight"]["s2_between"]
    parts = []
    for pid, d in df[df.overall.notna()].groupby("participant", sort=True):
        base = d[d["round"] == 1].overall
        post = d[d["round"] > 1].overall
        if len(base) == 0 or len(post) == 0:
            continue
        ch = post.mean() - base.iloc[0]
        sd_ = math.sqrt(s2e + s2e / len(post))
        z = ch / sd_
        cat = "improved" if z >= 1.96 else "declined" if z <= -1.96 else "unchanged"
        parts.append({"participant": pid, "condition": d.condition.iloc[0], "baseline": base.iloc[0],
                      "post": post.mean(), "n_post": len(post), "change": ch, "s_diff": sd_, "z": z, "category": cat})
    pdf = pd.DataFrame(parts)
    summ = []
    for c, d in pdf.groupby("condition", sort=True):
        n = len(d)
        m = d.change.mean()
        s = d.change.std(ddof=1)
        lo, hi = stats.t.interval(0.95, n - 1, loc=m, scale=s / math.sqrt(n))
        summ.append({"condition": c, "n": n, "n_improved": int((d.category == "improved").sum()),
                     "n_declined": int((d.category == "declined").sum()),
                     "pct_improved": 100 * (d.category == "improved").mean(),
                     "pct_declined": 100 * (d.category == "declined").mean(),
                     "mean_change": m, "sd_change": s, "ci": [lo, hi]})
    write("rci.json", {"rows": [{**r, "overall": na(r["overall"])} for r in rows], "model": model,
                       "reliability": s2b / (s2b + s2e), "s_diff": math.sqrt(1.5 * s2e),
                       "participants": parts, "conditions": summ,
                       "note": "CI = scipy.stats.t.interval(0.95, n-1, mean, sd/sqrt(n)); model = MixedLM REML, tight"})


# ---------------------------------------------------------------------------------------------------------------
# trait regression, proportions, incidence

def make_trait():
    rng = np.random.default_rng(99)
    cases = []
    for name, n, slope, miss in [("participant_means", 968, 0.05, 0.0), ("conversations_missing", 2904, 0.3, 0.05),
                                 ("small", 12, -1.0, 0.1)]:
        x = rng.integers(1, 8, n).astype(float)
        y = 1 + slope * x + rng.normal(0, 3, n)
        xm = x.copy()
        ym = y.copy()
        xm[rng.random(n) < miss] = np.nan
        ym[rng.random(n) < miss] = np.nan
        ok = ~(np.isnan(xm) | np.isnan(ym))
        res = sm.OLS(ym[ok], sm.add_constant(xm[ok])).fit()
        ci = res.conf_int()
        cases.append({"name": name, "x": [na(v) for v in xm.tolist()], "y": [na(v) for v in ym.tolist()],
                      "n": int(res.nobs), "intercept": res.params[0], "slope": res.params[1],
                      "intercept_se": res.bse[0], "slope_se": res.bse[1], "t": res.tvalues[1], "p": res.pvalues[1],
                      "slope_ci": [ci[1, 0], ci[1, 1]], "rsquared": res.rsquared})
    selfr = rng.integers(1, 6, 300).astype(float)
    judge = rng.integers(1, 6, 300).astype(float)
    selfr[:7] = np.nan
    s_ok = selfr[~np.isnan(selfr)]
    ks, ns = int((s_ok >= 4).sum()), len(s_ok)
    kj, nj = int((judge >= 4).sum()), len(judge)
    share = {"self": [na(v) for v in selfr.tolist()], "judge": judge.tolist(), "threshold": 4,
             "n_self": ns, "n_judge": nj, "share_self": ks / ns, "share_judge": kj / nj, "diff": ks / ns - kj / nj,
             "ci_self": proportion_confint(ks, ns, method="wilson"), "ci_judge": proportion_confint(kj, nj, method="wilson")}
    write("trait.json", {"regressions": cases, "share": share})


def make_proportions():
    ztests = []
    for x1, n1, x2, n2 in [(30, 200, 18, 210), (5, 1000, 15, 1100), (0, 50, 3, 60), (120, 130, 100, 140),
                           (412, 5210, 388, 6022), (7, 7, 2, 9)]:
        z, p = proportions_ztest([x1, x2], [n1, n2])
        lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff")
        ztests.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": z, "p": p, "ci": [lo, hi]})
    wilson = [{"k": k, "n": n, "alpha": a, "ci": proportion_confint(k, n, alpha=a, method="wilson")}
              for k, n, a in [(0, 10, 0.05), (10, 10, 0.05), (51, 100, 0.05), (73, 100, 0.05), (93, 100, 0.05),
                              (3, 1000, 0.05), (17, 40, 0.1), (17, 40, 0.01)]]
    rng = np.random.default_rng(5)
    x = rng.integers(1, 25, 800).astype(float)
    y = (rng.random(800) < 1 / (1 + np.exp(-(-0.1 + 0.14 * x)))).astype(int)
    edges = [0, 2, 4, 6, 8, 10, 12, 16, 24]
    bins_e = []
    for i in range(len(edges) - 1):
        last = i == len(edges) - 2
        m = (x >= edges[i]) & ((x <= edges[i + 1]) if last else (x < edges[i + 1]))
        if m.sum() == 0:
            continue
        k, n = int(y[m].sum()), int(m.sum())
        bins_e.append({"lo": edges[i], "hi": edges[i + 1], "n": n, "k": k, "rate": k / n,
                       "ci": proportion_confint(k, n, method="wilson")})
    bins_v = []
    for v in sorted(set(x.tolist())):
        m = x == v
        k, n = int(y[m].sum()), int(m.sum())
        bins_v.append({"lo": v, "hi": v, "n": n, "k": k, "rate": k / n, "ci": proportion_confint(k, n, method="wilson")})
    write("proportions.json", {"ztests": ztests, "wilson": wilson,
                               "binned": {"x": x, "y": y, "edges": edges, "by_edges": bins_e, "by_value": bins_v}})


def make_incidence():
    rng = np.random.default_rng(8)
    labels = [f"theme_{i:02d}" for i in range(14)]
    units = []
    for stype, npre, npost in [("personal", 900, 1400), ("workplace", 1300, 2100)]:
        for grp, n in [("pre", npre), ("post", npost)]:
            w = np.linspace(1, 3, len(labels)) if grp == "post" else np.linspace(3, 1, len(labels))
            w = w / w.sum()
            for _ in range(n):
                k = rng.choice([1, 2, 2, 2])
                lab = list(rng.choice(labels, size=k, replace=False, p=w))
                if rng.random() < 0.02:
                    lab = lab + lab[:1]  # duplicate label in one unit counts once
                units.append({"group": grp, "scenarioType": stype, "labels": lab})
    # a label seen only in post of one scenario type
    units.append({"group": "post", "scenarioType": "personal", "labels": ["rare_theme"]})
    df_rows = []
    for stype in ["personal", "workplace"]:
        us = [u for u in units if u["scenarioType"] == stype]
        pre = [set(u["labels"]) for u in us if u["group"] == "pre"]
        post = [set(u["labels"]) for u in us if u["group"] == "post"]
        labs = sorted(set().union(*pre, *post))
        rows = []
        for lab in labs:
            cpre = sum(lab in s for s in pre)
            cpost = sum(lab in s for s in post)
            z, p = proportions_ztest([cpost, cpre], [len(post), len(pre)])
            lo, hi = confint_proportions_2indep(cpost, len(post), cpre, len(pre), method="wald", compare="diff")
            rows.append({"scenarioType": stype, "label": lab, "nPre": len(pre), "nPost": len(post), "countPre": cpre,
                         "countPost": cpost, "pre": cpre / len(pre), "post": cpost / len(post),
                         "diff": cpost / len(post) - cpre / len(pre), "ci": [lo, hi], "z": z, "p": p})
        q = multipletests([r["p"] for r in rows], method="fdr_bh")[1]
        for r, qq in zip(rows, q):
            r["q"] = qq
        df_rows.extend(rows)
    write("incidence.json", {"units": units, "expected": df_rows})


# ---------------------------------------------------------------------------------------------------------------
# logistic regression

SCEN = ["job_loss", "parent_cancer", "parent_death", "passed_over_promotion", "undervalued_at_work"]


def logit_reference(y, X, names, groups=None):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if groups is None:
            res = sm.Logit(y, X).fit(disp=0)
        else:
            res = sm.Logit(y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": pd.factorize(pd.Series(groups))[0]})
    ci = res.conf_int()
    return {"names": names, "terms": {n: {"coef": res.params[i], "se": res.bse[i], "z": res.tvalues[i],
                                          "p": res.pvalues[i], "ci": [ci[i, 0], ci[i, 1]],
                                          "odds_ratio": math.exp(res.params[i]),
                                          "or_ci": [math.exp(ci[i, 0]), math.exp(ci[i, 1])]}
                                      for i, n in enumerate(names)},
            "cov": res.cov_params(), "llf": res.llf, "llnull": res.llnull, "prsquared": res.prsquared,
            "warnings": sorted({str(w.category.__name__) for w in caught})}


def simulate_trials(rng, n_raters=150, per=10, sub=False):
    trials = []
    beta_s = dict(zip(SCEN, [0.0, 0.4, 0.45, 0.15, -0.1]))
    for r in range(n_raters):
        rater_eff = rng.normal(0, 0.3)
        for _ in range(per):
            s = SCEN[rng.integers(0, 5)]
            if sub:
                diffs = {d: float(rng.integers(-2, 4)) for d in ["validating_emotions", "encouraging_elaboration",
                                                               "demonstrating_understanding", "advice_giving",
                                                               "dismissing_emotions", "self_oriented"]}
                eta = 0.7 + 0.05 * diffs["encouraging_elaboration"] - 0.1 * diffs["advice_giving"] + beta_s[s] + rater_eff
                pred = diffs
            else:
                ad = float(rng.choice(np.arange(1, 25), p=np.linspace(2, 0.2, 24) / np.linspace(2, 0.2, 24).sum()))
                eta = -0.09 + 0.144 * ad + beta_s[s] + rater_eff
                pred = {"abs_diff": ad}
            y = int(rng.random() < 1 / (1 + math.exp(-eta)))
            trials.append({"rater": f"r{r:03d}", "scenario": s, "y": y, "predictors": pred})
    return trials


def trials_design(trials, reference=None):
    preds = list(trials[0]["predictors"].keys())
    scen = sorted({t["scenario"] for t in trials})
    ref = reference or scen[0]
    others = [s for s in scen if s != ref]
    names = ["intercept", *preds, *[f"scenario:{s}" for s in others]]
    X = np.array([[1.0, *[t["predictors"][p] for p in preds], *[1.0 if t["scenario"] == s else 0.0 for s in others]]
                  for t in trials])
    y = np.array([t["y"] for t in trials], float)
    return y, X, names, [t["rater"] for t in trials]


def make_logit():
    rng = np.random.default_rng(1234)
    cases = []
    tr = simulate_trials(rng)
    y, X, names, g = trials_design(tr)
    cases.append({"name": "overall_clustered", "trials": tr, "reference": None, **logit_reference(y, X, names, g)})
    y, X, names, g = trials_design(tr, "parent_death")
    cases.append({"name": "overall_reference_parent_death", "trials": tr, "reference": "parent_death",
                  **logit_reference(y, X, names, g)})
    tr2 = simulate_trials(rng, n_raters=183, sub=True)
    y, X, names, g = trials_design(tr2)
    cases.append({"name": "subcomponents_clustered", "trials": tr2, "reference": None, **logit_reference(y, X, names, g)})
    # plain (non-clustered) fit on a small design, given as a matrix
    n = 60
    x1 = rng.normal(size=n)
    x2 = rng.integers(0, 2, n).astype(float)
    Xs = np.column_stack([np.ones(n), x1, x2])
    ys = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + 1.2 * x1 - 0.8 * x2)))).astype(float)
    plain = {"name": "plain_matrix", "X": Xs, "y": ys, **logit_reference(ys, Xs, ["const", "x1", "x2"])}

    errors = []
    # complete separation on a continuous column
    xs = np.linspace(-2, 2, 40)
    ye = (xs > 0.1).astype(float)
    Xe = np.column_stack([np.ones(40), xs])
    errors.append({"name": "complete_separation", "X": Xe, "y": ye, "names": ["intercept", "x"],
                   "groups": [f"g{i % 8}" for i in range(40)], "columns": ["x"]})
    # quasi-complete: every trial of one scenario chose the higher-scored conversation
    trq = [dict(t) for t in tr]
    for t in trq:
        if t["scenario"] == "undervalued_at_work":
            t["y"] = 1
    yq, Xq, nq, gq = trials_design(trq)
    errors.append({"name": "quasi_separation_scenario", "X": Xq, "y": yq, "names": nq, "groups": gq,
                   "columns": ["scenario:undervalued_at_work"]})
    # separation by a combination: the reference scenario is all 1 (no single column separates)
    trc = [dict(t) for t in tr]
    for t in trc:
        if t["scenario"] == "job_loss":
            t["y"] = 1
    yc, Xc, nc, gc = trials_design(trc)
    errors.append({"name": "combination_separation_reference", "X": Xc, "y": yc, "names": nc, "groups": gc,
                   "columns": ["intercept"] + [n for n in nc if n.startswith("scenario:")]})
    # singular design: a duplicated column
    Xd = np.column_stack([np.ones(n), x1, x2, 2 * x1])
    errors.append({"name": "singular_duplicate_column", "X": Xd, "y": ys, "names": ["intercept", "x1", "x2", "x1_twice"],
                   "groups": None, "columns": ["x1_twice"]})
    for e in errors:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                res = sm.Logit(e["y"], e["X"]).fit(disp=0, maxiter=100)
                e["statsmodels"] = {"raised": None, "params": res.params, "bse": res.bse,
                                    "converged": bool(res.mle_retvals.get("converged"))}
            except Exception as ex:
                e["statsmodels"] = {"raised": f"{type(ex).__name__}: {ex}"}
            e["statsmodels"]["warnings"] = sorted({f"{w.category.__name__}: {str(w.message)[:120]}" for w in caught})
    write("logit.json", {"cases": cases, "plain": plain, "errors": errors})


# ---------------------------------------------------------------------------------------------------------------
# Bradley-Terry, Spearman, Elo

def strongly_connected(items, comps):
    k = len(items)
    idx = {it: i for i, it in enumerate(items)}
    rows = [idx[w] for w, l in comps]
    cols = [idx[l] for w, l in comps]
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(k, k))
    return connected_components(m, directed=True, connection="strong")[0] == 1


def bt_reference(items, comps, prior=None, rng=None):
    """Bradley-Terry MLE via statsmodels: P(i beats j) = logistic(theta_i - theta_j)."""
    k = len(items)
    idx = {it: i for i, it in enumerate(items)}
    rows, ys, w = [], [], []
    for win, lose in comps:
        x = np.zeros(k)
        if rng.random() < 0.5:
            x[idx[win]], x[idx[lose]] = 1, -1
            ys.append(1.0)
        else:
            x[idx[lose]], x[idx[win]] = 1, -1
            ys.append(0.0)
        rows.append(x)
        w.append(1.0)
    if prior is None:
        X = np.array(rows)[:, 1:]  # theta_0 = 0
        res = sm.Logit(np.array(ys), X).fit(disp=0, tol=1e-12, maxiter=200)
        theta = np.concatenate([[0.0], res.params])
    else:
        for i in range(k):  # prior wins and losses against a virtual item with theta = 0
            for y in (1.0, 0.0):
                x = np.zeros(k)
                x[i] = 1
                rows.append(x)
                ys.append(y)
                w.append(prior)
        res = sm.GLM(np.array(ys), np.array(rows), family=sm.families.Binomial(),
                     freq_weights=np.array(w)).fit(tol=1e-14, maxiter=200)
        theta = res.params
    theta = theta - theta.mean()
    return np.exp(theta)


def make_bt():
    rng = np.random.default_rng(42)
    items = [f"c{i:02d}" for i in range(30)]
    true = rng.normal(0, 1, 30)
    comps = []
    while True:
        comps = []
        for _ in range(420):
            i, j = rng.choice(30, 2, replace=False)
            pij = 1 / (1 + math.exp(-(true[i] - true[j])))
            comps.append((items[i], items[j]) if rng.random() < pij else (items[j], items[i]))
        if strongly_connected(items, comps):
            break
    s = bt_reference(items, comps, rng=rng)
    score = true + rng.normal(0, 0.5, 30)
    elo_like = true * 100 + 1000 + rng.normal(0, 30, 30)
    rho_s = stats.spearmanr(s, score)
    rho_e = stats.spearmanr(s, elo_like)
    cases = [{"name": "mle", "items": items, "comparisons": comps, "regularized": False, "strength": s,
              "score": score, "elo": elo_like, "rho_score": [rho_s.correlation, rho_s.pvalue],
              "rho_elo": [rho_e.correlation, rho_e.pvalue]}]
    # zero wins: c29 loses every game -> MLE does not exist; prior 0.5 against a virtual item
    comps2 = [(w, l) if l != "c29" and w != "c29" else ((l, w) if w == "c29" else (w, l)) for w, l in comps]
    assert not strongly_connected(items, comps2)
    s2 = bt_reference(items, comps2, prior=0.5, rng=rng)
    cases.append({"name": "zero_wins_prior", "items": items, "comparisons": comps2, "regularized": True,
                  "prior": 0.5, "strength": s2, "zero_win_items": ["c29"]})
    write("bradley_terry.json", {"cases": cases})


def make_spearman():
    rng = np.random.default_rng(17)
    cases = []
    x = rng.integers(1, 6, 50).astype(float)
    y = np.clip(x + rng.integers(-1, 2, 50), 1, 5).astype(float)
    cases.append(("ties_likert", x, y))
    x = rng.normal(size=150)
    cases.append(("continuous", x, x + rng.normal(size=150)))
    x = rng.normal(size=30)
    y = -x + rng.normal(0, 0.3, 30)
    x[[2, 7]] = np.nan
    y[[7, 11, 19]] = np.nan
    cases.append(("missing", x, y))
    x = np.arange(10.0)
    cases.append(("perfect", x, x ** 3))
    cases.append(("small_n4", np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 1.0, 4.0, 3.0])))
    cases.append(("constant", np.ones(8), np.arange(8.0)))
    out = []
    for name, a, b in cases:
        ok = ~(np.isnan(a) | np.isnan(b))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = stats.spearmanr(a[ok], b[ok])
        n = int(ok.sum())
        rho = float(r.correlation)
        ci = None
        if n > 3 and not math.isnan(rho):
            z = math.atanh(rho) if abs(rho) < 1 else math.copysign(math.inf, rho)
            se = 1 / math.sqrt(n - 3)
            ci = [math.tanh(z - stats.norm.ppf(0.975) * se), math.tanh(z + stats.norm.ppf(0.975) * se)]
        out.append({"name": name, "x": [na(v) for v in a.tolist()], "y": [na(v) for v in b.tolist()], "n": n,
                    "rho": rho, "p": float(r.pvalue), "ci": ci, "ranks_x": stats.rankdata(a[ok]).tolist()})
    write("spearman.json", {"cases": out, "note": "Fisher CI: tanh(atanh(r) +- norm.ppf(0.975)/sqrt(n-3))"})


def make_elo():
    rng = np.random.default_rng(21)
    items = [f"k{i}" for i in range(8)]
    judg = []
    for t in rng.permutation(60):
        a, b = rng.choice(items, 2, replace=False)
        u = rng.random()
        winner = a if u < 0.45 else b if u < 0.9 else None
        judg.append({"a": a, "b": b, "winner": winner, "trial": int(t)})
    ratings = {it: 1000.0 for it in items}
    for j in sorted(judg, key=lambda j: j["trial"]):
        ea = 1 / (1 + 10 ** ((ratings[j["b"]] - ratings[j["a"]]) / 400))
        sa = 0.5 if j["winner"] is None else (1.0 if j["winner"] == j["a"] else 0.0)
        d = 32 * (sa - ea)
        ratings[j["a"]] += d
        ratings[j["b"]] -= d
    write("elo.json", {"items": items, "judgments": judg, "ratings": ratings})


# ---------------------------------------------------------------------------------------------------------------
# agreement

def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(a ^ (a >> 15), 1 | a)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return nxt


def kripp_alpha_interval(data, weights=None):
    """Krippendorff's alpha, interval metric, from the coincidence matrix. data: raters x units, nan = missing;
    weights: how many times each unit counts (all once by default)."""
    data = np.asarray(data, float)
    vals = np.unique(data[~np.isnan(data)])
    index = {v: i for i, v in enumerate(vals)}
    o = np.zeros((len(vals), len(vals)))
    for u in range(data.shape[1]):
        w = 1 if weights is None else weights[u]
        if w == 0:
            continue
        col = data[:, u]
        col = col[~np.isnan(col)]
        m = len(col)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[index[col[i]], index[col[j]]] += w / (m - 1)
    nc = o.sum(1)
    n = nc.sum()
    delta = (vals[:, None] - vals[None, :]) ** 2
    do = (o * delta).sum() / n
    de = (np.outer(nc, nc) * delta).sum() / (n * (n - 1))
    return 1 - do / de if de > 0 else float("nan")


# The bootstrap's draws, step for step as main/analysis/random.ts (logFactorial, binomial, multinomial).
LOG_FACTORIAL = [0.0, 0.0]
for _i in range(2, 1024):
    LOG_FACTORIAL.append(LOG_FACTORIAL[-1] + math.log(_i))
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def log_factorial(k):
    if k < len(LOG_FACTORIAL):
        return LOG_FACTORIAL[k]
    r = 1 / k
    r2 = r * r
    return (k + 0.5) * math.log(k) - k + HALF_LOG_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260))


def binomial(rng, n, p):
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    mode = min(n, math.floor((n + 1) * p))
    pm = math.exp(log_factorial(n) - log_factorial(mode) - log_factorial(n - mode) + mode * math.log(p) + (n - mode) * math.log(1 - p))
    u = rng()
    if u < pm:
        return mode
    u -= pm
    r = p / (1 - p)
    lo = hi = mode
    plo = phi = pm
    while True:
        if hi < n:
            phi = phi * ((n - hi) / (hi + 1)) * r
            hi += 1
            if u < phi:
                return hi
            u -= phi
        if lo > 0:
            plo = plo * (lo / (n - lo + 1)) / r
            lo -= 1
            if u < plo:
                return lo
            u -= plo
        if (hi >= n or phi == 0) and (lo <= 0 or plo == 0):
            return mode


def multinomial(rng, n, w):
    out = [0] * len(w)
    left = n
    mass = float(sum(w))
    for k in range(len(w)):
        if k == len(w) - 1 or left == 0:
            out[k] = left
            left = 0
            continue
        x = binomial(rng, left, w[k] / mass)
        out[k] = x
        left -= x
        mass -= w[k]
    return out


def kripp_bootstrap(data, reps=1000, seed=20240521, level=0.95):
    """Resamples the pairable units with replacement: as a multinomial count per unit type (units with the same
    values, in order of first appearance), the draw main/analysis/krippendorff.ts makes."""
    data = np.asarray(data, float)
    pairable = [u for u in range(data.shape[1]) if (~np.isnan(data[:, u])).sum() >= 2]
    sub = data[:, pairable]
    U = len(pairable)
    types, first, size = {}, [], []
    for u in range(U):
        col = sub[:, u]
        key = tuple(sorted(col[~np.isnan(col)]))
        if key not in types:
            types[key] = len(first)
            first.append(u)
            size.append(0)
        size[types[key]] += 1
    reps_data = sub[:, first]
    rng = mulberry32(seed)
    vals = []
    for _ in range(reps):
        a = kripp_alpha_interval(reps_data, multinomial(rng, U, size))
        if not math.isnan(a):
            vals.append(a)
    lo = (1 - level) / 2
    return [float(np.percentile(vals, 100 * lo)), float(np.percentile(vals, 100 * (1 - lo)))], len(vals)


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", reliability data with 4 observers x 12 units
# and missing values; the paper reports alpha = 0.743 nominal, 0.815 ordinal, 0.849 interval, 0.797 ratio.
KRIPP_TEXTBOOK = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def observed_kappa(a, b):
    """The published analysis: x100, round, contingency table of occurring values, cohens_kappa(wt='quadratic')."""
    ra = pd.Series(a * 100).round().astype("Int64").to_numpy(dtype=np.int64)  # as the published notebook
    rb = pd.Series(b * 100).round().astype("Int64").to_numpy(dtype=np.int64)
    allv = np.unique(np.concatenate([ra, rb]))
    table = np.zeros((len(allv), len(allv)))
    for i in range(len(ra)):
        table[np.where(allv == ra[i])[0][0], np.where(allv == rb[i])[0][0]] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = cohens_kappa(table, wt="quadratic")
    se = math.sqrt(res.var_kappa) if res.var_kappa >= 0 else float("nan")
    z = res.kappa / se
    return {"kappa": res.kappa, "se": se, "z": z, "p": 2 * stats.norm.sf(abs(z)), "categories": len(allv)}


def agreement_ref(a, b, reps=1000):
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    ok = ~(np.isnan(a) | np.isnan(b))
    a, b = a[ok], b[ok]
    n = len(a)
    ka = np.floor(a + 0.5).astype(int)
    kb = np.floor(b + 0.5).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kscale = cohen_kappa_score(ka, kb, weights="quadratic", labels=[1, 2, 3, 4, 5])
        sp = stats.spearmanr(a, b)
    rho = float(sp.correlation)
    z975 = stats.norm.ppf(0.975)
    ci = None
    if n > 3 and not math.isnan(rho):
        f = math.atanh(rho) if abs(rho) < 1 else math.copysign(math.inf, rho)
        ci = [math.tanh(f - z975 / math.sqrt(n - 3)), math.tanh(f + z975 / math.sqrt(n - 3))]
    alpha = kripp_alpha_interval(np.vstack([a, b]))
    out = {"n": n, "kappa_scale": kscale, "kappa_observed": observed_kappa(a, b), "alpha": alpha,
           "rho": rho, "rho_p": float(sp.pvalue), "rho_ci": ci, "exact": float(np.mean(np.abs(a - b) < 1e-9))}
    if reps:
        out["alpha_ci"], out["alpha_valid"] = kripp_bootstrap(np.vstack([a, b]), reps=reps)
    return out


PILOT_DIMS = ["validating_emotions", "encouraging_elaboration", "demonstrating_understanding", "advice_giving",
              "self_oriented", "dismissing_emotions"]
PILOT_RATERS = ["expert1", "expert2", "expert3", "gemini", "gpt", "claude", "crowd"]
PILOT_PAIRS = [("gemini", "experts"), ("gpt", "experts"), ("claude", "experts"), ("crowd", "experts"),
               ("expert1", "expert2"), ("expert2", "expert3"), ("expert3", "expert1"), ("gemini", "crowd")]



def load_pilot():
    frames = {}
    for r in PILOT_RATERS:
        df = pd.read_csv(PILOT / f"{r}.csv", dtype={"conversation_id": str})
        df = df.drop(columns=[c for c in df.columns if c.startswith("Unnamed") or c == "full_conversation"])
        frames[r] = df.set_index("conversation_id")[PILOT_DIMS].astype(float)
    ids = sorted(set.intersection(*[set(f.index) for f in frames.values()]))
    return ids, {r: f.loc[ids] for r, f in frames.items()}


def make_agreement():
    tb = np.array([[np.nan if v is None else v for v in row] for row in KRIPP_TEXTBOOK], float)
    tb_alpha = kripp_alpha_interval(tb)
    assert abs(tb_alpha - 0.849) < 0.0005, tb_alpha
    tb_ci, tb_valid = kripp_bootstrap(tb, reps=300, seed=7)

    rng = np.random.default_rng(77)
    synth = []
    # two raters, missing values and non-integers
    a = rng.integers(1, 6, 80).astype(float)
    b = np.clip(a + rng.integers(-1, 2, 80), 1, 5).astype(float)
    b[rng.random(80) < 0.3] += 0.5
    b = np.clip(b, 1, 5)
    a[rng.random(80) < 0.1] = np.nan
    b[rng.random(80) < 0.1] = np.nan
    synth.append({"name": "missing_nonintegers", "a": a, "b": b, "expected": agreement_ref(a, b, reps=1000)})
    # half-way values that round differently half-up (ours) vs half-to-even, and x100 values ending in .5
    a = np.array([1.5, 2.5, 3.5, 4.5, 1.125, 2.875, 1.0, 5.0, 3.0, 2.0, 4.0, 1.5])
    b = np.array([2.0, 2.0, 3.0, 5.0, 1.0, 3.0, 1.0, 5.0, 2.0, 2.0, 4.0, 1.0])
    synth.append({"name": "half_values", "a": a, "b": b, "expected": agreement_ref(a, b, reps=1000)})
    # three raters with missing values (alpha for 2+ raters)
    m3 = rng.integers(1, 6, (3, 40)).astype(float)
    m3[1] = np.clip(m3[0] + rng.integers(-1, 2, 40), 1, 5)
    m3[rng.random((3, 40)) < 0.2] = np.nan
    multi = {"raters": m3, "alpha": kripp_alpha_interval(m3)}
    multi["ci"], multi["valid"] = kripp_bootstrap(m3, reps=500, seed=99)
    # median helper
    med_in = np.array([[1, 2, np.nan, 4], [3, np.nan, np.nan, 4], [2, 5, np.nan, 1]], float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        med = [float(np.nanmedian(med_in[:, i])) if (~np.isnan(med_in[:, i])).any() else None for i in range(4)]

    ids, R = load_pilot()
    experts_median = {d: np.median(np.vstack([R[e][d].values for e in ["expert1", "expert2", "expert3"]]), axis=0)
                      for d in PILOT_DIMS}
    rows = []
    for d in PILOT_DIMS:
        for x, y in PILOT_PAIRS:
            va = experts_median[d] if x == "experts" else R[x][d].values
            vb = experts_median[d] if y == "experts" else R[y][d].values
            rows.append({"dimension": d, "a": x, "b": y, **agreement_ref(va, vb, reps=1000)})
    # flags: kappa_scale of each LLM/crowd against the median below the mean expert-pair kappa_scale
    flags = []
    for d in PILOT_DIMS:
        pairs = [r for r in rows if r["dimension"] == d and r["a"].startswith("expert") and r["b"].startswith("expert")]
        pair_vals = {}
        for i, e1 in enumerate(["expert1", "expert2", "expert3"]):
            for e2 in ["expert1", "expert2", "expert3"][i + 1:]:
                pair_vals[f"{e1}|{e2}"] = agreement_ref(R[e1][d].values, R[e2][d].values, reps=0)["kappa_scale"]
        mean_pairs = float(np.mean(list(pair_vals.values())))
        for cand in ["gemini", "gpt", "claude", "crowd"]:
            v = next(r for r in rows if r["dimension"] == d and r["a"] == cand and r["b"] == "experts")["kappa_scale"]
            flags.append({"dimension": d, "candidate": cand, "value": v, "expert_pairs": list(pair_vals.values()),
                          "expert_mean": mean_pairs, "flagged": bool(v < mean_pairs)})
        del pairs
    write("agreement.json", {
        "textbook": {"raters": tb, "alpha": tb_alpha, "published_alpha": 0.849, "ci_seed7_reps300": tb_ci,
                     "valid": tb_valid,
                     "source": "Krippendorff (2011) Computing Krippendorff's Alpha-Reliability, worked example C"},
        "synthetic": synth, "multi_rater": multi, "median": {"input": med_in, "expected": med},
        "bootstrap_seed": 20240521,
        "mulberry32": [{"seed": sd, "first": (lambda g: [g() for _ in range(6)])(mulberry32(sd))}
                       for sd in (1, 20240521, 4294967295)],
    })
    write("pilot_agreement.json", {
        "source": "../shared/corpora/lend-an-ear-pilot/ratings/*.csv, inner-joined on conversation_id (as strings), "
                  "sorted by id; experts = per-item numpy.median of expert1..3",
        "n_items": len(ids), "dimensions": PILOT_DIMS, "pairs": PILOT_PAIRS, "rows": rows, "flags": flags,
    })



# ---------------------------------------------------------------------------------------------------------------
# referee analyses (issue 13): the overall score as an effects outcome, leave-one-out expert agreement,
# participant-clustered logit of incidence

SIX = ["encouraging_elaboration", "validating_emotions", "demonstrating_understanding", "advice_giving", "self_oriented",
       "dismissing_emotions"]


def simulate_six(rng, n_part, conditions, gain, missing=0.03):
    rows = []
    for p in range(n_part):
        cond = conditions[p % len(conditions)]
        person = rng.normal(0, 0.6)
        for r in (1, 2, 3):
            post = 1 if r >= 2 else 0
            row = {"participant": f"p{p:04d}", "condition": cond, "round": r}
            for k, d in enumerate(SIX):
                sign = 1 if k < 3 else -1
                lat = (2.9 if k < 3 else 2.2) + person * sign + post * sign * gain.get(cond, 0.0) + rng.normal(0, 0.9)
                row[d] = None if rng.random() < missing else int(min(5, max(1, round(lat))))
            vals = [row[d] for d in SIX]
            row["overall"] = None if any(v is None for v in vals) else sum(vals[:3]) - sum(vals[3:])
            rows.append(row)
    return rows


def make_effects_overall():
    """The methods section 1 model with outcome = overall score (EE+VE+DU-AG-SO-DE), in the model's SD units, in points
    (the same clustered OLS on the unscaled score) and in baseline SDs (points / sd of the round-1 overall scores)."""
    rng = np.random.default_rng(20241301)
    conds = ["control", "video", "coach", "combined"]
    rows = simulate_six(rng, 160, conds, {"video": 0.2, "coach": 0.6, "combined": 0.7})
    sd_units, _ = effects_reference(rows, "overall", conds, "control")
    df = pd.DataFrame(rows)
    d = df[df["overall"].notna()].copy()
    X = pd.DataFrame({"intercept": 1.0}, index=d.index)
    treat = [c for c in conds if c != "control"]
    for t in treat:
        X[t] = (d["condition"] == t).astype(float)
    X["post"] = (d["round"] >= 2).astype(float)
    for t in treat:
        X[f"{t}:post"] = X[t] * X["post"]
    res = sm.OLS(d["overall"].astype(float).values, X.values).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(d["participant"])[0]})
    ci = res.conf_int()
    names = list(X.columns)
    points = {n: {"coef": res.params[i], "se": res.bse[i], "z": res.tvalues[i], "p": res.pvalues[i],
                  "ci": [ci[i, 0], ci[i, 1]]} for i, n in enumerate(names)}
    baseline_sd = float(d.loc[d["round"] == 1, "overall"].astype(float).std(ddof=1))
    baseline = {n: {"coef": t["coef"] / baseline_sd, "se": t["se"] / baseline_sd, "ci": [c / baseline_sd for c in t["ci"]]}
                for n, t in points.items()}
    write("effects_overall.json", {"conditions": conds, "reference": "control", "dimensions": SIX, "rows": rows,
                                   "sd_units": sd_units, "points": points, "baseline_sd": baseline_sd,
                                   "baseline_sds": baseline})


def make_agreement_loo():
    """Like-with-like expert benchmark on the real pilot: for each expert i, the metric of expert i against the median
    of the other experts, and of each candidate against that same median; both averaged over i."""
    ids, R = load_pilot()
    experts = ["expert1", "expert2", "expert3"]
    out = []
    for d in PILOT_DIMS:
        for cand in ["gemini", "gpt", "claude", "crowd"]:
            folds = []
            for e in experts:
                others = [x for x in experts if x != e]
                ref = np.median(np.vstack([R[x][d].values for x in others]), axis=0)
                ex = agreement_ref(R[e][d].values, ref, reps=0)
                ca = agreement_ref(R[cand][d].values, ref, reps=0)
                folds.append({"left_out": e, **{f"expert_{m}": ex[m] for m in ("kappa_scale", "alpha", "rho", "exact")},
                              **{f"candidate_{m}": ca[m] for m in ("kappa_scale", "alpha", "rho", "exact")},
                              "expert_kappa_observed": ex["kappa_observed"]["kappa"],
                              "candidate_kappa_observed": ca["kappa_observed"]["kappa"]})
            row = {"dimension": d, "candidate": cand, "folds": folds}
            for m in ("kappa_scale", "kappa_observed", "alpha", "rho", "exact"):
                row[f"experts_{m}"] = float(np.mean([f[f"expert_{m}"] for f in folds]))
                row[f"candidate_{m}"] = float(np.mean([f[f"candidate_{m}"] for f in folds]))
            row["flagged_kappa_scale"] = bool(row["candidate_kappa_scale"] < row["experts_kappa_scale"])
            out.append(row)
    write("pilot_agreement_loo.json", {
        "source": "../shared/corpora/lend-an-ear-pilot/ratings/*.csv as pilot_agreement.json; median of two = their mean "
                  "(numpy.median), kappa_scale rounds it half up as agreement_ref does",
        "n_items": len(ids), "rows": out})


def clustered_incidence_reference(units):
    """Per scenario type and label: smf.logit('y ~ post') with cluster-robust SEs by participant; the pp difference of
    the fitted probabilities with a delta-method CI from the clustered covariance; BH over the labels of a type."""
    import statsmodels.formula.api as smf
    df = pd.DataFrame(units)
    out = []
    for stype in sorted(df["scenarioType"].unique()):
        sub = df[df["scenarioType"] == stype]
        labels = sorted({l for ls in sub["labels"] for l in ls})
        rows = []
        for lab in labels:
            d = pd.DataFrame({"y": [1.0 if lab in ls else 0.0 for ls in sub["labels"]],
                              "post": (sub["group"] == "post").astype(float).values,
                              "participant": sub["participant"].values})
            res = smf.logit("y ~ post", data=d).fit(disp=0, cov_type="cluster",
                                                    cov_kwds={"groups": pd.factorize(d["participant"])[0]})
            b0, b1 = res.params["Intercept"], res.params["post"]
            p0 = 1 / (1 + math.exp(-b0))
            p1 = 1 / (1 + math.exp(-(b0 + b1)))
            g = np.array([p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)])
            V = res.cov_params().values
            se_diff = float(math.sqrt(g @ V @ g))
            z975 = stats.norm.ppf(0.975)
            ci = res.conf_int().loc["post"].values
            rows.append({"scenarioType": stype, "label": lab, "nPre": int((d["post"] == 0).sum()),
                         "nPost": int((d["post"] == 1).sum()), "countPre": int(d.loc[d["post"] == 0, "y"].sum()),
                         "countPost": int(d.loc[d["post"] == 1, "y"].sum()), "pre": p0, "post": p1, "diff": p1 - p0,
                         "ci": [p1 - p0 - z975 * se_diff, p1 - p0 + z975 * se_diff], "seDiff": se_diff,
                         "logOdds": b1, "logOddsSe": res.bse["post"], "logOddsCi": [ci[0], ci[1]],
                         "z": res.tvalues["post"], "p": res.pvalues["post"], "clusters": int(d["participant"].nunique())})
        q = multipletests([r["p"] for r in rows], method="fdr_bh")[1]
        for r, qq in zip(rows, q):
            r["q"] = qq
        out.extend(rows)
    return out


def make_incidence_clustered():
    rng = np.random.default_rng(2613)
    labels = [f"theme_{i:02d}" for i in range(8)]
    units = []
    for stype, n_part in [("personal", 60), ("workplace", 75)]:
        for p in range(n_part):
            pid = f"{stype[0]}{p:03d}"
            # participants differ in style: clustering inflates the SEs over the z test's
            taste = rng.dirichlet(np.ones(len(labels)) * 0.8)
            for grp in ("pre", "post"):
                w = taste * (np.linspace(0.7, 1.4, len(labels)) if grp == "post" else 1)
                w = w / w.sum()
                for _ in range(int(rng.integers(4, 30))):
                    k = 2 if rng.random() < 0.6 else 1
                    units.append({"group": grp, "scenarioType": stype, "participant": pid,
                                  "labels": list(rng.choice(labels, size=k, replace=False, p=w))})
    write("incidence_clustered.json", {"units": units, "expected": clustered_incidence_reference(units)})


def make_incidence_clustered_unbalanced():
    # Clusters of very different sizes (1 to 150 units), participants seen only pre or only post, and units without a
    # participant (each its own cluster): the count-based fit must agree with statsmodels beyond the balanced case.
    rng = np.random.default_rng(1812)
    labels = [f"theme_{i:02d}" for i in range(6)]
    units = []
    for stype, n_part in [("personal", 40), ("workplace", 25)]:
        for p in range(n_part):
            pid = f"{stype[0]}{p:03d}"
            taste = rng.dirichlet(np.ones(len(labels)) * 0.5)
            groups = ("pre",) if p % 7 == 0 else ("post",) if p % 5 == 0 else ("pre", "post")
            size = int(rng.choice([1, 2, 3, 8, 20, 60, 150]))
            for grp in groups:
                w = taste * (np.linspace(0.6, 1.5, len(labels)) if grp == "post" else 1)
                w = w / w.sum()
                for _ in range(max(1, int(size * rng.uniform(0.3, 1.7)))):
                    k = 2 if rng.random() < 0.3 else 1
                    units.append({"group": grp, "scenarioType": stype, "participant": pid,
                                  "labels": list(rng.choice(labels, size=k, replace=False, p=w))})
        for c in range(12):
            units.append({"group": "pre" if c % 3 else "post", "scenarioType": stype, "participant": f"conv:{stype}:{c}",
                          "labels": [labels[int(rng.integers(len(labels)))]]})
    write("incidence_clustered_unbalanced.json", {"units": units, "expected": clustered_incidence_reference(units)})


if __name__ == "__main__":
    # With names (e.g. `make_golden.py effects_overall`), only those fixtures are rewritten.
    ALL = [make_distributions, make_effects, make_multipletests, make_mixed, make_rci, make_trait, make_proportions,
           make_incidence, make_logit, make_bt, make_spearman, make_elo, make_agreement, make_effects_overall,
           make_agreement_loo, make_incidence_clustered, make_incidence_clustered_unbalanced]
    wanted = sys.argv[1:]
    for fn in ALL:
        if not wanted or fn.__name__.removeprefix("make_") in wanted:
            fn()
