"""Run ``Pipeline.process_many`` on Dask distributed workers.

Workers receive inputs and the configuration dict, never a pickled model: each worker process builds
its pipeline once from the configuration and caches it under the configuration's hash, so one worker
can serve runs with different settings. Results come back in input order whatever order chunks finish.
"""
from __future__ import annotations

import logging
import os
import warnings
from collections import deque
from contextlib import contextmanager
from itertools import chain, islice
from typing import Collection, Iterable, Iterator, Sized

from ..config import config_hash
from ..errors import ConfigError
from ..records import Document, Mention, RawDoc, Rejection

Result = tuple[Document | Rejection, list[Mention] | None]  # None: a doc_id in ``skip``, left unprocessed

# Per worker process: config hash -> Pipeline (spaCy loads once per process, not once per task).
_PIPELINES: dict = {}


def worker_pipeline(cfg: dict):
    """The pipeline for ``cfg`` in this process, built on first use."""
    key = config_hash(cfg)
    if key not in _PIPELINES:
        from ..pipeline import Pipeline
        _PIPELINES[key] = Pipeline.from_config(cfg)
    return _PIPELINES[key]


def run_chunk(chunk: list, cfg: dict, skip: Collection[str] = frozenset()) -> list[Result]:
    """The task a worker runs: one batch through the cached pipeline, cleaning included."""
    return list(worker_pipeline(cfg).process_many(chunk, skip))


def chunk_size(cfg: dict, n: int | None, workers: int) -> int:
    """Big enough for spaCy's batching to pay, small enough that every worker gets several chunks
    (``n`` None: a stream of unknown length, chunked at two spaCy batches)."""
    batch = int(cfg.get("nlp", {}).get("batch_size", 32))
    if n is None:
        return batch * 2
    return max(1, min(batch * 2, -(-n // max(1, workers * 4))))


def _chunks(raws: Iterable, size: int) -> Iterator[list]:
    it = iter(raws)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A client on ``scheduler``, or on a LocalCluster of single-threaded worker processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ConfigError("E200", f"--engine dask needs dask[distributed]: {e}") from e
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with warnings.catch_warnings():
        # The scheduler's health endpoint moves off port 8787 when another cluster holds it: harmless.
        warnings.filterwarnings("ignore", message="Port 8787 is already in use", category=UserWarning)
        # Processes, one thread each: spaCy and the rules hold the GIL, so threads would not run in parallel.
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        yield client


def iter_dask(raws: Iterable[RawDoc | Document | Rejection], cfg: dict, client,
              skip: Collection[str] = frozenset()) -> Iterator[Result]:
    """Results in input order, with a bounded number of chunks in flight: inputs are read only as
    chunks are submitted, so memory stays flat on a feed of any size."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = chunk_size(cfg, len(raws) if isinstance(raws, Sized) else None, workers)
    chunks = _chunks(raws, size)
    # the doc_ids to skip go to each worker once, not with every chunk
    skip = client.scatter(frozenset(skip), broadcast=True) if skip else frozenset()
    in_flight: deque = deque()
    for chunk in chunks:
        in_flight.append(client.submit(run_chunk, chunk, cfg, skip, pure=False))
        if len(in_flight) >= workers * 3:
            yield from in_flight.popleft().result()
    while in_flight:
        yield from in_flight.popleft().result()


def process_dask(raws: list[RawDoc | Document | Rejection], cfg: dict, scheduler: str | None = None,
                 workers: int | None = None, skip: Collection[str] = frozenset()) -> list[Result]:
    """Every input through the pipeline on Dask; ``scheduler`` is an address, or None for a local cluster."""
    return list(iter_dask_run(raws, cfg, scheduler, skip, workers))


def iter_dask_run(raws: Iterable[RawDoc | Document | Rejection], cfg: dict, scheduler: str | None = None,
                  skip: Collection[str] = frozenset(), workers: int | None = None) -> Iterator[Result]:
    """``process_dask`` as a stream: inputs are read as chunks go out and the driver stores each result
    as it arrives while the workers go on; nothing waits for the whole input or the last chunk."""
    it = iter(raws)
    first = next(it, None)
    if first is None:
        return
    with dask_client(scheduler, workers) as client:
        yield from iter_dask(chain([first], it), cfg, client, skip)
