"""Guest numpy/matplotlib costs: import time of ``numpy`` (ulab kernel) and ``matplotlib.pyplot``,
and the time to render a 1,000-point line plot to SVG.

Run: ``python -m benchmarks.plots [--repeat N]``. Each import is timed in a fresh ``Sandbox``
(creation excluded) as the wall time of the ``Sandbox.run`` that imports; render times are the
median of N runs in one sandbox. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "compat"))

import guestlib  # noqa: E402

from mpwasm_kernel.sandbox import Sandbox  # noqa: E402

LINE_1000 = (
    "import math\nxs = [i / 100 for i in range(1000)]\nys = [math.sin(v) for v in xs]\n"
    "plt.figure(); plt.plot(xs, ys, label='sin'); plt.title('1,000 points'); plt.legend()\n"
    "_svg = plt.gcf()._repr_svg_(); plt.close('all')"
)
LINE_1000_CELL = (
    "import math\nxs = [i / 100 for i in range(1000)]\nys = [math.sin(v) for v in xs]\n"
    "plt.plot(xs, ys, label='sin'); plt.title('1,000 points'); plt.legend()"
)


def _timed(sb: Sandbox, code: str) -> float:
    result = sb.run(code)
    if not result.ok:
        raise RuntimeError(f"{code!r} failed: {result.error}")
    return result.seconds


def import_cost(variant: str, code: str, packages: tuple[str, ...], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with Sandbox(variant=variant) as sb:
            guestlib.install(sb, *packages)
            times.append(_timed(sb, code))
    return statistics.median(times)


def render_cost(code: str, repeat: int, variant: str = "micropython") -> float:
    with Sandbox(variant=variant) as sb:
        guestlib.install(sb, "matplotlib")
        _timed(sb, "import matplotlib.pyplot as plt")
        _timed(sb, code)  # warm
        return statistics.median(_timed(sb, code) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = [
        ("import numpy (ulab kernel)", import_cost("ulab", "import numpy as np", ("numpy",), args.repeat)),
        ("import matplotlib.pyplot", import_cost("micropython", "import matplotlib.pyplot as plt",
                                                  ("matplotlib",), args.repeat)),
        ("import both (ulab kernel)", import_cost("ulab", "import numpy as np\nimport matplotlib.pyplot as plt",
                                                   ("numpy", "matplotlib"), args.repeat)),
        ("1,000-point line plot: build + render SVG", render_cost(LINE_1000, args.repeat)),
        ("1,000-point line plot: whole cell, inline display", render_cost(LINE_1000_CELL, args.repeat)),
    ]
    print("| measurement | median seconds |\n|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
