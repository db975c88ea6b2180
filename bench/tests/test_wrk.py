import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.wrk import WrkError, parse_wrk_output, run_wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40123/ping
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.90ms  310.00us   9.80ms   93.00%
    Req/Sec     2.11k   150.00     2.40k    71.00%
  21050 requests in 10.00s, 3.41MB read
BENCH_RESULT {"requests": 21050, "duration_us": 10004000, "bytes": 3575000, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 1}, \
"latency_us": {"p50": 837, "p99": 2079, "max": 9800}}
Requests/sec:   2104.16
Transfer/sec:    349.00KB
"""


def test_parses_the_result_line_among_wrks_own_summary():
    result = parse_wrk_output(WRK_OUTPUT)

    assert result.requests == 21050
    assert result.seconds == pytest.approx(10.004)
    assert result.rps == pytest.approx(21050 / 10.004)
    assert (result.p50_ms, result.p99_ms, result.max_ms) == (0.837, 2.079, 9.8)


def test_failed_counts_bad_statuses_and_socket_errors():
    assert parse_wrk_output(WRK_OUTPUT).failed == 4


def test_output_without_a_result_line_is_an_error():
    with pytest.raises(WrkError, match="no result"):
        parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_a_run_that_completed_no_request_is_an_error():
    empty = WRK_OUTPUT.replace('"requests": 21050', '"requests": 0')
    with pytest.raises(WrkError, match="no request"):
        parse_wrk_output(empty)


@pytest.mark.parametrize("url", ["http://10.0.0.5/ping", "http://example.com/", "http://[::2]/"])
def test_refuses_anything_but_loopback(url):
    with pytest.raises(WrkError, match="non-loopback"):
        run_wrk(url, seconds=1, connections=1)


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_report_script_speaks_the_format_the_parser_reads():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_wrk(f"http://127.0.0.1:{server.server_port}/", seconds=1, connections=1)
    finally:
        server.shutdown()
        server.server_close()

    assert result.requests > 0
    assert result.failed == 0
    assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms
