"""Reference values of RegionTag's training losses, written independently of the Java code.

Reads a JSON case file and writes the loss values and their gradients as JSON. The asymmetric
loss follows the formulation of ASL's published code (Ridnik et al., ICCV 2021): a shifted
probability for negatives, eps-clamped logarithms, a focusing weight with gradient. The
contrastive loss is written with explicit Python loops over anchors and index sets, so that it
shares nothing with the vectorised Java version but the definition.

Usage: /usr/bin/python3 loss_reference.py CASES.json RESULTS.json
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def asymmetric_loss(logits, targets, gamma_neg, gamma_pos, clip, eps=1e-8):
    """Mean ASL over cells whose target is +1 or -1; targets of 0 are ignored."""
    y = (targets == 1).double()
    known = (targets != 0).double()
    xs_pos = torch.sigmoid(logits)
    xs_neg = 1 - xs_pos
    if clip > 0:
        xs_neg = (xs_neg + clip).clamp(max=1)
    loss = y * torch.log(xs_pos.clamp(min=eps)) + (1 - y) * torch.log(xs_neg.clamp(min=eps))
    pt = xs_pos * y + xs_neg * (1 - y)
    gamma = gamma_pos * y + gamma_neg * (1 - y)
    loss = loss * torch.pow(1 - pt, gamma)
    return -(loss * known).sum() / known.sum().clamp(min=1)


def supcon_term(anchor, samples, positives, candidates, temperature):
    """-1/|P| sum over p in P of log(exp(a.z_p/t) / sum over s in A of exp(a.z_s/t))."""
    denominator = torch.logsumexp(torch.stack([anchor @ samples[s] / temperature for s in candidates]), 0)
    terms = [anchor @ samples[p] / temperature - denominator for p in positives]
    return -sum(terms) / len(positives)


def contrastive_loss(prompts, batch, batch_categories, batch_labels, queue, queue_categories, queue_labels,
                     temperature, region_weight):
    anchors = prompts / prompts.norm(dim=1, keepdim=True)
    normalised = batch / batch.norm(dim=1, keepdim=True)
    samples = torch.cat([normalised, queue]) if len(queue) else normalised
    categories = list(batch_categories) + list(queue_categories)
    labels = list(batch_labels) + list(queue_labels)
    count = len(categories)

    text_terms = []
    for c in range(len(anchors)):
        positives = [s for s in range(count) if categories[s] == c and labels[s] == 1]
        candidates = [s for s in range(count) if labels[s] == 1 or categories[s] == c]
        if positives:
            text_terms.append(supcon_term(anchors[c], samples, positives, candidates, temperature))
    text = sum(text_terms) / len(text_terms) if text_terms else torch.zeros(())

    region_terms = []
    for a in range(len(batch_categories)):
        if batch_labels[a] != 1:
            continue
        positives = [s for s in range(count) if s != a and categories[s] == batch_categories[a] and labels[s] == 1]
        candidates = [s for s in range(count) if s != a and (labels[s] == 1 or categories[s] == batch_categories[a])]
        if positives:
            region_terms.append(supcon_term(samples[a], samples, positives, candidates, temperature))
    region = sum(region_terms) / len(region_terms) if region_terms else torch.zeros(())
    return text, region, text + region_weight * region


def run_asl(case):
    logits = torch.tensor(case["logits"], requires_grad=True)
    targets = torch.tensor(case["targets"])
    loss = asymmetric_loss(logits, targets, case["gammaNeg"], case["gammaPos"], case["clip"])
    loss.backward()
    return {"loss": loss.item(), "gradLogits": logits.grad.flatten().tolist()}


def run_contrastive(case):
    prompts = torch.tensor(case["prompts"], requires_grad=True)
    batch = torch.tensor(case["features"], requires_grad=True)
    queue = torch.tensor(case["queueFeatures"]) if case["queueFeatures"] else torch.zeros((0, prompts.shape[1]))
    text, region, total = contrastive_loss(prompts, batch, case["categories"], case["labels"], queue,
                                           case["queueCategories"], case["queueLabels"], case["temperature"],
                                           case["regionWeight"])
    total.backward()
    return {"text": float(text), "region": float(region), "loss": total.item(),
            "gradPrompts": prompts.grad.flatten().tolist(), "gradFeatures": batch.grad.flatten().tolist()}


def main():
    with open(sys.argv[1]) as handle:
        cases = json.load(handle)
    results = []
    for case in cases:
        runner = {"asl": run_asl, "contrastive": run_contrastive}[case["kind"]]
        result = runner(case)
        if not all(math.isfinite(value) for value in [result["loss"]]):
            raise SystemExit("non-finite reference loss in case " + case["kind"])
        results.append(result)
    with open(sys.argv[2], "w") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main()
