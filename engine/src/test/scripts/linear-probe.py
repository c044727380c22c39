#!/usr/bin/env python3
"""Fits a logistic-regression probe per category on a project's cached global embeddings.

Usage: python3 engine/src/test/scripts/linear-probe.py PROJECT_DIR

Reads the project's SQLite file and its feature cache (the RTFC float16 files), trains one
L2-regularised logistic regression per category on the training images with their complete
labels, and prints the test split's mAP. It is an independent check of how much the frozen
features allow, written with NumPy only (Debian: python3-numpy); the product never runs it.
"""
import json
import os
import sqlite3
import sys

import numpy as np

HEADER_BYTES = 32


def read_entry(path, embed_dim):
    with open(path, "rb") as entry:
        payload = np.frombuffer(entry.read()[HEADER_BYTES:], dtype="<f2").astype(np.float64)
    return payload[:embed_dim]


def average_precision(scores, positive):
    order = np.argsort(-scores, kind="stable")
    hits = positive[order]
    if hits.sum() == 0:
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def fit_logistic(features, targets, l2=1e-3, steps=300, rate=0.5):
    design = np.hstack([features, np.ones((len(features), 1))])
    weights = np.zeros(design.shape[1])
    for _ in range(steps):
        probability = 1 / (1 + np.exp(-design @ weights))
        weights -= rate * (design.T @ (probability - targets) / len(targets) + l2 * weights)
    return weights


def main(project):
    database = sqlite3.connect(os.path.join(project, "project.sqlite"))
    categories = [row[0] for row in database.execute("SELECT id FROM category ORDER BY id")]
    images = list(database.execute("SELECT id, sha256, split FROM image ORDER BY id"))
    labels = {(image, category): state for image, category, state
              in database.execute("SELECT image_id, category_id, state FROM complete_label")}
    caches = [name for name in os.listdir(os.path.join(project, "features"))
              if os.path.isdir(os.path.join(project, "features", name))]
    if len(caches) != 1:
        sys.exit(f"linear-probe: expected one feature cache in {project}/features, found {len(caches)}")
    cache = os.path.join(project, "features", caches[0])
    with open(os.path.join(cache, "manifest.json")) as manifest:
        embed_dim = json.load(manifest)["global_shape"][0]

    features, targets, splits = [], [], []
    for image, sha256, split in images:
        features.append(read_entry(os.path.join(cache, sha256[:2], sha256 + ".f16"), embed_dim))
        targets.append([labels.get((image, category)) == "positive" for category in categories])
        splits.append(split)
    features = np.array(features)
    features /= np.linalg.norm(features, axis=1, keepdims=True)
    targets = np.array(targets, dtype=np.float64)
    train = np.array(splits) == "train"
    test = ~train

    mean, spread = features[train].mean(0), features[train].std(0) + 1e-6
    standardised = (features - mean) / spread
    precisions = []
    for column in range(len(categories)):
        weights = fit_logistic(standardised[train], targets[train, column])
        scores = np.hstack([standardised[test], np.ones((test.sum(), 1))]) @ weights
        precisions.append(average_precision(scores, targets[test, column]))
    print(f"linear probe on global embeddings: {train.sum()} training images, {test.sum()} test images, "
          f"test mAP {100 * np.mean(precisions):.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: linear-probe.py PROJECT_DIR")
    main(sys.argv[1])
