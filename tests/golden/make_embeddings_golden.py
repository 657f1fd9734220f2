#!/usr/bin/python3
"""Golden fixture for the offline embedder (main/embeddings/tfidf.ts, randomized-svd.ts), computed with Debian's
python3-sklearn and numpy. Run from the repository root:

    /usr/bin/python3 tests/golden/make_embeddings_golden.py

Writes tests/golden/embeddings.json with the corpora (made here from a seeded generator and a few hand-written
sentences with digits, underscores, apostrophes and accents), and for each case:
- sklearn TfidfVectorizer(sublinear_tf=True, min_df, max_features) vocabulary and dense matrix,
- numpy's exact SVD of that matrix: all singular values and the top right singular vectors (compared as a
  subspace, since signs are arbitrary),
- sklearn TruncatedSVD(algorithm='arpack') singular values for the requested rank, as a second reference.
"""

import json
import random
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

OUT = Path(__file__).with_name('embeddings.json')

HAND = [
    "I'm so sorry to hear that, it sounds really hard.",
    "That sounds really hard; how are you feeling now?",
    "Have you thought about updating your resume?",
    "It's okay to feel angry about the promotion.",
    "You were passed over for the promotion after 10 years?",
    "My café closed and I lost 10 years of work.",
    "A naïve question: did you talk to your manager?",
    "Talk to your manager about the extra_hours you put in.",
    "I lost my mom last year, I know how hard it is.",
    "How are you feeling about your mom's diagnosis?",
    "It makes sense that you feel lost.",
    "It makes sense to feel angry and hurt.",
    "Tell me more about what happened.",
    "What happened next at work?",
    "I",
    "",
    "Ok ok ok ok sure sure.",
]

WORDS = ("sorry hard feel feeling angry hurt lost job work manager promotion resume mom dad cancer death "
         "talk listen understand sense makes happened next time family friend support help try maybe should "
         "really very so that this it you your me my we").split()


def generated(n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        k = rnd.randint(3, 12)
        # A Zipf-like choice so the spectrum decays like real text.
        out.append(' '.join(WORDS[min(int(rnd.paretovariate(0.9)) - 1, len(WORDS) - 1)] if rnd.random() < 0.6
                            else rnd.choice(WORDS) for _ in range(k)))
    return out


def case(name, texts, min_df, max_features, k):
    vec = TfidfVectorizer(sublinear_tf=True, min_df=min_df, max_features=max_features, lowercase=True)
    X = vec.fit_transform(texts).toarray()
    vocab = list(vec.get_feature_names_out())
    _, s, vt = np.linalg.svd(X, full_matrices=False)
    k = min(k, X.shape[1], X.shape[0])
    arpack = TruncatedSVD(n_components=min(k, X.shape[1] - 1), algorithm='arpack', random_state=0).fit(X).singular_values_
    return {
        'name': name, 'texts': texts, 'minDf': min_df, 'maxFeatures': max_features, 'k': k,
        'vocabulary': vocab, 'idf': vec.idf_.tolist(), 'matrix': X.tolist(),
        'singularValues': s.tolist(), 'topComponents': vt[:k].tolist(), 'arpackSingularValues': arpack.tolist(),
    }


def untied_cap(texts, min_df, near):
    """A max_features value where the corpus counts at the cut differ: sklearn breaks ties there with numpy's
    unstable argsort (the workbench breaks them alphabetically), so the fixture avoids them."""
    from sklearn.feature_extraction.text import CountVectorizer
    X = CountVectorizer(min_df=min_df).fit_transform(texts)
    totals = sorted(np.asarray(X.sum(axis=0)).ravel().tolist(), reverse=True)
    for cap in range(near, len(totals)):
        if totals[cap - 1] != totals[cap]:
            return cap
    raise SystemExit('no untied cap')


CAPPED = HAND + generated(20, 7)
cases = [
    case('hand', HAND, 2, None, 8),
    case('hand-capped', CAPPED, 1, untied_cap(CAPPED, 1, 12), 6),
    case('generated', generated(400, 1), 2, None, 20),
]
OUT.write_text(json.dumps({'cases': cases}, indent=None))
print(f'wrote {OUT} ({OUT.stat().st_size} bytes)')
