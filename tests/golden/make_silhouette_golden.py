#!/usr/bin/python3
"""Golden fixtures for the clustering metrics of the themes work (main/analysis/silhouette.ts,
clustering-agreement.ts, kmeans.ts), computed with Debian's python3-sklearn.

Run from the repository root (deterministic; seeds below):

    /usr/bin/python3 tests/golden/make_silhouette_golden.py

Writes
- silhouette.json: cases {name, n, d, clusters, x, labels, score, samples_head}. x is the float32 matrix (n × d,
  row-major) as base64 of its little-endian bytes, so the test decodes exactly the bits sklearn saw. sklearn gets the
  float32 values upcast to float64 (its cosine_distances would otherwise work in float32 and be good to only ~1e-7).
  score = silhouette_score(X, labels, metric="cosine"); samples_head = silhouette_samples(...)[:50].
- clustering_agreement.json: cases {name, a, b, nmi, purity_b_in_a, contingency}: nmi =
  normalized_mutual_info_score(a, b) (arithmetic mean normalisation, sklearn's default), purity of the clusters b
  against the classes a = sum over clusters of the largest class count / n, from contingency_matrix(a, b).
- clustering_kmeans.json: a well-separated fixture {n, d, k, x (base64 float32), labels, inertia} from
  sklearn KMeans(n_clusters=k, n_init=10, random_state=0) (Euclidean Lloyd; inertia = sum of squared distances
  to the nearest centre).
"""

import base64
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score, silhouette_samples, silhouette_score
from sklearn.metrics.cluster import contingency_matrix

HERE = Path(__file__).resolve().parent
VERSIONS = {"python": sys.version.split()[0], "numpy": np.__version__, "sklearn": sklearn.__version__}


def b64(x32):
    assert x32.dtype == np.float32
    return base64.b64encode(np.ascontiguousarray(x32).astype("<f4").tobytes()).decode("ascii")


def write(name, payload):
    payload = {"generated_by": "tests/golden/make_silhouette_golden.py", "versions": VERSIONS, **payload}
    (HERE / name).write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
    print("wrote", name)


def clustered_unit(rng, n, d, m, spread):
    """n unit float32 rows around m random unit centres; returns rows and their generating cluster."""
    centres = rng.normal(size=(m, d))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = rng.integers(0, m, size=n)
    x = centres[truth] + spread * rng.normal(size=(n, d)) / np.sqrt(d)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), truth


def silhouette_case(name, x32, labels, clusters):
    x64 = x32.astype(np.float64)
    score = float(silhouette_score(x64, labels, metric="cosine"))
    samples = silhouette_samples(x64, labels, metric="cosine")
    n, d = x32.shape
    print(f"  {name}: n={n} d={d} labels present={len(np.unique(labels))} of {clusters}, score={score:.6f}")
    return {"name": name, "n": n, "d": d, "clusters": clusters, "x": b64(x32), "labels": labels.tolist(),
            "score": score, "samples_head": samples[:50].tolist()}


def make_silhouette():
    rng = np.random.default_rng(8_2026)
    cases = []

    x, truth = clustered_unit(rng, 600, 16, 2, 1.2)
    cases.append(silhouette_case("n600 d16 M2", x, truth.astype(np.int64), 2))

    # M = 5 over label ids {0, 1, 2, 4, 5}: id 3 is empty; 15% of labels reassigned at random (negative s(i) occur)
    x, truth = clustered_unit(rng, 1200, 32, 5, 1.0)
    labels = truth.copy()
    flip = rng.random(1200) < 0.15
    labels[flip] = rng.integers(0, 5, size=flip.sum())
    labels = np.array([0, 1, 2, 4, 5])[labels]
    cases.append(silhouette_case("n1200 d32 M5, empty id 3, noisy", x, labels, 6))

    # M = 16 with a singleton cluster (id 15) and an empty id (7 of 0..16)
    x, truth = clustered_unit(rng, 1500, 48, 15, 1.5)
    labels = np.where(truth >= 7, truth + 1, truth)  # ids 0..6, 8..15
    labels[0] = 16  # a singleton: s = 0 there
    cases.append(silhouette_case("n1500 d48 M16, singleton 16, empty id 7", x, labels, 17))

    # rows that are not unit length, one all-zero row (sklearn's normalize leaves it zero: distance 1 to all)
    x = (rng.normal(size=(60, 8)) * rng.uniform(0.2, 5.0, size=(60, 1))).astype(np.float32)
    x[5] = 0
    labels = rng.integers(0, 3, size=60)
    cases.append(silhouette_case("n60 d8 M3, non-unit rows and a zero row", x, labels, 3))

    write("silhouette.json", {"cases": cases})


def agreement_case(name, a, b):
    a = np.asarray(a)
    b = np.asarray(b)
    cont = contingency_matrix(a, b)
    return {"name": name, "a": a.tolist(), "b": b.tolist(), "nmi": float(normalized_mutual_info_score(a, b)),
            "purity_b_in_a": float(cont.max(axis=0).sum() / len(a)), "contingency": cont.tolist()}


def make_agreement():
    rng = np.random.default_rng(12_2026)
    cases = []
    truth = rng.integers(0, 6, size=800)
    noisy = np.where(rng.random(800) < 0.3, rng.integers(0, 9, size=800), truth + 3)
    cases.append(agreement_case("800 items, 6 classes vs 9 clusters, 30% noise", truth, noisy))
    cases.append(agreement_case("independent labels", rng.integers(0, 4, size=500), rng.integers(0, 7, size=500)))
    perm = np.array([2, 0, 1])[truth % 3]
    cases.append(agreement_case("same partition, relabelled", truth % 3, perm))
    cases.append(agreement_case("one cluster vs several", [0, 1, 2, 1, 0, 2], [5, 5, 5, 5, 5, 5]))
    cases.append(agreement_case("both one cluster", [3, 3, 3], [1, 1, 1]))
    cases.append(agreement_case("sparse ids and skewed sizes", [0] * 40 + [7] * 5 + [100] * 2,
                                [1] * 30 + [2] * 12 + [3] * 3 + [1] * 2))
    write("clustering_agreement.json", {"cases": cases})


def make_kmeans():
    rng = np.random.default_rng(3_2026)
    x, truth = clustered_unit(rng, 600, 16, 5, 0.25)
    km = KMeans(n_clusters=5, n_init=10, random_state=0).fit(x.astype(np.float64))
    nmi = normalized_mutual_info_score(truth, km.labels_)
    assert nmi == 1.0, f"fixture must be well separated (sklearn's NMI to the truth is {nmi})"
    write("clustering_kmeans.json", {"n": 600, "d": 16, "k": 5, "x": b64(x), "truth": truth.tolist(),
                                     "labels": km.labels_.tolist(), "inertia": float(km.inertia_)})


if __name__ == "__main__":
    make_silhouette()
    make_agreement()
    make_kmeans()
