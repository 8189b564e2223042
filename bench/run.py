"""Benchmark: page speed and memory of a running Council, measured from outside.

Starts gunicorn (production configuration, SQLite or DATABASE_URL) on a fresh database with
the demo data, sends a fixed number of requests per page from several client threads over
loopback, and prints latency percentiles, throughput and the workers' resident memory.

    .venv/bin/python bench/run.py [--requests 300] [--concurrency 8] [--workers 2]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/?lang=ar",
    "/proposals/",
    "/proposals/?q=logement",
    "/proposals/1",
    "/meetings/",
    "/meetings/1",
    "/meetings/1/minutes",
    "/recommendations/",
    "/recommendations/1",
    "/dashboard",
    "/services/",
    "/api/v1/recommendations",
    "/feeds/minutes.atom",
    "/login",
    "/healthz",
]


def wait_until_up(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310 — loopback
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def fetch(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 — loopback only
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def demo_instance(prefix: str) -> tuple[Path, dict]:
    """A fresh instance folder with the demo data (production settings): its path and the
    environment that points the app at it."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        "COUNCIL_ENV": "production",
        "SECRET_KEY": "benchmark-secret-key-" + "x" * 32,
        "COUNCIL_INSTANCE_DIR": str(workdir),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir}/bench.db"),
    }
    flask = [sys.executable, "-m", "flask", "--app", "council:create_app"]
    for command in (["db", "upgrade"], ["demo-data"], ["translate", "compile"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return workdir, env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()

    _workdir, env = demo_instance("council-bench-")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603 — fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}{'KiB':>8}")
        for page in PAGES:
            urls = [base + page] * args.requests
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                results = list(pool.map(fetch, urls))
            elapsed = time.perf_counter() - started
            times = sorted(seconds * 1000 for seconds, _, _ in results)
            assert all(status == 200 for _, status, _ in results), page
            p95 = times[int(len(times) * 0.95) - 1]
            print(
                f"{page:<26}{statistics.median(times):>9.1f}{p95:>9.1f}{times[-1]:>9.1f}"
                f"{len(times) / elapsed:>9.0f}{results[0][2] / 1024:>8.1f}"
            )
        workers = children(server.pid)
        memory = [rss_kib(pid) // 1024 for pid in workers]
        print(
            f"workers: {len(workers)}, resident memory MiB each: {memory}, "
            f"master: {rss_kib(server.pid) // 1024} MiB"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
