"""Array arithmetic: ulab.numpy in MicroPython, numpy in CPython, plain lists otherwise.

The checksum is rounded so the three backends agree.
"""

try:
    from ulab import numpy as np

    backend = "ulab"
except ImportError:
    try:
        import numpy as np

        backend = "numpy"
    except ImportError:
        np = None
        backend = "lists"

N = 100000
ROUNDS = 60


def with_np():
    x = np.linspace(0, 1, N)
    acc = 0.0
    for r in range(ROUNDS):
        y = x * (r + 1) + 0.5
        z = y * y - x
        acc += float(np.sum(z)) + float(np.max(z)) - float(np.min(z))
        acc += float(np.mean(np.sqrt(y)))
    return acc


def with_lists():
    x = [i / (N - 1) for i in range(N)]
    acc = 0.0
    for r in range(ROUNDS):
        y = [v * (r + 1) + 0.5 for v in x]
        z = [a * a - b for a, b in zip(y, x)]  # noqa: B905 - MicroPython has no strict=
        acc += sum(z) + max(z) - min(z)
        acc += sum([a ** 0.5 for a in y]) / N
    return acc


acc = with_np() if np is not None else with_lists()
print("backend", backend)
print("checksum", round(acc / 1000, 2))
