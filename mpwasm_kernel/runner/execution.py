"""`Execution`: a request running on its own thread, its outputs readable as they happen.

For front ends that pull rather than receive callbacks (an MCP server answering with progress,
a web handler): ``for output in runner.submit(request): ...`` yields each `Output` as the guest
produces it; `Execution.outcome` then gives the `Outcome`; `Execution.interrupt` stops it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from .outputs import Output
from .request import InputFunction, Outcome, OutputFunction

__all__ = ["Execution", "RunFunction"]

#: Runs the request to its end, passing each output on as it happens: ``run(on_output, on_input)``.
RunFunction = Callable[[OutputFunction, InputFunction | None], Outcome]

_END = object()


class Execution:
    """One request, started at once on a daemon thread (see `RequestRunner.submit`).

    Iterate it once: it yields the outputs in order (the result or error last) and ends when the
    request has finished. Outputs are queued, so a slow reader never blocks the guest.
    """

    def __init__(self, run: RunFunction, interrupt: Callable[[], None],
                 on_input: InputFunction | None = None) -> None:
        """Start `run` on a new daemon thread; `interrupt` is what `Execution.interrupt` calls."""
        self._run = run
        self._interrupt = interrupt
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._done = threading.Event()
        self._outcome: Outcome | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._main, args=(on_input,), name="mpwasm-request",
                                        daemon=True)
        self._thread.start()

    def _main(self, on_input: InputFunction | None) -> None:
        try:
            self._outcome = self._run(self._queue.put, on_input)
        except BaseException as err:  # noqa: B036 - re-raised by outcome() on the caller's thread
            self._failure = err
        finally:
            self._done.set()
            self._queue.put(_END)

    def __iter__(self) -> Iterator[Output]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            yield item  # type: ignore[misc]

    @property
    def done(self) -> bool:
        """True once the request has finished."""
        return self._done.is_set()

    def outcome(self, timeout: float | None = None) -> Outcome:
        """Wait for the request (at most `timeout` seconds: `TimeoutError`) and return its `Outcome`."""
        if not self._done.wait(timeout):
            raise TimeoutError("the request is still running")
        if self._failure is not None:
            raise self._failure
        assert self._outcome is not None
        return self._outcome

    def interrupt(self) -> None:
        """Interrupt the request (see `RequestRunner.interrupt`); thread-safe."""
        self._interrupt()
