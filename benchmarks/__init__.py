"""Side-by-side benchmarks for mpwasm-kernel: kernel latencies, guest compute, headless notebooks.

Run ``python -m benchmarks`` (``--quick`` for a short run) from the repository root; results go
to ``benchmarks/results/``. See ``benchmarks/README.md``.
"""
