#!/usr/bin/env python3
"""An experiment, not part of the product or its tests (issue 23, docs/claims.md): would a
statistical model of the labelled copy find claims in copy nobody tuned on better than the
catalog's rules do?

Trains one logistic regression per claim of the shipped catalog (TF-IDF of words, pairs of words
and, unless --words-only, character 3-5-grams) on the labelled sets numbered below the first
held-out one, chooses its two thresholds by 5-fold cross-validation on those sets alone (the
best F1 at a precision of at least --precision, else the most precise), then scores the
held-out sets once, the model alone and the model joined with the rules (a rule's finding kept
unless the model finds it unlikely; a claim added where the model is sure), beside the rules
alone (`vendor-readiness claims test`). With --leave-one-out, each set from 5 on is scored by a
model trained on all the others, at fixed thresholds, and the sets from 9 on are summed. Needs
scikit-learn (installed into a scratch folder if absent) and a built server:
  python3 scripts/claims-model.py [--server PATH] [--held-out 16] [--precision 0.9]
                                  [--words-only] [--leave-one-out]
"""
import argparse, os, re, subprocess, sys, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "readiness", "tests")
LIB = "/tmp/claims-model-pylib"

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--server", default=os.path.join(ROOT, "target", "release", "vendor-readiness"))
ARGS.add_argument("--held-out", type=int, nargs="+", default=[16], help="set numbers (2 or more) scored once")
ARGS.add_argument("--precision", type=float, default=0.9, help="the cross-validated precision floor")
ARGS.add_argument("--words-only", action="store_true", help="no character n-grams")
ARGS.add_argument("--leave-one-out", action="store_true", help="score every set from 5 by the others")
OPTIONS = ARGS.parse_args()
if min(OPTIONS.held_out) < 2:
    ARGS.error("--held-out: set 1 is the set the concepts were written against; hold out 2 or more")

# scikit-learn from the system, else from a scratch folder (installed there once).
sys.path.insert(0, LIB)
try:
    import sklearn  # noqa: F401
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", LIB, "scikit-learn"], check=True)
import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

SERVER = OPTIONS.server
FAMILIES = os.path.join(TESTS, "claims_families.toml")
FAMILY = tomllib.load(open(FAMILIES, "rb"))["families"]
CLAIMS = sorted({c for claims in FAMILY.values() for c in claims})
TUNING = ["claims_corpus.toml"] + [f"claims_corpus_{n}.toml" for n in range(2, min(OPTIONS.held_out))]
HELD_OUT = [f"claims_corpus_{n}.toml" for n in OPTIONS.held_out]


def labelled(name):
    """(text, the claims it makes) per sentence; a denied claim is not made."""
    out = []
    for s in tomllib.load(open(os.path.join(TESTS, name), "rb")).get("sentence", []):
        made = set()
        if not s.get("negated", False):
            for c in s.get("claims", []):
                made |= set(FAMILY.get(c, [c]))
        out.append((s["text"], made))
    return out


def rules(name, data):
    """The claims the rules find in each sentence, read off `claims test`'s misses and false alarms."""
    path = os.path.join(TESTS, name)
    catalog = os.path.join(ROOT, "catalog", "vendor-catalog.toml")
    command = [SERVER, "claims", "test", "--catalog", catalog, FAMILIES, path]
    text = subprocess.run(command, capture_output=True, text=True).stdout
    missed, alarms, current = {}, {}, None
    for line in text.splitlines():
        if m := re.match(r'^\S+: "(.*)"$', line):
            current = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        elif m := re.match(r"^\s+missed: (.*)$", line):
            missed[current] = set(m.group(1).split("; "))
        elif m := re.match(r"^\s+false alarm: (.*)$", line):
            alarms[current] = set(m.group(1).split("; "))
    return [(made - missed.get(t, set())) | alarms.get(t, set()) for t, made in data]


def fit(texts, made):
    vectorizers = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)]
    if not OPTIONS.words_only:
        vectorizers.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))
    x = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    models = {}
    for c in CLAIMS:
        y = np.array([c in m for m in made])
        models[c] = LogisticRegression(C=10, class_weight="balanced", max_iter=3000).fit(x, y)

    def chance(batch):
        xb = hstack([v.transform(batch) for v in vectorizers]).tocsr()
        return {c: models[c].predict_proba(xb)[:, 1] for c in CLAIMS}

    return chance


def picked(chances, found_by_rules, add, keep):
    """Per sentence: the model's claims (chance >= add) and the rules' it does not doubt (>= keep)."""
    n = len(found_by_rules)
    return [{c for c in CLAIMS if chances[c][i] >= add or (c in found_by_rules[i] and chances[c][i] >= keep)} for i in range(n)]


def score(made, found):
    right = sum(len(f & m) for f, m in zip(found, made))
    total, findings = sum(map(len, made)), sum(map(len, found))
    return right / total, (right / findings if findings else 0.0)


def main():
    sets = {name: labelled(name) for name in TUNING + HELD_OUT}
    by_rules = {name: rules(name, data) for name, data in sets.items()}
    tuning = [(t, m, r) for name in TUNING for (t, m), r in zip(sets[name], by_rules[name])]
    # Thresholds from cross-validation on the tuning sets alone: the best F1 at the precision floor.
    folds, chances = KFold(5, shuffle=True, random_state=7), {c: np.zeros(len(tuning)) for c in CLAIMS}
    for train, test in folds.split(tuning):
        chance = fit([tuning[i][0] for i in train], [tuning[i][1] for i in train])([tuning[i][0] for i in test])
        for c in CLAIMS:
            chances[c][test] = chance[c]
    made, ruled = [m for _, m, _ in tuning], [r for _, _, r in tuning]
    none = [set()] * len(tuning)
    best = {}
    for kind, base in (("model alone", none), ("model and rules", ruled)):
        grid = [(a, k) for a in np.arange(0.3, 0.96, 0.05) for k in ((1.1,) if kind == "model alone" else np.arange(0.0, 0.55, 0.05))]
        scored = [(score(made, picked(chances, base, a, k)), a, k) for a, k in grid]
        ok = [s for s in scored if s[0][1] >= OPTIONS.precision]
        if ok:
            best[kind] = max(ok, key=lambda s: 2 * s[0][0] * s[0][1] / (s[0][0] + s[0][1] or 1))
        else:
            best[kind] = max(scored, key=lambda s: (s[0][1], s[0][0]))
            print(f"{kind}: no thresholds reach precision {OPTIONS.precision} in cross-validation; the most precise taken")
        (r, p), a, k = best[kind]
        print(f"{kind}: thresholds add {a:.2f} keep {k:.2f}, cross-validated on tuning: recall {r:.2f} precision {p:.2f}")
    chance = fit([t for t, _, _ in tuning], made)
    print("held out (never trained or tuned on), recall / precision:")
    for name in HELD_OUT:
        texts, held = [t for t, _ in sets[name]], [m for _, m in sets[name]]
        c = chance(texts)
        line = [f"rules {'%.2f / %.2f' % score(held, by_rules[name])}"]
        for kind, base in (("model alone", [set()] * len(texts)), ("model and rules", by_rules[name])):
            _, a, k = best[kind]
            line.append(f"{kind} {'%.2f / %.2f' % score(held, picked(c, base, a, k))}")
        print(f"  {name}: " + ", ".join(line))


def leave_one_out():
    """Each set from 5 scored by a model trained on all the others, at thresholds fixed
    beforehand; the sets from 9 on summed, for the rules, the model and their joins."""
    names = ["claims_corpus.toml"] + [f"claims_corpus_{n}.toml" for n in range(2, 100)]
    names = [n for n in names if os.path.exists(os.path.join(TESTS, n))]
    sets = {name: labelled(name) for name in names}
    by_rules = {name: rules(name, data) for name, data in sets.items()}
    mixes = {"rules alone": (1.1, 0.0), "model alone, over 0.85": (0.85, 1.1)}
    mixes.update({f"rules kept over {k}, added over {a}": (a, k) for a, k in ((0.9, 0.15), (0.9, 0.5), (0.8, 0.5), (0.95, 0.5))})
    sums = {mix: [0, 0, 0] for mix in mixes}
    for name in names[4:]:
        train = [(t, m) for other in names if other != name for t, m in sets[other]]
        texts, made = [t for t, _ in sets[name]], [m for _, m in sets[name]]
        chances = fit([t for t, _ in train], [m for _, m in train])(texts)
        line = []
        for mix, (add, keep) in mixes.items():
            found = picked(chances, by_rules[name], add, keep)
            line.append(f"{mix} {'%.2f / %.2f' % score(made, found)}")
            if int(re.sub(r"\D", "", name) or 1) >= 9:
                sums[mix][0] += sum(len(f & m) for f, m in zip(found, made))
                sums[mix][1] += sum(map(len, made))
                sums[mix][2] += sum(map(len, found))
        print(f"  {name}: " + "; ".join(line))
    print("sets 9 on, together, recall / precision:")
    for mix, (right, total, findings) in sums.items():
        print(f"  {mix}: {right / total:.2f} / {right / findings:.2f}")


leave_one_out() if OPTIONS.leave_one_out else main()
