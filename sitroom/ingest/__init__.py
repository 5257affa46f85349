"""The ingest stage: articles in (text, HTML, JSONL, WARC), clean stored Documents out.

``iter_raw`` reads, ``clean`` turns one RawDoc into a Document (pure), ``ingest`` stores a batch.
"""
from __future__ import annotations

from .cleaner import clean
from .dedup import link_near_duplicate
from .readers import iter_raw
from .runner import IngestReport, ingest, ingest_raws

__all__ = ["iter_raw", "clean", "ingest", "ingest_raws", "IngestReport", "link_near_duplicate"]
