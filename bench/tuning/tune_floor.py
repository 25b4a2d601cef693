"""Learned relevance-floor decisions, checked leave-one-set-out on the tuning halves
(`python -m bench.tuning.tune SET... --data-dir DIR --stage floor-loso`).

The product's floor (search._floor) answers a question when its best judged
document reaches `cosine + 0.03 * coverage >= threshold`. Here that is compared
with decisions that add question-level evidence, every feature computed from what
the caller may see (the set's own corpus stands for the visible documents; document
frequencies count its passages only):

- `gap10`, `gap50`: the best cosine of the judged head less its 10th / last;
- `coverage_max`, `coverage_top`: the share of the query's terms in the best lexical
  passages of any judged document / of the document with the best cosine;
  `idf_coverage_top`: the same share weighted by idf over the visible passages;
- `terms`: the number of query terms; `absent`: the share of them that occur in no
  visible passage; `agree`: the lexical leg's first document is in the dense top 5;
- `spread`: the standard deviation of the query's cosines over every visible passage
  (bench.tuning.tune.spread; the product's floor subtracts 2 × it since 6 December).

Each decision is fitted on four sets' tuning halves and scored on the fifth:
its threshold is the highest that keeps an answer for `keep` of every training
set's on-topic questions (as bench.tuning.tune.calibrate), then the held-back set's
on-topic keep and off-topic rate are counted. "same keep" sets the threshold on
the held-back set's own on-topic questions instead, so every decision is compared
at the same on-topic keep. Decisions: the product's form (its coverage weight
chosen on the four sets), the product's confidence plus one feature with a weight
chosen from a small grid on the four sets, and logistic regression (scikit-learn,
balanced classes) over the product's confidence and several features.

Measured on 5 December (docs/history/searching-rounds.md, "Relevance floor"): only the legs'
agreement answered fewer off-topic questions than the product's form at the same
on-topic keep, with a weight of the wrong sign that logistic regression reverses;
most other features' weights changed sign between folds, so the floor is unchanged.
"""
from __future__ import annotations

import itertools
import math
from typing import Callable

import numpy as np

from search._floor import coverage
from search._fusion import Fusion

WEIGHTS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.06)  # the product's coverage weights (bench.tuning.tune.calibrate)
FEATURES = ("gap10", "gap50", "coverage_max", "coverage_top", "idf_coverage_top", "terms", "absent", "agree",
            "spread")
# A step of the grid per feature: one step moves the confidence by about a tenth of
# the on-topic / off-topic difference of that feature's mean.
STEP = {"gap10": 0.5, "gap50": 0.5, "terms": 0.002, "spread": 1.0}
GRID = (-4, -3, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3, 4)
Question = tuple[bool, dict]   # (off-topic?, features)
Score = Callable[[dict], float]


def question_features(p, lexical: list, chunk_terms: list[list[str]], query_terms: list[list[str]],
                      fusion: Fusion, judged: int = 50) -> list[Question]:
    """Per question of one prepared set (bench.tuning.tune.Prepared): its features, from the
    hybrid ranking's judged head as search._floor.judge reads it."""
    frequency: dict[str, int] = {}
    for terms in chunk_terms:
        for term in set(terms):
            frequency[term] = frequency.get(term, 0) + 1
    passages = len(chunk_terms)
    from bench.tuning.tune import judged_head, spread  # bench.tuning.tune imports this module

    out = []
    for i, (query, lex, dense, terms) in enumerate(zip(p.queries, lexical, p.dense, query_terms)):
        head = judged_head(p, i, lex, dense, fusion, judged)  # ranked as the product ranks
        dense_docs, lex_docs, cosines = head.dense, head.lexical, head.cosines()
        idf = {t: math.log((passages + 1) / (frequency.get(t, 0) + 0.5)) for t in terms}
        covered, idf_covered = [], []
        for doc in head.documents:
            bodies = head.bodies(p, doc.document_pk)
            covered.append(coverage(terms, bodies))
            present = {t for body in bodies for t in body.split()}
            idf_covered.append(sum(idf[t] for t in terms if t in present) / sum(idf.values()) if terms else 0.0)
        ranked = sorted(cosines, reverse=True)
        top = int(np.argmax(cosines))
        features = {f"confidence_{w}": max(c + w * v for c, v in zip(cosines, covered)) for w in WEIGHTS}
        features.update(
            gap10=ranked[0] - ranked[min(9, len(ranked) - 1)], gap50=ranked[0] - ranked[-1],
            coverage_max=max(covered), coverage_top=covered[top], idf_coverage_top=idf_covered[top],
            terms=float(len(terms)), spread=spread(p, i),
            absent=sum(1 for t in terms if t not in frequency) / len(terms) if terms else 0.0,
            agree=float(bool(lex_docs) and lex_docs[0].document_pk in {d.document_pk for d in dense_docs[:5]}))
        out.append((bool(query.get("offtopic")), features))
    return out


def threshold(sets: list[list[Question]], score: Score, keep: float) -> float:
    """The highest threshold that keeps an answer for `keep` of every set's on-topic questions."""
    return min(float(np.quantile([score(f) for off, f in questions if not off], 1 - keep)) for questions in sets)


