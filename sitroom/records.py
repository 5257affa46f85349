"""Typed records passed between the pipeline stages.

ingest -> RawDoc -> Document (+ CutSpan, Rejection)
extract -> Mention (+ Location, Claim)
resolve -> Event (+ Report, Fatalities)

Every record can go to and come back from a plain dict (``to_dict`` / ``from_dict``)
so the store, the exports and the Dask workers all see the same shapes.
Offsets (``char_start``/``char_end``, ``CutSpan.start``/``end``) always refer to
``Document.original``: the article text as received, so a quote can be checked
against the source without trusting our cleaning.
"""
from __future__ import annotations

import bisect
import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["text", "html"]


@dataclass(slots=True)
class RawDoc:
    """One article as a reader found it, before cleaning."""

    source: str  # where it came from: a path, path#L12 (JSONL line), path@offset (WARC)
    name: str  # the name used as `doc` in exports: file name, or URL
    body: str  # decoded text or HTML
    fmt: Format = "text"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date from the manifest / JSONL / HTML metadata


@dataclass(slots=True)
class Rejection:
    """An input that could not become a Document, with a one-line reason."""

    source: str
    code: str  # an error code from sitroom.errors, e.g. "E101"
    reason: str


@dataclass(slots=True)
class CutSpan:
    """A stretch of the original text left out of the clean text, kept for audit."""

    start: int
    end: int
    reason: str  # "comment-tail", "page-furniture", "html-comments", ...
    text: str


@dataclass(slots=True)
class OffsetMap:
    """Maps an offset in the clean text back to the original text.

    Stored as anchors: at clean offset ``clean[i]`` the original offset is ``orig[i]``,
    and the two advance together until the next anchor (whitespace collapsing and cut
    spans are the only places where they drift apart).
    """

    clean: list[int] = field(default_factory=lambda: [0])
    orig: list[int] = field(default_factory=lambda: [0])

    def to_original(self, i: int) -> int:
        k = bisect.bisect_right(self.clean, i) - 1
        return self.orig[k] + (i - self.clean[k])

    def to_dict(self) -> dict:
        return {"clean": self.clean, "orig": self.orig}


@dataclass(slots=True)
class Document:
    """A cleaned, identified article."""

    doc_id: str  # sha256 of the original text: the same article twice is one Document
    name: str
    source: str
    original: str  # text as received (for HTML: trafilatura's full extraction)
    text: str  # the clean article body
    offsets: OffsetMap = field(default_factory=OffsetMap)
    cuts: list[CutSpan] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or None when unknown
    published_source: str | None = None  # manifest | jsonl | html | dateline | url | None
    language: str | None = None  # ISO 639-1, e.g. "en"
    near_dup_of: str | None = None  # doc_id of an earlier copy of the same wire story
    signature: list[int] | None = None  # MinHash signature for near-duplicate search
    fmt: Format = "text"

    def quote(self, clean_start: int, clean_end: int) -> tuple[str, int, int]:
        """Verbatim original text for a clean-text span, with original offsets."""
        a = self.offsets.to_original(clean_start)
        b = self.offsets.to_original(max(clean_start, clean_end - 1)) + 1
        return self.original[a:b], a, b


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str = "exact"  # exact | near | admin2 | admin1 | country
    sub_location: str | None = None  # a district, an airbase... kept by name under its town
    gazetteer_id: str | None = None
    quote: str | None = None  # the words in the article that named the place


@dataclass(slots=True)
class Claim:
    """One figure stated by one claimant, verbatim."""

    count: int
    kind: str = "killed"  # killed | wounded | abducted | displaced | arrested
    qualifier: str = "exact"  # exact | at least | more than | about | up to
    victims: str | None = None
    claimant: str = "unattributed"
    claimant_kind: str = "unknown"  # party | party_media | monitor | state_media | government | international | news_outlet | unknown
    claimant_side: str | None = None  # normalised actor the claimant speaks for, when a party
    about_enemy: bool = False  # a party's figure for its enemy's losses
    doc: str | None = None
    outlet: str | None = None
    quote: str = ""
    char_start: int | None = None
    char_end: int | None = None
    # the quote's words that make the figure a total over more than a day ("over the past week",
    # "since the start of the year"): a real claim, but not one event's toll (docs/reconciliation.md)
    period: str | None = None


@dataclass(slots=True)
class Mention:
    """One report of one event in one document: the unit that resolution merges."""

    mention_id: str
    doc_id: str
    doc: str
    event_type: str
    sub_event_type: str
    quote: str  # the verbatim sentence
    char_start: int
    char_end: int
    outlet: str | None = None
    published: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    time_precision: str | None = None  # day | week | month | year
    location: Location | None = None
    actor1: str = ""
    actor2: str = ""
    claims: list[Claim] = field(default_factory=list)
    trigger: str = ""
    evidence: dict[str, str] = field(default_factory=dict)  # field -> verbatim words it came from
    parties: list[str] = field(default_factory=list)  # every actor the sentence itself names
    # True when the text states no date for the event: date_start/date_end are publication's, and
    # time_precision ("week") says the day is not known
    date_inferred: bool = False


