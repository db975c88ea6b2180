"""Serve the mall: gunicorn for pages and API, plus a Celery worker with its beat scheduler."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站（gunicorn）和后台任务（Celery worker + beat）"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("MALL_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))

    def handle(self, *args, bind: str, workers: int, **options):
        bin_dir = os.path.dirname(sys.executable)
        commands = {
            "web": [
                os.path.join(bin_dir, "gunicorn"), "mall.wsgi:application",
                "--bind", bind, "--workers", str(workers), "--access-logfile", "-",
            ],
            "worker": [
                os.path.join(bin_dir, "celery"), "-A", "mall", "worker", "--beat",
                "--loglevel", "INFO", "--concurrency", "1", "--pool", "solo",
            ],
        }  # fmt: skip
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        self.stdout.write(self.style.SUCCESS(f"沪上商城已启动：http://{bind}/  （Ctrl+C 停止）"))
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                process.wait(timeout=20)
        failed = [name for name, p in processes.items() if p.returncode not in (0, -15, None)]
        if failed:
            raise SystemExit(f"stopped: {', '.join(failed)} exited with an error")
