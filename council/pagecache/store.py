"""Where cached pages and table generations live.

- `MemoryStore`: pages in this process (a bounded LRU); generations in a small file mapped in
  memory (instance/page-cache-generations), so the gunicorn workers of one machine see each
  other's writes at once.
- `RedisStore`: pages and generations in Redis, shared by every worker and machine. When Redis
  does not answer, the cache steps aside (every request is rendered) for a few seconds, and the
  bumps it could not write are retried: never an error page, never a stale one.
"""

import fcntl
import json
import logging
import mmap
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

log = logging.getLogger(__name__)
SLOTS = 4096  # generation counters; two tables sharing a slot only invalidate each other more


@dataclass
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    generations: dict[str, int]
    stored_at: float
    etag: str
    read: tuple[str, int] | None = None  # a read to count on each hit (kind, id)

    def dumps(self) -> bytes:
        head = json.dumps(
            [self.status, self.headers, self.generations, self.stored_at, self.etag, self.read]
        )
        return head.encode() + b"\n" + self.body

    @classmethod
    def loads(cls, raw: bytes) -> "Entry":
        head, _, body = raw.partition(b"\n")
        status, headers, generations, stored_at, etag, read = json.loads(head)
        return cls(status, [tuple(h) for h in headers], body, generations, stored_at, etag,
                   tuple(read) if read else None)  # fmt: skip


def slot(table: str) -> int:
    return zlib.crc32(table.encode()) % SLOTS


class GenerationFile:
    """Counters shared by the processes of one machine through a memory-mapped file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("a+b")
        if path.stat().st_size < SLOTS * 8:
            self.file.truncate(SLOTS * 8)
        self.map = mmap.mmap(self.file.fileno(), SLOTS * 8)

    def get(self, table: str) -> int:
        return int.from_bytes(self.map[slot(table) * 8 : slot(table) * 8 + 8], "little")

    def snapshot(self) -> bytes:
        return self.map[:]

    @staticmethod
    def of(snapshot: bytes, table: str) -> int:
        return int.from_bytes(snapshot[slot(table) * 8 : slot(table) * 8 + 8], "little")

    def bump(self, tables) -> None:
        fcntl.flock(self.file.fileno(), fcntl.LOCK_EX)
        try:
            for number in {slot(t) for t in tables}:
                value = int.from_bytes(self.map[number * 8 : number * 8 + 8], "little") + 1
                self.map[number * 8 : number * 8 + 8] = value.to_bytes(8, "little")
        finally:
            fcntl.flock(self.file.fileno(), fcntl.LOCK_UN)


class MemoryStore:
    name = "memory"

    def __init__(self, generations_path: Path, max_bytes: int):
        self.generations = GenerationFile(generations_path)
        self.pages: OrderedDict[str, Entry] = OrderedDict()
        self.expiry: dict[str, float] = {}  # when each page's life ends (time.time())
        self.size, self.max_bytes, self.lock = 0, max_bytes, Lock()

    def snapshot(self):
        return self.generations.snapshot()

    def generation_in(self, snapshot, table: str) -> int:
        return GenerationFile.of(snapshot, table)

    def get(self, key: str) -> Entry | None:
        entry = self.pages.get(key)
        if entry is None:
            return None
        if time.time() >= self.expiry.get(key, 0):  # its life is over, whatever was written
            return None
        current = self.generations.get
        if any(current(table) != value for table, value in entry.generations.items()):
            return None
        return entry

    def put(self, key: str, entry: Entry, ttl: int) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size -= len(old.body) if old else 0
            self.pages[key] = entry
            self.expiry[key] = time.time() + ttl
            self.size += len(entry.body)
            while self.size > self.max_bytes and self.pages:
                evicted_key, evicted = self.pages.popitem(last=False)
                self.expiry.pop(evicted_key, None)
                self.size -= len(evicted.body)

    def bump(self, tables) -> None:
        self.generations.bump(tables)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.expiry.clear()
            self.size = 0


@dataclass
class RedisStore:
    url: str
    prefix: str = "council:page:"
    retry_after: float = 5.0
    down_until: float = 0.0
    unsent: set = field(default_factory=set)  # bumps Redis did not take yet
    name: str = "redis"

    def __post_init__(self):
        import redis

        self.errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(
            self.url, socket_timeout=0.25, socket_connect_timeout=0.25
        )
        self.generations_key = self.prefix + "generations"

    def _available(self) -> bool:
        if time.monotonic() < self.down_until:
            return False
        if self.unsent:  # writes this process could not announce: nothing cached is trusted
            try:
                self._send_bumps(self.unsent)
                self.unsent = set()
            except self.errors:
                return self._failed("bump")
        return True

    def _failed(self, what: str) -> bool:
        log.warning("page cache: Redis unavailable (%s); pages are rendered uncached", what)
        self.down_until = time.monotonic() + self.retry_after
        return False

    def snapshot(self):
        if not self._available():
            return None
        try:
            raw = self.client.hgetall(self.generations_key)
        except self.errors:
            self._failed("read")
            return None
        return {key.decode(): int(value) for key, value in raw.items()}

    def generation_in(self, snapshot, table: str) -> int:
        return snapshot.get(table, 0)

    def get(self, key: str) -> Entry | None:
        if not self._available():
            return None
        try:
            raw = self.client.get(self.prefix + key)
            if raw is None:
                return None
            entry = Entry.loads(raw)
            tables = list(entry.generations)
            current = self.client.hmget(self.generations_key, tables) if tables else []
        except self.errors:
            self._failed("read")
            return None
        if any(
            int(now or 0) != entry.generations[t] for t, now in zip(tables, current, strict=True)
        ):
            return None
        return entry

    def put(self, key: str, entry: Entry, ttl: int) -> None:
        if not self._available():
            return
        try:
            self.client.set(self.prefix + key, entry.dumps(), ex=ttl)
        except self.errors:
            self._failed("write")

    def _send_bumps(self, tables) -> None:
        pipe = self.client.pipeline(transaction=False)
        for table in tables:
            pipe.hincrby(self.generations_key, table, 1)
        pipe.execute()

    def bump(self, tables) -> None:
        tables = {*tables, *self.unsent}
        try:
            self._send_bumps(tables)
            self.unsent = set()
        except self.errors:
            self.unsent = tables
            self._failed("bump")

    def clear(self) -> None:
        try:
            keys = list(self.client.scan_iter(self.prefix + "*"))
            if keys:
                self.client.delete(*keys)
        except self.errors:
            self._failed("clear")
