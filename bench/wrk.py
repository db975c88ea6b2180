"""Drive wrk against a loopback URL and read its result."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPORT_SCRIPT = Path(__file__).with_name("report.lua")
RESULT_PREFIX = "BENCH_RESULT "
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def failed(self) -> int:
        """Requests without a 2xx/3xx answer, plus socket errors of any kind."""
        return sum(self.errors.values())


def parse_wrk_output(output: str) -> WrkResult:
    """The result line printed by report.lua; WrkError if wrk did not get that far."""
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            data = json.loads(line[len(RESULT_PREFIX) :])
            break
    else:
        raise WrkError(f"wrk printed no result:\n{output[-2000:]}")
    if data["requests"] == 0 or data["duration_us"] <= 0:
        raise WrkError(f"wrk completed no request:\n{output[-2000:]}")
    latency = data["latency_us"]
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1_000_000,
        p50_ms=latency["p50"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        errors=data["errors"],
    )


def ensure_wrk() -> str:
    """The wrk binary, installed from Debian's packages when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, check=True)
        subprocess.run(install, capture_output=True, check=True)
    found = shutil.which("wrk")
    if not found:
        raise WrkError("wrk is not installed and apt-get could not install it")
    return found


def run_wrk(url: str, *, seconds: int, connections: int, threads: int = 1) -> WrkResult:
    """Load `url` for `seconds`; refuses anything but a loopback address."""
    if urlsplit(url).hostname not in LOOPBACK_HOSTS:
        raise WrkError(f"refusing to load a non-loopback address: {url}")
    command = [
        ensure_wrk(), "--threads", str(threads), "--connections", str(connections),
        "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(REPORT_SCRIPT), url,
    ]  # fmt: skip
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if completed.returncode != 0:
        raise WrkError(f"wrk exited with {completed.returncode}: {completed.stderr[-2000:]}")
    return parse_wrk_output(completed.stdout)
