"""`make bench`: page throughput against the trivial view, search latency and seeding time.

Run as `python -m bench [pages|search|seed|all]`; see docs/benchmarks.md for the method.
"""
