"""Real Celery worker processes against the test PostgreSQL database and a real Redis broker.

Fault tests also get servers of their own (a private redis-server, a private PostgreSQL cluster)
that they may stop and restart without disturbing the shared ones other test runs use.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = Path("/usr/bin/redis-server")
PG_BIN = Path("/usr/lib/postgresql/15/bin")


class WorkerProcess:
    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--concurrency", "1", "--pool", "prefork",
                "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
                "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): nothing gets to clean up."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker_url() -> str:
    import redis

    url = settings.CELERY_BROKER_URL
    redis.Redis.from_url(url).flushdb()  # no messages left over from another test
    return url


@pytest.fixture
def start_worker(tmp_path, broker_url) -> Callable[..., WorkerProcess]:
    """Start worker processes that use the test database (tests must use transaction=True).

    `broker` and `database_url` point a worker at a private Redis or PostgreSQL instead; every
    other keyword is an environment variable for the worker (fault steps, short leases).
    """
    workers: list[WorkerProcess] = []
    db = settings.DATABASES["default"]
    test_database_url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"

    def start(*, broker: str | None = None, database_url: str | None = None, **extra_env: str) -> WorkerProcess:
        env = {
            **os.environ,
            "DATABASE_URL": database_url or test_database_url,
            "REDIS_URL": broker or broker_url,
            "CELERY_BROKER_URL": broker or broker_url,
            "NEWSROOM_DATA_DIR": str(tmp_path),
            **extra_env,
        }
        worker = WorkerProcess(env, tmp_path / "worker.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n--- worker log ---\n{tail}")


def unacknowledged_messages_due(broker_url: str, visibility_timeout: float) -> bool:
    """Every message a worker took and never acknowledged is older than the visibility timeout.

    Kombu gives such a message back only when a worker scans for it: once as the worker starts,
    then every ~100 s (10 s interval x throttle 10). A worker started before the message is due
    misses it for 100 s, so tests wait for this before starting the worker that should take it.
    """
    import redis

    taken = redis.Redis.from_url(broker_url).zrange("unacked_index", 0, -1, withscores=True)
    return bool(taken) and all(time.time() - at > visibility_timeout + 1 for _, at in taken)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> str:
    """Run a manage.py command in a process of its own; its output, or a failure showing it."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# --- a private Redis ----------------------------------------------------------------------------


class RedisServer:
    """A redis-server on a port of its own, empty at every start (no snapshot, no append-only file)."""

    def __init__(self, port: int, folder: Path):
        self.port = port
        self.folder = folder
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def answers(self) -> bool:
        import redis

        try:
            return bool(self.client().ping())
        except redis.ConnectionError:
            return False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=(self.folder / "redis.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(self.answers, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        assert not self.answers(), f"something else answers on port {self.port}"


@pytest.fixture
def private_redis(tmp_path) -> Iterator[RedisServer]:
    if not REDIS_SERVER.exists():
        pytest.skip(f"FAULT TEST SKIPPED: {REDIS_SERVER} not installed (needed to stop a Redis of the test's own)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(free_port(), folder)
    server.start()
    yield server
    server.stop()


@contextmanager
def celery_app_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (which read its broker URL from settings at import) at `url`.

    Its connection and producer pools are bound to the old URL, so they are dropped on the way in
    and on the way out; the next send builds new ones.
    """
    from newsroom.celery import app

    def drop_pools() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    drop_pools()
    app.conf.broker_url = url
    try:
        yield
    finally:
        drop_pools()
        app.conf.broker_url = previous


# --- a private PostgreSQL -------------------------------------------------------------------------


class PostgresCluster:
    """A PostgreSQL 15 cluster in a temporary folder owned by postgres, run with the cluster's own tools."""

    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.data = folder / "data"
        self.port = port

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args],
                                capture_output=True, text=True, timeout=60)
        log = self.folder / "postgres.log"
        assert result.returncode == 0, (
            f"{tool} failed:\n{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale", "C.UTF-8",
                  "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "newsroom")

    def start(self) -> None:
        # fsync off: the cluster is thrown away after the test. -l: the server must not inherit
        # (and hold open) the pipe this process reads pg_ctl's output from.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.folder / "postgres.log"), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; "fast" disconnects every session and rolls back open transactions."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))

    def restart(self) -> None:
        """pg_ctl restart -m fast: the running server's sessions are cut, a new server starts at once."""
        self._run("pg_ctl", "restart", "-w", "-m", "fast", "-D", str(self.data), "-l", str(self.folder / "postgres.log"))

    def query(self, sql: str, *params) -> list[tuple]:
        """Rows of one query on a fresh connection (a restart ends every earlier one)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def private_postgres(tmp_path) -> Iterator[PostgresCluster]:
    """A migrated private cluster; skipped where PostgreSQL's server tools or root are missing."""
    missing = [str(p) for p in (PG_BIN / "initdb", PG_BIN / "pg_ctl") if not p.exists()]
    if missing or shutil.which("runuser") is None or os.geteuid() != 0:
        pytest.skip("FAULT TEST SKIPPED: a private PostgreSQL cluster needs root, runuser and PostgreSQL 15's "
                    f"server tools in {PG_BIN} (missing: {', '.join(missing) or 'root/runuser'})")
    try:
        postgres = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("FAULT TEST SKIPPED: no 'postgres' system user to own a private PostgreSQL cluster")
    # Not under tmp_path: pytest's folders are private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-faults-pg-"))
    os.chown(folder, postgres.pw_uid, postgres.pw_gid)
    cluster = PostgresCluster(folder, free_port())
    try:
        cluster.init()
        manage("migrate", "--no-input", "-v", "0", env={"DATABASE_URL": cluster.url, "NEWSROOM_DATA_DIR": str(tmp_path)})
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
