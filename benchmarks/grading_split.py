"""Where the CPU of ``mpwasm-kernel execute --jobs N`` goes: start-up, worker start, per-notebook
I/O and bookkeeping, and the notebooks' own work (issue 29: "bound by the notebooks' own work,
not start-up").

``python -m benchmarks.grading_split FOLDER [--jobs 2] [--wall 2]`` prints the split as JSON.
`split` runs the phases of the command one after another in a fresh process (this module as a
child), timing each with the process's CPU clock, so the machine's other jobs hardly move them:

- *interpreter start*: a bare ``python -c pass`` (the command's process; a fork server, when
  workers start from one, pays it again);
- *command imports*: what ``python -m mpwasm_kernel execute`` imports before it starts workers;
- *worker-side imports*: the executor, the sandbox and wasmtime (`PRELOAD`), imported once by
  the process the workers fork from;
- *worker start* (× jobs): engine, compiled module (from the disk cache), booted image, the first
  sandbox and its probe run — `warm_up`, what each worker does before its first notebook;
- *notebook I/O*: reading each file, parsing its JSON, serialising the executed notebook and the
  task and result that cross the process boundary, writing the file;
- *bookkeeping*: the executor's work around the cells (the reset to a fresh interpreter, output
  recording, the report);
- *notebooks' cells*: the request runner running each cell (guest code, with the host calls it
  makes) — the notebooks' own work; their fuel is reported beside it.

Each phase is the median of three runs. `grading.py` runs the real command beside it and reports
the difference between its measured CPU (all processes) and the sum of these phases as *process
pool and transport* (pipes, locks, the pool's threads, process exits; a fork server and a
resource tracker process when they are used). The phases and the command run at different
moments, so on a loaded machine that difference also carries the load's noise (±0.3 s seen at
load average 20 on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PHASES = ("interpreter start", "command imports", "worker-side imports", "worker start", "notebook I/O",
          "bookkeeping", "notebooks' cells")
#: What the command imports before it starts workers (``python -m mpwasm_kernel execute``).
COMMAND_IMPORTS = ("mpwasm_kernel.__main__", "mpwasm_kernel.cli.execute", "mpwasm_kernel.grading.backends",
                   "mpwasm_kernel.grading.batch", "concurrent.futures.process")


def _child_cpu(code: str, env: dict[str, str]) -> float:
    """CPU seconds (user + system) of ``python -c code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _prepare_fork() -> None:
    """The worker-side imports as the command does them before forking (older trees: `PRELOAD`)."""
    from importlib import import_module

    from mpwasm_kernel.grading import backends

    prepare = getattr(backends, "prepare_fork", None)
    if prepare is not None:
        prepare()
    else:
        for name in backends.PRELOAD:
            import_module(name)


def measure_in_process(folder: Path, jobs: int, wall: float) -> dict[str, Any]:
    """The phases after start-up, in this process (it has imported nothing of the package yet)."""
    cpu = time.process_time
    phases: dict[str, float] = dict.fromkeys(PHASES, 0.0)
    t = cpu()
    for name in COMMAND_IMPORTS:
        __import__(name)
    phases["command imports"] = cpu() - t
    t = cpu()
    _prepare_fork()
    phases["worker-side imports"] = cpu() - t

    import dataclasses

    from mpwasm_kernel.grading.options import ExecutionOptions
    from mpwasm_kernel.grading.report import NotebookReport
    from mpwasm_kernel.grading.worker import Task, TaskResult, load_notebook, warm_executor, warm_up
    from mpwasm_kernel.sandbox.limits import Limits

    options = ExecutionOptions(limits=dataclasses.replace(Limits(), wall_seconds=wall))
    t = cpu()
    warm_up(options)
    phases["worker start"] = (cpu() - t) * jobs  # every worker does it
    executor = warm_executor(options)
    cells = [0.0]
    runner = executor.runner
    plain_run = runner.run

    def timed_run(*args: Any, **kwargs: Any) -> Any:
        start = cpu()
        try:
            return plain_run(*args, **kwargs)
        finally:
            cells[0] += cpu() - start

    runner.run = timed_run  # type: ignore[method-assign]
    out = folder.parent / (folder.name + "-split-out")
    out.mkdir(exist_ok=True)
    fuel = notebooks = 0
    io = execute = 0.0
    for path in sorted(folder.glob("*.ipynb")):
        t = cpu()
        task = pickle.loads(pickle.dumps(Task(notebooks, str(path), path.read_text(encoding="utf-8"), options)))
        nb = load_notebook(task.text)
        io += cpu() - t
        t = cpu()
        report = executor.execute(nb, parameters={}, path=task.name)
        execute += cpu() - t
        t = cpu()
        text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        result = pickle.loads(pickle.dumps(TaskResult(task.index, report.as_dict(), text)))
        NotebookReport.from_dict(result.report)
        (out / path.name).write_text(result.text, encoding="utf-8")
        io += cpu() - t
        fuel += report.fuel
        notebooks += 1
    phases["notebook I/O"] = io
    phases["notebooks' cells"] = cells[0]
    phases["bookkeeping"] = execute - cells[0]
    return {"phases": phases, "notebooks": notebooks, "fuel": fuel}


def split(folder: Path, jobs: int = 2, wall: float = 2.0, env: dict[str, str] | None = None,
          repeat: int = 3) -> dict[str, Any]:
    """The CPU split of the batch in `folder` (fresh processes; see the module's docstring): each
    phase's median over `repeat` runs (the machine's load moves single runs by a third)."""
    env = dict(env if env is not None else os.environ)
    interpreter = min(_child_cpu("pass", env) for _ in range(3))
    imports = min(_child_cpu("; ".join(f"import {name}" for name in COMMAND_IMPORTS), env) for _ in range(3))
    runs = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-m", "benchmarks.grading_split", str(folder), "--jobs", str(jobs),
                               "--wall", str(wall), "--in-process"], env=env, check=True, capture_output=True,
                              text=True)
        runs.append(json.loads(proc.stdout))
    data = runs[0]
    phases = {name: statistics.median(run["phases"][name] for run in runs) for name in PHASES}
    # the command's imports from a fresh interpreter (the child had some of them already)
    phases.update({"interpreter start": interpreter, "command imports": max(imports - interpreter, 0.0)})
    data["phases"] = {name: phases[name] for name in PHASES}
    data["runs"] = [run["phases"] for run in runs]
    data["jobs"] = jobs
    return data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--wall", type=float, default=2.0)
    p.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.in_process:
        print(json.dumps(measure_in_process(args.folder, args.jobs, args.wall)))
    else:
        print(json.dumps(split(args.folder, args.jobs, args.wall), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
