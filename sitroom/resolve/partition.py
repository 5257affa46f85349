"""Resolving a whole store in bounded memory: the candidate graph cut into its connected parts.

Reads: every stored mention once (its blocking keys only), then the mentions of one chunk at a time.
Writes: chunks of mention ids, each closed under candidate pairs and analyst merges.

The greedy merge (cluster.py) only joins two mentions that share a block or an analyst merge, and its
checks look inside the groups it joins. So a connected part of the graph "shares a block / merged by
an analyst" resolves on its own exactly as it does inside a resolve of everything: ties break by
mention id, whose order a part keeps. Any union of parts resolves to the union of their events, so
parts are packed into chunks of about ``CHUNK`` mentions (a larger part stays whole) and each chunk
is loaded, resolved and released. The first pass keeps 64-bit hashes of the keys, under two hundred
bytes per mention, whatever their quotes and claims weigh.
"""
from __future__ import annotations

from array import array
from typing import Iterable, Iterator

import numpy as np

from .cluster import _keys, _probes, area, crowded
from .overrides import stored_ids

CHUNK = 20_000  # mentions resolved at once: a few hundred MB of records at most


class KeyIndex:
    """Mention ids with the hashed keys each is filed under and probes (two flat int64 columns each)."""

    def __init__(self):
        self.ids: list[str] = []
        self.filed, self.filed_by = array("q"), array("q")
        self.probed, self.probed_by = array("q"), array("q")
        self.probed_area = array("q")  # per probe, its governorate-day block's hash (0: none)
        self.areas = array("q")  # the governorate-day keys filed, once per mention: their blocks' sizes

    def add(self, m) -> None:
        i = len(self.ids)
        self.ids.append(m.mention_id)
        for k in set(_keys(m)):
            self.filed.append(hash(k))  # a collision can only join two parts: still exact, just larger
            self.filed_by.append(i)
            if area(k) == k:
                self.areas.append(hash(k))
        for k in set(_probes(m)):
            self.probed.append(hash(k))
            self.probed_by.append(i)
            self.probed_area.append(0 if area(k) is None else hash(area(k)))

    def crowded(self) -> set[int]:
        """The governorate-days no coarse probe looks into (cluster.COARSE_CAP), for the whole index."""
        keys, counts = np.unique(np.frombuffer(self.areas, np.int64), return_counts=True)
        return crowded(dict(zip(keys.tolist(), counts.tolist())))

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(mention, key node) pairs for the keys that someone files and someone probes: every mention
        filed under or probing such a key is a candidate of another one there, so joining them all to
        the key node gives the candidate graph's parts exactly (a key only filed links nobody)."""
        filed, probed = np.frombuffer(self.filed, np.int64), np.frombuffer(self.probed, np.int64)
        looked = ~np.isin(np.frombuffer(self.probed_area, np.int64), np.fromiter(self.crowded(), np.int64))
        live = np.intersect1d(filed, probed[looked])
        keep_f, keep_p = np.isin(filed, live), looked & np.isin(probed, live)
        node = np.searchsorted(live, np.concatenate([filed[keep_f], probed[keep_p]]))
        who = np.concatenate([np.frombuffer(self.filed_by, np.int64)[keep_f],
                              np.frombuffer(self.probed_by, np.int64)[keep_p]])
        return who, len(self.ids) + node


def _merge_edges(ids: list[str], overrides: Iterable[dict]) -> tuple[list[int], list[int]]:
    """Analyst merges as edges between the first mention named and each other one (splits only keep
    mentions apart, which needs no edge)."""
    index = {mid: i for i, mid in enumerate(ids)}
    a_side, b_side = [], []
    for o in overrides:
        if o["action"] != "merge" or o.get("undone_at"):
            continue
        named = [index[x] for x in stored_ids(o["a"]) + stored_ids(o.get("b")) if x in index]
        a_side += named[:1] * (len(named) - 1)
        b_side += named[1:]
    return a_side, b_side


def parts(index: KeyIndex, overrides: Iterable[dict]) -> list[list[str]]:
    """The connected parts, each as sorted mention ids, in the order of their first mention (the index
    may hold mentions in any order)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    n = len(index.ids)
    if n == 0:
        return []
    who, node = index.edges()
    ma, mb = _merge_edges(index.ids, overrides)
    rows = np.concatenate([who, np.asarray(ma, np.int64)])
    cols = np.concatenate([node, np.asarray(mb, np.int64)])
    size = n + (int(node.max()) - n + 1 if len(node) else 0)
    graph = coo_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    label = label[:n]
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    groups = [sorted(index.ids[i] for i in g) for g in np.split(order, bounds)]
    return sorted(groups, key=lambda g: g[0])


def chunks(groups: list[list[str]], size: int = CHUNK) -> Iterator[list[str]]:
    """Parts packed in order into lists of about ``size`` mention ids; a larger part goes alone."""
    batch: list[str] = []
    for g in groups:
        if batch and len(batch) + len(g) > size:
            yield batch
            batch = []
        batch += g
    if batch:
        yield batch
