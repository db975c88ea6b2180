"""The production server (gunicorn) on a free loopback port, stopped whatever happens."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.wrk import LOOPBACK_HOSTS

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 30


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """Status and body of a GET to a loopback URL; error statuses are returned, not raised."""
    if urllib.parse.urlsplit(url).hostname not in LOOPBACK_HOSTS:
        raise ServerError(f"refusing a non-loopback address: {url}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path, workers: int = 2) -> Iterator[str]:
    """Serve mall.wsgi with `workers` sync workers; yields the base URL."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "mall.wsgi:application",
        "--workers", str(workers), "--bind", f"{HOST}:{port}",
        "--error-logfile", str(log_path), "--log-level", "warning",
    ]  # fmt: skip
    # The application's own log (tracebacks of any 500) goes to the same file as gunicorn's.
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    base_url = f"http://{HOST}:{port}"
    try:
        _wait_until_ready(process, base_url, log_path)
        yield base_url
    finally:
        _stop(process)


def _wait_until_ready(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            if fetch(f"{base_url}/ping", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer /ping within {START_TIMEOUT} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (master and workers); SIGKILL what lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=STOP_TIMEOUT)
