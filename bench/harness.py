"""What every benchmark shares: results with budgets, and the 10,000-family store.

A benchmark module ``bench/<name>_bench.py`` exposes ``run(workdir: Path) ->
list[Result]``. Figures are reported against their budgets, never asserted:
``python -m bench`` exits 0 unless a benchmark crashes.

The benchmark store (10,000 synthetic families from :func:`app.demo.seed.seed`) is
built once into a cache folder (``bench/.cache``, or ``HEARTH_BENCH_CACHE``)
and copied into each benchmark's work folder, so runs start from the same data
and never change the cached copy. Everything in it is synthetic.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH_FAMILIES = 10_000
BENCH_SEED = 1
# A synthetic passphrase for the synthetic benchmark store (never a real one).
BENCH_PASSPHRASE = "bench-store-synthetic-passphrase"
CACHE_ENV = "HEARTH_BENCH_CACHE"
FAMILIES_ENV = "HEARTH_BENCH_FAMILIES"  # fewer families, to try a benchmark out quickly


@dataclass(frozen=True)
class Result:
    """One figure: lower is better; ``budget`` None means reported for information."""

    name: str
    value: float
    unit: str
    budget: float | None = None

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.value > self.budget

    def line(self) -> str:
        text = f"{self.name}: {_number(self.value)} {self.unit}"
        if self.budget is None:
            return text
        verdict = "OVER BUDGET" if self.over_budget else "OK"
        return f"{text} (budget {self.budget:g} {self.unit}) {verdict}"


def with_floor(
    name: str,
    value: float,
    floor: float,
    unit: str,
    budget: float | None = None,
    ratio_budget: float | None = None,
    floor_name: str = "floor",
) -> list[Result]:
    """A figure, its floor measured in the same run, and their ratio: three lines, as every
    benchmark prints them (``name``, ``name_floor_<floor_name>``, ``name_vs_floor``)."""
    return [
        Result(name, value, unit, budget),
        Result(f"{name}_floor_{floor_name}" if floor_name != "floor" else f"{name}_floor",
               floor, unit),
        Result(f"{name}_vs_floor", value / floor if floor > 0 else float("inf"), "x",
               ratio_budget),
    ]


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


# ------------------------------------------------------------------ timing


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...``; ``elapsed()`` is seconds so far (frozen at exit)."""
    start = time.perf_counter()
    end: list[float] = []

    def elapsed() -> float:
        return (end[0] if end else time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end.append(time.perf_counter())


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


# ------------------------------------------------------------------ the benchmark store


def bench_families() -> int:
    return int(os.environ.get(FAMILIES_ENV, BENCH_FAMILIES))


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    folder = Path(env) if env else Path(__file__).resolve().parent / ".cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cache_name() -> str:
    """Names the data: a new schema or a change to the demo generator builds afresh."""
    import app.demo.seed
    from db.migrate import head_revision

    generator = hashlib.sha256(Path(app.demo.seed.__file__).read_bytes()).hexdigest()[:8]
    return f"store-{bench_families()}-seed{BENCH_SEED}-rev{head_revision()}-demo{generator}"


def cached_store() -> Path:
    """The folder of the cached benchmark store, built on first use (takes some seconds)."""
    from app.demo.seed import seed
    from app.store.caseload_store import Profile, create_store, store_exists

    folder = cache_dir() / _cache_name()
    if store_exists(folder):
        return folder
    for stale in cache_dir().glob(f"store-{bench_families()}-*"):  # older data
        shutil.rmtree(stale, ignore_errors=True)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    print(f"(building the benchmark store: {bench_families()} synthetic families, once)",
          flush=True)
    profile = Profile(
        name="Bench Worker", role="family_support_worker", team="Bench Team",
        username="bench.worker",
    )
    store = create_store(building, BENCH_PASSPHRASE, profile, demo=True)
    try:
        seed(store, bench_families(), BENCH_SEED)
        assert store.engine is not None
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    shutil.rmtree(building / "backups", ignore_errors=True)
    building.rename(folder)
    return folder


def cached_plain_copy() -> Path:
    """The same database, not encrypted, with the very same pages (bench/same_pages.py),
    built on first use."""
    from app.store import vault
    from app.store.caseload_store import db_path, key_path
    from bench.same_pages import decrypt_pages
    from db.engine import make_engine

    folder = cached_store()
    plain = folder / "plain-same-pages.db"
    (folder / "plain-sqlite.db").unlink(missing_ok=True)  # an earlier release's export
    if plain.exists():
        return plain
    partial = plain.with_name(plain.name + ".partial")
    partial.unlink(missing_ok=True)
    key = vault.unwrap_key(key_path(folder), BENCH_PASSPHRASE)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    try:
        with engine.connect() as conn:  # every page in the database file itself
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    raw = bytes.fromhex(key.sqlcipher_pragma_value()[2:-1])
    decrypt_pages(db_path(folder), raw, partial)
    partial.rename(plain)
    return plain


def copy_store(target: Path) -> Path:
    """A private copy of the cached store (database and key file) in ``target``."""
    from app.store.caseload_store import DB_NAME, KEY_NAME

    source = cached_store()
    target.mkdir(parents=True, exist_ok=True)
    for name in (DB_NAME, KEY_NAME):
        shutil.copy2(source / name, target / name)
    return target