@dataclass(slots=True)
class Report:
    doc: str
    quote: str
    char_start: int
    char_end: int
    outlet: str | None = None
    published: str | None = None
    mention_id: str | None = None
    # the words of `quote` each field of the event came from in this report ("event_type": "airstrikes",
    # "date": "on Sunday", "location": "province of Idlib", "actor1": "Russian jets"); a field missing here was
    # not stated by this report but taken from its story
    evidence: dict[str, str] = field(default_factory=dict)
    doc_id: str | None = None  # the stored document (sha256 of its original text)


@dataclass(slots=True)
class Event:
    """One real-world event: the merged reports of it and the reconciled toll."""

    event_id: str
    event_type: str
    sub_event_type: str
    date_start: str | None
    date_end: str | None
    time_precision: str | None
    location: Location | None
    actor1: str = ""
    actor2: str = ""
    fatalities: dict[str, Any] = field(default_factory=dict)  # low, best, high, method, reasoning
    claims: list[Claim] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
    date_inferred: bool = False  # no report states the date: it is inferred from publication (week precision)
    flags: list[str] = field(default_factory=list)  # what is out of reach: "no_place", "date_inferred", "undated"
    # ACLED's associated actors: who the main actors are, when a report says it ("Students (Kenya)" beside
    # "Protesters (Kenya)"); the words each came from are in the reports' evidence (assoc_actor_1/2)
    assoc_actor1: str = ""
    assoc_actor2: str = ""
    tags: list[str] = field(default_factory=list)  # ACLED's tags: "crowd size=hundreds" (words in the evidence)
    timestamp: int | None = None  # Unix time the latest of its documents entered the database (ACLED's timestamp)


def event_flags(e: "Event") -> list[str]:
    """What an analyst should know is missing from an event: no resolved place, no stated date."""
    out = []
    if e.location is None or e.location.lat is None:
        out.append("no_place")
    if not e.date_start:
        out.append("undated")
    elif e.date_inferred:
        out.append("date_inferred")
    return out


def to_dict(rec: Any) -> dict:
    """A record as plain JSON-able data (nested records included).

    The same result as ``dataclasses.asdict``, which passes every leaf through ``copy.deepcopy``:
    storing and exporting tens of thousands of records spent most of their time there. Strings,
    numbers and None are immutable (deepcopy returns them as they are), so they are taken directly."""
    if not dataclasses.is_dataclass(rec) or isinstance(rec, type):
        return dataclasses.asdict(rec)  # its TypeError for what is not a record
    return _plain(rec)


_ATOMS = frozenset({str, int, float, bool, type(None)})
_NAMES: dict[type, tuple[str, ...] | None] = {}  # record class -> its field names; None: not a record


def _field_names(cls: type) -> tuple[str, ...] | None:
    if cls not in _NAMES:
        _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
    return _NAMES[cls]


def _plain(obj: Any) -> Any:
    """``dataclasses._asdict_inner`` (dict_factory=dict), immutable leaves taken as they are (tested
    inline in the comprehensions: a call per leaf cost as much as the rest)."""
    cls = type(obj)
    if cls in _ATOMS:
        return obj
    names = _field_names(cls)
    if names is not None:
        return {n: v if type(v) in _ATOMS else _plain(v) for n, v in zip(names, [getattr(obj, n) for n in names])}
    if cls is list:
        return [v if type(v) in _ATOMS else _plain(v) for v in obj]
    if cls is dict:
        return {_plain(k): v if type(v) in _ATOMS else _plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple, as asdict treats it
        return cls(*[_plain(v) for v in obj])
    if isinstance(obj, (list, tuple, dict)):
        items = obj.items() if isinstance(obj, dict) else None
        return cls((_plain(k), _plain(v)) for k, v in items) if items is not None else cls(_plain(v) for v in obj)
    return copy.deepcopy(obj)


def _build(cls, data: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def mention_from_dict(d: dict) -> Mention:
    d = dict(d)
    d["location"] = _build(Location, d["location"]) if d.get("location") else None
    d["claims"] = [_build(Claim, c) for c in d.get("claims") or []]
    return _build(Mention, d)


def event_from_dict(d: dict) -> Event:
    d = dict(d)
    d["location"] = _build(Location, d["location"]) if d.get("location") else None
    d["claims"] = [_build(Claim, c) for c in d.get("claims") or []]
    d["reports"] = [_build(Report, r) for r in d.get("reports") or []]
    return _build(Event, d)


def document_from_dict(d: dict) -> Document:
    d = dict(d)
    off = d.get("offsets") or {}
    d["offsets"] = OffsetMap(list(off.get("clean", [0])), list(off.get("orig", [0])))
    d["cuts"] = [_build(CutSpan, c) for c in d.get("cuts") or []]
    return _build(Document, d)
