"""Copies of one story: a document whose reports are, one for one, those of an earlier document.

Reads: each document's mentions.  Writes: the representative mentions, and each one's twins.

A wire story reprinted by fifty outlets gives fifty documents whose mentions agree on every field the
merge compares: quote, type, dates, place, actors and what each sentence itself states. Such a document
is a copy, and each of its mentions is a twin of the original's mention with the same digest. Only the
original's mentions (the representatives: the document with the smallest id) go through the merge; each
event then gets every twin of its members as a report of its own, with its own document, outlet and
claims. The merge's work thus grows with the distinct reports, not with the copies (fifty copies would
otherwise cost 2,500 comparisons per report), and a copy joins the original's events whole: its undated
or coarsely dated sentences, which the merge only ever joins within one document, go with the
original's rather than leaving fifty duplicate events. A document with a mention an analyst override
names is neither folded nor folded into: the analyst's decision is about those reports.
"""
from __future__ import annotations

import hashlib

from ..records import Mention
from .compat import stated


def twin_key(m: Mention) -> bytes:
    """A digest of everything resolution reads of a mention, except which document it is in."""
    loc = m.location
    place = None if loc is None else (loc.name, loc.country, loc.admin1, loc.lat, loc.lon, loc.geo_precision,
                                      loc.sub_location)
    fields = (m.quote, m.event_type, m.sub_event_type, m.date_start, m.date_end, m.time_precision, m.date_inferred,
              place, m.actor1, m.actor2, sorted(m.parties), [stated(m, f) for f in ("location", "actor1", "actor2")])
    return hashlib.blake2b(repr(fields).encode("utf-8"), digest_size=16).digest()


class Twins:
    """Fed documents in id order: says which mentions represent themselves, remembers the copies'."""

    def __init__(self, pinned: set[str] = frozenset()):
        self.pinned = pinned
        self._original: dict[bytes, list[str]] = {}  # a document's digest -> its mention ids, by key
        self.of: dict[str, list[str]] = {}  # representative id -> its twins' ids
        self._what: dict[str, str] = {}  # representative id (with twins) -> what the sentence reports

    def add_doc(self, mentions: list[Mention]) -> list[Mention]:
        """The representatives among one document's mentions: all of them, or none for a copy."""
        if not mentions or any(m.mention_id in self.pinned for m in mentions):
            return mentions
        keyed = sorted((twin_key(m), m.mention_id, m) for m in mentions)
        digest = hashlib.blake2b(b"".join(k for k, _, _ in keyed), digest_size=16).digest()
        original = self._original.setdefault(digest, [mid for _, mid, _ in keyed])
        if original[0] == keyed[0][1]:
            return mentions
        for rep, (_, mid, m) in zip(original, keyed):
            self.of.setdefault(rep, []).append(mid)
            self._what.setdefault(rep, f"{m.event_type}: {m.sub_event_type}, {m.date_start or 'undated'}, "
                                       f"{m.location.name if m.location else 'no place'}")
        return []

    def expand(self, ids: list[str]) -> list[str]:
        """The representatives' ids with their twins'."""
        return sorted(x for mid in ids for x in [mid, *self.of.get(mid, ())])

    def reasons(self, ids: list[str]) -> list[str]:
        return [f"{mid} + {t}: the same sentence in a copy of the story ({self._what[mid]})"
                for mid in ids for t in self.of.get(mid, ())]


def pinned(overrides) -> set[str]:
    """Mention ids that analyst overrides name."""
    from .overrides import stored_ids
    return {x for o in overrides for x in stored_ids(o["a"]) + stored_ids(o.get("b"))}
