"""The effects bench's anchor: statsmodels fitting the same clustered OLS on the same rows (bench/effects.bench.ts).

Reads the CSV the bench wrote (outcome, participant, condition, round, score; conditions in the bench's order, the
reference first), fits per outcome OLS(score / sd, X).fit(cov_type="cluster", groups=participant) with X = intercept,
treatments, post, treatment:post (main/analysis/effects.ts), and prints JSON: seconds to read, seconds to build and
fit (and its CPU seconds), and every outcome's coefficients and standard errors for the bench to compare with its own.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm


def main(path, n_conditions, post_from):
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t1 = time.perf_counter()
    c1 = time.process_time()
    out = []
    for k, g in df.groupby("outcome", sort=True):
        y = g["score"].to_numpy(dtype=float)
        y = y / y.std(ddof=1)
        post = (g["round"].to_numpy() >= post_from).astype(float)
        cond = g["condition"].to_numpy()
        cols = [np.ones(len(g))]
        cols += [(cond == j).astype(float) for j in range(1, n_conditions)]
        cols += [post]
        cols += [(cond == j).astype(float) * post for j in range(1, n_conditions)]
        X = np.column_stack(cols)
        fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g["participant"].to_numpy()})
        out.append({"outcome": int(k), "coef": fit.params.tolist(), "se": fit.bse.tolist()})
    t2 = time.perf_counter()
    c2 = time.process_time()
    print(json.dumps({"read_s": t1 - t0, "fit_s": t2 - t1, "fit_cpu_s": c2 - c1, "rows": int(len(df)), "fits": out}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
