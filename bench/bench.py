#!/usr/bin/env python3
"""End-to-end throughput of sitroom on a large varied corpus, with where the time goes.

usage: bench.py [--n 10000] [--workers 2] [--sizes 5000,10000] [--driver stages|run] [--engine local|dask]
                [--db FILE] [--config TOML] [--json bench/results.json] [--memo]

For each size the corpus (bench/corpus.py: FA-KES + seeds, dates and towns varied) is written to a
temp folder first (not timed); then the clock runs from reading the files to the events written:

- driver "stages" (default): files are read here, and ``--workers`` processes each build the pipeline
  from the configuration and clean, run spaCy and extract their share of chunks, timing each stage;
  this process stores documents and mentions as results arrive (the real store, near-duplicate
  linking included), then resolves and exports. Stage times are summed over the workers.
- driver "run": the real ``sitroom.pipeline.run_corpus`` (``--engine local`` or ``dask``), timed as a
  whole with the stage split its RunReport gives.

Peak memory is the largest sum of RSS over this process and all its children, sampled every 0.1 s.
The scaling figure is time(largest size) / time(smallest size); linear would be size ratio.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one BLAS thread per worker process: the workers are the parallelism

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing as mp  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from yardstick import REFERENCE_WORDS_PER_S, scaled  # noqa: E402

from sitroom.config import load_config  # noqa: E402
from sitroom.records import Document, RawDoc  # noqa: E402

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"

STAGES = ("read", "clean", "nlp", "extract", "store", "resolve")
_PIPE = None  # the worker's pipeline, built once per worker process


class PeakRSS:
    """Samples RSS of this process tree in a thread; ``peak`` in bytes."""

    def __init__(self, every: float = 0.1):
        import psutil
        self.proc, self.every, self.peak = psutil.Process(), every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a child that just exited
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _init_worker(cfg: dict) -> None:
    global _PIPE
    from sitroom.pipeline import Pipeline
    _PIPE = Pipeline.from_config(cfg)


def work_chunk(raws: list[RawDoc]) -> tuple[list, dict]:
    """One chunk in a worker: clean, spaCy, extract, each timed."""
    t0 = time.perf_counter()
    docs = [_PIPE.clean(r) for r in raws]
    t1 = time.perf_counter()
    english = [d for d in docs if isinstance(d, Document) and d.language in (None, "en")]
    sdocs = _PIPE.parse(english)  # the pipeline's own NLP step (NER only where events may be)
    t2 = time.perf_counter()
    # the pipeline's own extraction, its typer included; two copies of an article each get their own
    found = {id(d): _PIPE.extract(d, s) for d, s in zip(english, sdocs)}
    t3 = time.perf_counter()
    out = [(d, found.get(id(d), []) if isinstance(d, Document) else []) for d in docs]
    return out, {"clean": t1 - t0, "nlp": t2 - t1, "extract": t3 - t2}


def _read(folder: Path, cfg: dict) -> list:
    from sitroom.ingest import iter_raw
    return list(iter_raw([str(folder)], None, cfg["ingest"]["max_bytes"]))


def _store_all(store, results, version: str, seen: set, index=None) -> tuple[int, int]:
    """As `sitroom run` stores: one commit per chunk, the near-duplicate index loaded once."""
    with store.transaction():
        return _store_chunk(store, results, version, seen, index)


def _store_chunk(store, results, version: str, seen: set, index) -> tuple[int, int]:
    """The pipeline's own store step (sitroom.pipeline._store); a document twice in the corpus once."""
    from sitroom.pipeline import RunReport, _store
    from sitroom.records import Document
    report = RunReport()
    for doc, ms in results:
        if isinstance(doc, Document) and doc.doc_id in seen:
            continue
        if isinstance(doc, Document):
            seen.add(doc.doc_id)
        _store(store, doc, ms, version, report, index)
    return report.documents, report.mentions


def _resolve(store, out: Path) -> int | None:
    """Events from the stored mentions, when the resolution stage is installed."""
    import sitroom.export
    import sitroom.resolve
    if not (hasattr(sitroom.resolve, "resolve") and hasattr(sitroom.export, "write_run_outputs")):
        return None
    from sitroom.pipeline import resolve_and_export
    return resolve_and_export(store, out)


