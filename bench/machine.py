"""Facts about the machine and the code a result was measured on."""

import os
import platform
import sqlite3
import subprocess
from datetime import datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{revision} (uncommitted changes)" if git("status", "--porcelain", "mall") else revision


def load_average() -> str:
    """1, 5 and 15 minutes: other work on the machine shows here, and skews every figure."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_facts(**extra: str) -> dict[str, str]:
    """Date, code revision, CPU, and versions; `extra` adds e.g. the PostgreSQL version."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "revision": git_revision(),
        "cpu": f"{os.cpu_count()} × {cpu_model()}",
        "load average at start": load_average(),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "sqlite": sqlite3.sqlite_version,
        **extra,
    }
