#!/usr/bin/python3
"""Golden fixtures for nominal coder agreement (main/analysis/nominal-agreement.ts, krippendorffAlphaNominal).

Run with Debian's interpreter from the repository root:
    /usr/bin/python3 tests/golden/make_coding_agreement_golden.py
Writes tests/golden/coding_agreement.json (deterministic: numpy seeds below).

References: statsmodels.stats.inter_rater (Debian python3-statsmodels 0.13.5) for Cohen's kappa
(`cohens_kappa(table).kappa`, unweighted) and Fleiss' kappa (`fleiss_kappa(aggregate_raters(data)[0])`).
The `krippendorff` PyPI package is not installable here (no pip index; not packaged by Debian), so nominal
alpha is computed below straight from the coincidence-matrix definition (Krippendorff 2011, "Computing
Krippendorff's Alpha-Reliability", section C), written as an explicit matrix (not the closed form the
TypeScript uses), and checked against the published value 0.743 of that paper's 4-coder, 12-unit example.
"""
import json
import os

import numpy as np
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))


def alpha_nominal(data):
    """data: raters x units, None = missing. Coincidence matrix o_ck, delta = 1 for c != k."""
    cats = sorted({v for row in data for v in row if v is not None})
    idx = {c: i for i, c in enumerate(cats)}
    o = np.zeros((len(cats), len(cats)))
    for u in range(len(data[0])):
        vals = [row[u] for row in data if row[u] is not None]
        m = len(vals)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[idx[vals[i]], idx[vals[j]]] += 1.0 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    delta = 1 - np.eye(len(cats))
    d_o = (o * delta).sum() / n
    d_e = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    return None if d_e == 0 else float(1 - d_o / d_e)


def percent(data):
    shares = []
    for u in range(len(data[0])):
        vals = [row[u] for row in data if row[u] is not None]
        m = len(vals)
        if m < 2:
            continue
        pairs = [(i, j) for i in range(m) for j in range(i + 1, m)]
        shares.append(sum(vals[i] == vals[j] for i, j in pairs) / len(pairs))
    return float(np.mean(shares)) if shares else None


def cohen(a, b):
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    cats = sorted({v for p in pairs for v in p})
    idx = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for x, y in pairs:
        table[idx[x], idx[y]] += 1
    return float(cohens_kappa(table).kappa)


def fleiss(data):
    cats = sorted({v for row in data for v in row if v is not None})
    code = {c: i for i, c in enumerate(cats)}
    units = [u for u in range(len(data[0])) if all(row[u] is not None for row in data)]
    arr = np.array([[code[row[u]] for row in data] for u in units])  # units x raters
    table, _ = aggregate_raters(arr)
    return float(fleiss_kappa(table, method='fleiss')), len(units)


def case(name, data):
    out = {'name': name, 'ratings': data, 'percent': percent(data), 'alpha': alpha_nominal(data)}
    out['cohen'] = cohen(data[0], data[1])
    out['fleiss'], out['fleiss_units'] = fleiss(data)
    return out


def random_case(name, seed, raters, units, cats, p_missing, p_agree):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, cats, units)
    data = []
    for _ in range(raters):
        row = []
        for u in range(units):
            if rng.random() < p_missing:
                row.append(None)
            elif rng.random() < p_agree:
                row.append(f'c{truth[u]}')
            else:
                row.append(f'c{rng.integers(0, cats)}')
        data.append(row)
    return case(name, data)


# Krippendorff (2011), section C: 4 observers, 12 units, nominal alpha = 0.743.
K = [
    ['1', '2', '3', '3', '2', '1', '4', '1', '2', None, None, None],
    ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', None, '3'],
    [None, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', None],
    ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', None],
]
textbook = case('krippendorff-2011', K)
assert abs(textbook['alpha'] - 0.743) < 0.0005, textbook['alpha']
textbook['published_alpha'] = 0.743

cases = [
    textbook,
    random_case('two coders, 3 labels, no missing', 1, 2, 60, 3, 0.0, 0.7),
    random_case('two coders, 5 labels, missing', 2, 2, 80, 5, 0.15, 0.6),
    random_case('three coders, binary, missing', 3, 3, 100, 2, 0.1, 0.8),
    random_case('five coders, 4 labels, missing', 4, 5, 120, 4, 0.2, 0.5),
    random_case('three coders, label sets as labels', 5, 3, 50, 6, 0.05, 0.9),
]

with open(os.path.join(HERE, 'coding_agreement.json'), 'w') as f:
    json.dump({'cases': cases}, f, indent=1)
print(f'wrote {len(cases)} cases')
