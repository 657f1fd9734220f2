# Golden values for workers/umap/ab-params.ts: umap-learn's find_ab_params (copied from umap_.py, which fits with
# scipy's curve_fit) for a few (spread, min_dist). Run with Debian's /usr/bin/python3 (python3-scipy):
#   /usr/bin/python3 tests/umap/make_ab_golden.py > tests/umap/ab-params.golden.json
import json
import numpy as np
from scipy.optimize import curve_fit


def find_ab_params(spread, min_dist):
    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))

    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, _ = curve_fit(curve, xv, yv)
    return params[0], params[1]


cases = [(1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.25), (0.5, 0.05)]
print(json.dumps([{"spread": s, "minDist": m, "a": a, "b": b} for s, m in cases for a, b in [find_ab_params(s, m)]], indent=1))
