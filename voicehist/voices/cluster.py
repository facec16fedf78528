"""Grouping clips into voices: average-linkage agglomerative clustering on cosine similarity.

Two groups join while the average similarity between their clips is at least the threshold; what is left are
the voices. The threshold was chosen on the tuning half of ``bench/voices.py`` (see :data:`THRESHOLD` and the
README) and checked on the other half. scipy's linkage: a household's few thousand clips cluster in about a second;
beyond :data:`BATCH` clips the rest join the nearest voice or form new ones batch by batch (voicehist.voices).
"""

from __future__ import annotations

import numpy as np

BATCH = 3000  # clips clustered at once (memory grows with the square)
MERGE = 0.775  # centre similarity at which two groups are one voice (chosen on the bench)
THRESHOLD = 0.75  # average cosine similarity at which two groups of clips are one voice (chosen on the bench)


def unit(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n > 0, n, 1)


def agglomerate(embeddings: np.ndarray, threshold: float = THRESHOLD, merge: float = MERGE) -> list[int]:
    """A group number (0, 1, ...) for each row of ``embeddings``; the biggest group gets 0.

    Two stages: average linkage joins clips while the average similarity between two groups is at least
    ``threshold``; then groups whose centres (mean embeddings) are at least ``merge`` alike join, most alike
    first. A centre averages away the noise of short clips, so the second stage re-joins one person's clips that
    the first left in two groups (a cold, another room) without joining two people."""
    n = len(embeddings)
    if n == 0:
        return []
    x = unit(embeddings).astype(np.float64)
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    dist = np.clip(pdist(x, metric="cosine"), 0.0, 2.0)
    raw = fcluster(linkage(dist, method="average"), t=1.0 - threshold, criterion="distance")
    groups: list[list[int]] = [np.flatnonzero(raw == g).tolist() for g in np.unique(raw)]
    sums = np.stack([x[g].sum(axis=0) for g in groups])
    cent = unit(sums).astype(np.float64)
    sim = cent @ cent.T
    np.fill_diagonal(sim, -np.inf)
    alive = np.ones(len(groups), dtype=bool)
    while alive.sum() > 1:
        k = int(np.argmax(sim))
        i, j = divmod(k, len(groups))
        if sim[i, j] < merge:
            break
        groups[i].extend(groups[j])
        groups[j] = []
        sums[i] += sums[j]
        alive[j] = False
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        c = unit(sums[i]).astype(np.float64)
        row = unit(sums).astype(np.float64) @ c
        row[~alive] = -np.inf
        row[i] = -np.inf
        sim[i, :] = row
        sim[:, i] = row
    groups = [g for g in groups if g]
    groups.sort(key=lambda g: (-len(g), min(g)))
    labels = [0] * n
    for label, g in enumerate(groups):
        for i in g:
            labels[i] = label
    return labels


def centroids(embeddings: np.ndarray, labels: list[int]) -> dict[int, np.ndarray]:
    x = unit(embeddings)
    lab = np.asarray(labels)
    return {int(g): unit(x[lab == g].mean(axis=0)) for g in sorted(set(labels))}


def confidence(similarity_own: float, similarity_next: float | None) -> float:
    """How sure voicehist is that a clip belongs to its voice, 0..1: its similarity to the voice's centre,
    lowered by how close the next-nearest voice comes (a clip between two voices is a coin toss)."""
    own = max(0.0, min(1.0, similarity_own))
    if similarity_next is None:
        return round(own, 3)
    margin = max(0.0, own - max(0.0, similarity_next))
    return round(min(own, 0.5 + margin * 2.5), 3)