def run_stages(folder: Path, db: str, out: Path, cfg: dict, workers: int) -> dict:
    from sitroom.store import open_store
    sec = dict.fromkeys(STAGES, 0.0)
    t = time.perf_counter()
    raws = _read(folder, cfg)
    sec["read"] = time.perf_counter() - t
    size = max(8, min(64, len(raws) // (workers * 8) or 8))
    chunks = [raws[i:i + size] for i in range(0, len(raws), size)]
    from sitroom.ingest.dedup import index_for
    store, seen, docs, mentions = open_store(db), set(), 0, 0
    index = index_for(store)
    with mp.get_context("spawn").Pool(workers, _init_worker, (cfg,)) as pool:
        t_pool = time.perf_counter()
        for results, times in pool.imap(work_chunk, chunks):
            for k, v in times.items():
                sec[k] += v
            t = time.perf_counter()
            d, m = _store_all(store, results, cfg["extract"]["version"], seen, index)
            docs, mentions, sec["store"] = docs + d, mentions + m, sec["store"] + time.perf_counter() - t
        pool_wall = time.perf_counter() - t_pool
    t = time.perf_counter()
    events = _resolve(store, out)
    sec["resolve"] = time.perf_counter() - t
    store.close()
    return {"seconds": sec, "documents": docs, "mentions": mentions, "events": events, "pool_wall": pool_wall}


def run_driver(folder: Path, db: str, out: Path, cfg: dict, engine: str) -> dict:
    """The real driver, ``sitroom run FOLDER --engine ENGINE``."""
    from sitroom.pipeline import run_corpus
    try:
        rep = run_corpus([str(folder)], db, out, engine=engine, cfg=cfg)
    except ImportError as e:  # the export/resolve stage is not installed yet
        return {"error": f"run_corpus stopped at: {e}"}
    return {"seconds": rep.seconds, "documents": rep.documents, "mentions": rep.mentions, "events": rep.events}


def bench_size(n: int, args, cfg: dict) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"sitroom-bench-{n}-"))
    try:
        folder = corpus.write(corpus.build(n), tmp / "corpus")
        db = args.db or str(tmp / "bench.db")
        if args.db and Path(args.db).exists():
            Path(args.db).unlink()
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            if args.driver == "run":
                res = run_driver(folder, db, tmp / "out", cfg, args.engine)
            else:
                res = run_stages(folder, db, tmp / "out", cfg, args.workers)
            wall = time.perf_counter() - t0
        return {"n": n, "wall_s": round(wall, 2), "articles_per_s": round(n / wall, 2),
                "peak_rss_mb": round(mem.peak / 2**20, 1), **res}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def table(runs: list[dict], args) -> str:
    engine = f" engine={args.engine}" if args.driver == "run" else ""
    lines = [f"driver={args.driver}{engine} workers={args.workers} cpus={os.cpu_count()} config={args.config or 'default'}",
             f"{'n':>7} {'wall s':>8} {'art/s':>7} {'peak MB':>8} {'docs':>6} {'mentions':>8} {'events':>7}  stage seconds"]
    for r in runs:
        st = " ".join(f"{k}={v:.1f}" for k, v in (r.get("seconds") or {}).items())
        lines.append(f"{r['n']:>7} {r['wall_s']:>8.1f} {r['articles_per_s']:>7.1f} {r['peak_rss_mb']:>8.0f} "
                     f"{r.get('documents', '-'):>6} {r.get('mentions', '-'):>8} {str(r.get('events')):>7}  {st}"
                     + (f"  ERROR {r['error']}" if r.get("error") else ""))
    if len(runs) > 1:
        lines.append(f"time ratio {runs[-1]['n']}/{runs[0]['n']} articles: {runs[-1]['wall_s'] / runs[0]['wall_s']:.2f}x "
                     f"(linear: {runs[-1]['n'] / runs[0]['n']:.2f}x)")
    return "\n".join(lines)


def _yardstick() -> float:
    """The NER pass over the FA-KES articles (about 125,000 words), in a child process before the run:
    its model must not sit in this process's memory while the peak is measured."""
    import subprocess
    code = ("import sys; sys.path.insert(0, %r); from yardstick import words_per_s; "
            "from sitroom.config import load_config; from sitroom.ingest.fakes import load_fakes; "
            "from sitroom.pipeline import Pipeline; from sitroom.records import Document; "
            "p = Pipeline.from_config(load_config()); d = [p.clean(r) for r, _ in load_fakes(%r)]; "
            "print(words_per_s([x.text for x in d if isinstance(x, Document)]))") % (str(Path(__file__).parent), str(FAKES))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="largest corpus size")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes [default: N/2,N]")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--driver", choices=["stages", "run"], default="stages")
    ap.add_argument("--engine", choices=["local", "dask"], default="dask", help="for --driver run")
    ap.add_argument("--db", default=None, help="store to write [default: a temp SQLite file]; postgresql:// works")
    ap.add_argument("--config", default=None, help="TOML overriding default.toml (e.g. to try NLP settings)")
    ap.add_argument("--json", default=str(Path(__file__).with_name("results.json")))
    ap.add_argument("--memo", action="store_true", help="keep the typer's memo of sentences read (off: see below)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else sorted({max(1, args.n // 2), args.n})
    cfg = load_config(args.config)
    # The corpus's articles are variants of a few hundred that share every sentence naming no date or
    # town: the typer's memo would skip most of the embedding a real corpus pays for, so it is off.
    cfg["typer"]["memo"] = args.memo
    yard = _yardstick()
    print(f"yardstick: spaCy senter+ner {yard:.0f} words/s on one core (reference {REFERENCE_WORDS_PER_S}); "
          f"a 55 articles/s target is {scaled(55, yard):.1f} here", file=sys.stderr, flush=True)
    runs = []
    for n in sizes:
        runs.append(bench_size(n, args, cfg))
        print(table(runs[-1:], args).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(runs, args))
    print(f"yardstick {yard:.0f} words/s: {runs[-1]['articles_per_s']:.1f} articles/s is "
          f"{runs[-1]['articles_per_s'] * REFERENCE_WORDS_PER_S / yard:.1f} on the reference machine")
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "yardstick_words_per_s": round(yard)}, "args": vars(args),
              "runs": runs, "ratio": runs[-1]["wall_s"] / runs[0]["wall_s"] if len(runs) > 1 else None}
    Path(args.json).write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
