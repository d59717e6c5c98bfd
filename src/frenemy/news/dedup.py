"""Dedup: clusters near-duplicate articles (MinHash LSH) so that a story counts once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["DedupOptions", "Clusterer", "signature"]

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"  # datasketch's hashing scheme: fixed, so stored signatures stay valid


@dataclass(frozen=True)
class DedupOptions:
    """Near-duplicate detection: shingles of ``shingle`` words, Jaccard ``threshold``."""

    threshold: float = 0.6
    num_perm: int = 128
    shingle: int = 3


def signature(text: str, options: DedupOptions) -> bytes:
    """The MinHash signature of a text's word shingles, as bytes (stored with the document)."""
    from datasketch import MinHash

    words = [w.lower() for w in _WORD.findall(text)]
    minhash = MinHash(num_perm=options.num_perm, seed=1, scheme=_SCHEME)
    size = options.shingle
    for i in range(max(len(words) - size + 1, 1)):
        minhash.update(" ".join(words[i:i + size]).encode("utf-8"))
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


class Clusterer:
    """Assigns each document to a cluster of near-duplicates: the cluster of the first stored
    document it resembles, else a new cluster named after itself. Deterministic for the same
    input order."""

    def __init__(self, options: DedupOptions | None = None,
                 known: Iterable[tuple[str, str, bytes]] = ()) -> None:
        from datasketch import MinHashLSH

        self.options = options or DedupOptions()
        self.lsh = MinHashLSH(threshold=self.options.threshold, num_perm=self.options.num_perm)
        self.cluster_of: dict[str, str] = {}
        self._permutations: Any = None
        for doc_id, cluster_id, raw in known:
            self._add(doc_id, cluster_id, raw)

    def _minhash(self, raw: bytes) -> Any:
        import numpy as np
        from datasketch import MinHash

        if self._permutations is None:  # deriving them from the seed is the costly part
            self._permutations = MinHash(num_perm=self.options.num_perm, seed=1,
                                         scheme=_SCHEME).permutations
        return MinHash(num_perm=self.options.num_perm, seed=1, scheme=_SCHEME,
                       hashvalues=np.frombuffer(raw, dtype="<u8").copy(),
                       permutations=self._permutations)

    def _add(self, doc_id: str, cluster_id: str, raw: bytes) -> None:
        if doc_id in self.cluster_of:
            return
        self.lsh.insert(doc_id, self._minhash(raw))
        self.cluster_of[doc_id] = cluster_id

    def assign(self, doc_id: str, text: str, raw: bytes | None = None) -> tuple[str, bytes]:
        """(cluster id, signature) for a new document; it joins the index. ``raw`` is the
        signature when it was computed elsewhere (on a worker)."""
        raw = raw or signature(text, self.options)
        if doc_id in self.cluster_of:
            return self.cluster_of[doc_id], raw
        matches = sorted(self.lsh.query(self._minhash(raw)))
        # The smallest cluster id among the matches wins: the outcome does not depend on the
        # order in which LSH lists its candidates.
        cluster = min((self.cluster_of[m] for m in matches), default=doc_id)
        self._add(doc_id, cluster, raw)
        return cluster, raw
