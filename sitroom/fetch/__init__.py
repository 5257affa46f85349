"""Fetching over the network, a thin optional layer: feeds and pages saved into a folder that
``sitroom run`` or ``sitroom watch`` then reads. Nothing else in sitroom touches the network.

``fetch(urls, out)`` saves each feed as a file (or, with ``pages=True``, the pages its items link to,
with their title, date and outlet in a ``manifest.csv``), and each plain page URL as an ``.html`` with
its manifest row. It is polite: it identifies itself, obeys robots.txt, waits ``delay`` seconds between
requests to one host, gives up after ``timeout`` seconds, and reads at most ``max_bytes`` of a reply.
"""
from .client import FetchReport, Fetcher, fetch

__all__ = ["fetch", "Fetcher", "FetchReport"]
