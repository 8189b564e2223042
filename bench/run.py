"""Benchmark (`make bench`): Council's busy pages against a bare Flask "hello world", measured
from outside with wrk, on the demo data and on a record grown to 10,000 proposals and 60,000
comments (400 on proposal 1).

The same gunicorn (2 sync workers by default) serves `bench/hello.py` and then Council
(production settings, SQLite or DATABASE_URL, REDIS_URL if set). Each page is read for
`--duration` seconds by wrk (8 connections) as the public and as a council member (a signed
session cookie). Printed per page: req/s, the ratio to hello world, p50 and p99 on both records,
p99 growth (large / demo), SQL statements per request (counted in process, bench/queries.py),
and each worker's resident memory at the end.

    .venv/bin/python bench/run.py [--duration 5] [--workers 2] [--connections 8] [--pages / ...]

A benchmark, not a test: the machine is shared, so compare ratios measured in one run.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/proposals/",
    "/proposals/1",
    "/meetings/1",
    "/meetings/1/minutes",
    "/recommendations/",
    "/recommendations/1",
    "/dashboard",
    "/api/v1/proposals",
    "/feeds/minutes.atom",
    "/meetings.ics",
    "/proposals/?q=logements",
    "/?lang=ar",
]
ROLES = ("public", "member")
USER_AGENT = "council-bench"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 — loopback
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {url}")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def flask_env(workdir: Path) -> dict:
    return {
        **os.environ,
        "COUNCIL_ENV": "production",
        "SECRET_KEY": "benchmark-secret-key-" + "x" * 32,
        "COUNCIL_INSTANCE_DIR": str(workdir),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir}/bench.db"),
    }


def demo_instance(prefix: str) -> tuple[Path, dict]:
    """A fresh instance folder with the demo data (production settings): its path and the
    environment that points the app at it."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    env = flask_env(workdir)
    flask = [sys.executable, "-m", "flask", "--app", "council:create_app"]
    if env["DATABASE_URL"].startswith("postgresql"):
        subprocess.run(flask + ["db", "downgrade", "base"], cwd=ROOT, env=env, check=False,  # noqa: S603
                       capture_output=True)  # fmt: skip
    for command in (["db", "upgrade"], ["demo-data"], ["translate", "compile"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return workdir, env


def grow(env: dict) -> None:
    code = (
        "from council import create_app\nfrom bench.large import grow_record\n"
        "app = create_app()\nwith app.app_context(): grow_record()\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


class Server:
    """gunicorn serving `target` on a free loopback port."""

    def __init__(self, target: str, env: dict, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 — fixed arguments
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", target],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def worker_memory(self) -> list[float]:
        return [rss_mib(pid) for pid in children(self.process.pid)]


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, duration: float, connections: int, cookie: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration:g}s", "--timeout", "20s",
               "--latency", url]  # fmt: skip
    command[1:1] = ["-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percent = dict(re.findall(r"^\s*(50|99)\.?0*%\s+([\d.]+[a-z]+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # No answer within the run (a page slower than it): shown as nan.
        "p50": _milliseconds(percent["50"]) if "50" in percent else float("nan"),
        "p99": _milliseconds(percent["99"]) if "99" in percent else float("nan"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def statements(env: dict, pages: list[str]) -> dict:
    """{"statements": {page: {role: count}}, "render_ms": {page: {role: ms}}} from
    bench/queries.py, on the same database, uncached and in process."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "queries.py"), "--json", "--pages", *pages],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def member_cookie(env: dict) -> str:
    code = "from bench.queries import member_cookie\nprint(member_cookie())"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,  # noqa: S603
                         capture_output=True, text=True)  # fmt: skip
    return run.stdout.strip()


def settled_cookie(base: str, cookie: str) -> str:
    """The member's cookie as a browser holds it after a few pages: the session then carries
    what the first pages add to it (the form secret, the session's fingerprint). wrk sends the
    same cookie again and again and never keeps what the server sets."""
    name = cookie.partition("=")[0]
    for _ in range(3):
        request = urllib.request.Request(  # noqa: S310 — loopback
            base + "/proposals/1", headers={"Cookie": cookie, "User-Agent": USER_AGENT}
        )
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310
            for header in answer.headers.get_all("Set-Cookie") or []:
                if header.startswith(name + "="):
                    cookie = header.partition(";")[0]
    return cookie


def measure(env: dict, args, label: str) -> dict:
    cookie = member_cookie(env)
    results = {}
    with Server("wsgi:app", env, args.workers) as server:
        wait_until_up(server.base + "/healthz")
        cookie = settled_cookie(server.base, cookie)
        for page in args.pages:
            for role in ROLES:
                url = server.base + page
                wrk(url, 1, 2, cookie if role == "member" else None)  # warm up
                results[(page, role)] = wrk(
                    url, args.duration, args.connections, cookie if role == "member" else None
                )
                print(f"  {label:<6}{role:<8}{page:<26}{results[(page, role)]}", file=sys.stderr)
        memory = server.worker_memory()
    return {"pages": results, "memory": memory, "statements": statements(env, args.pages)}


def print_table(hello: dict, demo: dict, large: dict, pages: list[str]) -> None:
    print(f"hello world: {hello['rps']:.0f} req/s, p50 {hello['p50']:.2f} ms, "
          f"p99 {hello['p99']:.2f} ms")  # fmt: skip
    header = (
        f"{'page':<24}{'who':<7}{'req/s':>7}{'ratio':>7}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'L req/s':>8}{'L p50':>7}{'L p99':>7}{'p99 ×':>6}{'SQL':>5}{'L SQL':>6}"
        f"{'1st ms':>7}{'L 1st':>7}"
    )
    print(header)
    print("-" * len(header))
    for page in pages:
        for role in ROLES:
            small, big = demo["pages"][(page, role)], large["pages"][(page, role)]
            counts = (
                demo["statements"]["statements"][page][role],
                large["statements"]["statements"][page][role],
            )
            renders = (
                demo["statements"]["render_ms"][page][role],
                large["statements"]["render_ms"][page][role],
            )
            flag = " !" if small["errors"] or big["errors"] else ""
            growth = big["p99"] / small["p99"] if small["p99"] else float("nan")
            print(
                f"{page:<24}{role:<7}{small['rps']:>7.0f}{small['rps'] / hello['rps']:>7.2f}"
                f"{small['p50']:>8.1f}{small['p99']:>8.1f}{big['rps']:>8.0f}{big['p50']:>7.1f}"
                f"{big['p99']:>7.1f}{growth:>6.2f}{counts[0]:>5}{counts[1]:>6}"
                f"{renders[0]:>7.1f}{renders[1]:>7.1f}"
                f"{flag}"
            )
    print("columns: L = large record (10,000 proposals, 60,000 comments); p99 × = large/demo;")
    print("SQL = statements per request (a cached page sends none; counted uncached, in process)")
    print("1st ms = median time to render the page uncached, in process: a person's first read")
    demo_memory = ", ".join(f"{m:.0f}" for m in demo["memory"])
    large_memory = ", ".join(f"{m:.0f}" for m in large["memory"])
    print(f"worker RSS MiB: demo [{demo_memory}], large [{large_memory}]")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args()

    with Server("bench.hello:app", dict(os.environ), args.workers) as server:
        wait_until_up(server.base + "/")
        wrk(server.base + "/", 1, args.connections)
        hello = wrk(server.base + "/", args.duration, args.connections)
    print(f"  hello {hello}", file=sys.stderr)
    _workdir, env = demo_instance("council-bench-")
    demo = measure(env, args, "demo")
    if env["DATABASE_URL"].startswith("postgresql"):
        large_env = env  # one database: grow the same one
    else:
        _workdir, large_env = demo_instance("council-bench-large-")
    grow(large_env)
    large = measure(large_env, args, "large")
    print_table(hello, demo, large, args.pages)


if __name__ == "__main__":
    main()
