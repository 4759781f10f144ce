"""The page benchmark reads its figures from wrk's report (home/benchmark_pages.py)."""

import pytest

from home.benchmark_pages import wrk_figures

REPORT = """Running 10s test @ http://127.0.0.1:8501/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.05us  301.22us  12.10ms   97.51%
    Req/Sec     4.98k   210.33     5.40k    71.00%
  Latency Distribution
     50%  380.00us
     75%  455.00us
     90%  540.00us
     99%    1.52ms
  99012 requests in 10.00s, 1.31GB read
Requests/sec:   9897.63
Transfer/sec:    134.12MB
"""


def test_rate_and_percentiles_in_milliseconds():
    assert wrk_figures("/", REPORT) == (9897.63, pytest.approx(0.38), pytest.approx(1.52))


def test_error_answers_fail_the_round():
    failed = REPORT.replace("Requests/sec", "  Non-2xx or 3xx responses: 12\nRequests/sec")
    with pytest.raises(RuntimeError, match="not every answer"):
        wrk_figures("/", failed)
    with pytest.raises(RuntimeError, match="not every answer"):
        wrk_figures("/", REPORT.replace("Requests/sec", "  Socket errors: connect 0, read 3\nRequests/sec"))
