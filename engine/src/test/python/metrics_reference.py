"""Reference mAP, CF1 and OF1 in numpy, written independently of the Java code.

Average precision is computed as scikit-learn defines average_precision_score: the precision-recall
curve at every distinct score (ties form one threshold), AP = sum over thresholds of
(R_n - R_{n-1}) * P_n. Cells whose truth is 0 are left out; categories without a positive are
left out of every mean and pooled count. Predictions are p >= 0.5.

Usage: /usr/bin/python3 metrics_reference.py CASES.json RESULTS.json
"""
import json
import sys

import numpy as np


def average_precision(scores, positive):
    thresholds = np.unique(scores)[::-1]
    total_positive = positive.sum()
    precisions, recalls = [], []
    for threshold in thresholds:
        selected = scores >= threshold
        true_positive = np.logical_and(selected, positive).sum()
        precisions.append(true_positive / selected.sum())
        recalls.append(true_positive / total_positive)
    recalls = np.array([0.0] + recalls)
    return float(np.sum(np.diff(recalls) * np.array(precisions)))


def evaluate(probabilities, truth):
    probabilities = np.asarray(probabilities, dtype=np.float64)
    truth = np.asarray(truth)
    aps, precisions, recalls = [], [], []
    per_category = []
    pooled_tp = pooled_predicted = pooled_positive = 0
    for c in range(truth.shape[1]):
        known = truth[:, c] != 0
        scores = probabilities[known, c]
        positive = truth[known, c] == 1
        if positive.sum() == 0:
            per_category.append(None)
            continue
        ap = average_precision(scores, positive)
        per_category.append(100 * ap)
        aps.append(ap)
        predicted = scores >= 0.5
        tp = np.logical_and(predicted, positive).sum()
        precisions.append(tp / predicted.sum() if predicted.sum() else 0.0)
        recalls.append(tp / positive.sum())
        pooled_tp += tp
        pooled_predicted += predicted.sum()
        pooled_positive += positive.sum()

    def f1(p, r):
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    cp, cr = float(np.mean(precisions)), float(np.mean(recalls))
    op = pooled_tp / pooled_predicted if pooled_predicted else 0.0
    orr = pooled_tp / pooled_positive
    return {"mAP": 100 * float(np.mean(aps)), "ap": per_category, "CP": 100 * cp, "CR": 100 * cr,
            "CF1": 100 * f1(cp, cr), "OP": 100 * float(op), "OR": 100 * float(orr), "OF1": 100 * f1(op, orr)}


def main():
    with open(sys.argv[1]) as handle:
        cases = json.load(handle)
    results = [evaluate(case["probabilities"], case["truth"]) for case in cases]
    with open(sys.argv[2], "w") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main()
