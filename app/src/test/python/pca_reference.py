"""Reference PCA for PcaTest: scores on the leading principal components by SVD (numpy), with the
sign of each component fixed so that its largest score is positive, as Pca.java does.

Usage: pca_reference.py CASES.json RESULTS.json
CASES: {"points": [[...], ...], "components": k}
RESULTS: {"scores": [[...], ...], "variances": [...], "total_variance": v}
"""
import json
import sys

import numpy as np


def main(cases_path, results_path):
    with open(cases_path) as cases_file:
        cases = json.load(cases_file)
    points = np.asarray(cases["points"], dtype=np.float64)
    k = cases["components"]
    n = points.shape[0]
    centred = points - points.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    scores = u[:, :k] * s[:k]
    for component in range(k):
        largest = np.argmax(np.abs(scores[:, component]))
        if scores[largest, component] < 0:
            scores[:, component] = -scores[:, component]
    result = {
        "scores": scores.tolist(),
        "variances": (s[:k] ** 2 / n).tolist(),
        "total_variance": float((centred ** 2).sum() / n),
    }
    with open(results_path, "w") as results_file:
        json.dump(result, results_file)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