def answered(sets: list[list[Question]], score: Score, keep: float) -> float:
    """The share of the sets' off-topic questions answered at the calibrated threshold."""
    line = threshold(sets, score, keep)
    return float(np.mean([score(f) >= line for questions in sets for off, f in questions if off]))


def product_form(train: list[list[Question]], keep: float) -> tuple[Score, str]:
    """The product's floor: the coverage weight that answers the fewest off-topic training questions."""
    weight = min(WEIGHTS, key=lambda w: answered(train, lambda f: f[f"confidence_{w}"], keep))
    return (lambda f: f[f"confidence_{weight}"]), f"coverage weight {weight}"


def fixed(spread_weight: float) -> Callable:
    """The product's confidence (coverage weight 0.03) plus `spread_weight` × spread, both
    weights fixed; only the threshold is fitted on the training sets."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        return (lambda f: f["confidence_0.03"] + spread_weight * f["spread"]), f"spread weight {spread_weight:+.1f}"
    return fit


def plus_one(feature: str) -> Callable:
    """The product's confidence (weight 0.03) plus `feature` with a weight from the grid."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        def scored(weight: float) -> Score:
            return lambda f: f["confidence_0.03"] + weight * f[feature]
        weight = min((step * STEP.get(feature, 0.01) for step in GRID), key=lambda w: answered(train, scored(w), keep))
        return scored(weight), f"{feature} weight {weight:+.4f}"
    return fit


def fit_logistic(train: list[list[Question]], names: tuple[str, ...], strength: float = 1.0,
                 iterations: int = 1000) -> tuple[np.ndarray, float]:
    """Logistic regression (scikit-learn, balanced classes, standardised features) of
    on-topic against off-topic over `names`: its coefficients and intercept in the
    features' own units."""
    from sklearn.linear_model import LogisticRegression

    rows = [(off, f) for questions in train for off, f in questions]
    x = np.array([[f[n] for n in names] for _, f in rows])
    y = np.array([0 if off else 1 for off, _ in rows])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=strength, class_weight="balanced", max_iter=iterations).fit((x - mean) / scale, y)
    coefficients = model.coef_[0] / scale
    return coefficients, float(model.intercept_[0] - (coefficients * mean).sum())


def logistic(features: tuple[str, ...], strength: float = 1.0) -> Callable:
    """Logistic regression over the product's confidence and `features`, rescaled so the
    confidence's coefficient is 1 (a threshold on it is then a cosine-like number)."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        names = ("confidence_0.03",) + features
        coefficients, _ = fit_logistic(train, names, strength)
        coefficients = coefficients / coefficients[0] if coefficients[0] > 0 else coefficients
        return ((lambda f: float(sum(c * f[n] for c, n in zip(coefficients, names)))),
                " ".join(f"{n}={c:+.4f}" for n, c in zip(names, coefficients)))
    return fit


def leave_one_set_out(sets: list[list[Question]], fit: Callable, keep: float) -> dict:
    """Fit on all sets but one, score the one; per held-back set (kept, answered, answered at the same keep)."""
    folds = []
    for i, questions in enumerate(sets):
        score, _ = fit(sets[:i] + sets[i + 1:], keep)
        line = threshold(sets[:i] + sets[i + 1:], score, keep)
        own = threshold([questions], score, keep)
        on = [score(f) for off, f in questions if not off]
        off = [score(f) for o, f in questions if o]
        folds.append((float(np.mean([s >= line for s in on])), sum(s >= line for s in off),
                      sum(s >= own for s in off), len(off)))
    total = sum(n for *_, n in folds)
    return {"kept": [k for k, *_ in folds], "answered": sum(a for _, a, _, _ in folds) / total,
            "same_keep": sum(s for _, _, s, _ in folds) / total, "off_topic": total,
            "per_set": [f"{a}/{n}" for _, a, _, n in folds]}


def run(sets: list[list[Question]], names: list[str], keeps: tuple[float, ...] = (0.975, 0.95)) -> None:
    """Print the leave-one-set-out check of every decision and its constants fitted on all sets."""
    decisions: list[tuple[str, Callable]] = [("product: cosine + w * coverage", product_form),
                                             ("cosine + 0.03 * coverage (weight fixed)", fixed(0.0)),
                                             ("cosine + 0.03 * coverage - 2 * spread", fixed(-2.0))]
    decisions += [(f"product + {feature}", plus_one(feature)) for feature in FEATURES]
    decisions += [(f"logistic {'+'.join(chosen)}", logistic(chosen))
                  for chosen in (("absent",), ("agree",), ("coverage_top",), ("absent", "agree", "coverage_top"),
                                 FEATURES)]
    print("floor leave-one-set-out, held-back sets:", " ".join(names), flush=True)
    for keep, (label, fit) in itertools.product(keeps, decisions):
        check = leave_one_set_out(sets, fit, keep)
        _, constants = fit(sets, keep)
        line = threshold(sets, fit(sets, keep)[0], keep)
        print(f"floor-loso keep={keep:.3f} {label:55s} kept " + " ".join(f"{k:.3f}" for k in check["kept"])
              + f"  off-topic answered {check['answered']:.3f} (" + " ".join(check["per_set"]) + ")"
              + f", at the same keep {check['same_keep']:.3f}"
              + f" of {check['off_topic']} | all sets: {constants}, threshold {line:.4f}", flush=True)
