"""Interrupts that cannot arrive before the run they are meant for (load-proof, unlike a timer).

The guest calls the host function `running()` at the point the test means; another thread then
interrupts the sandbox (after `delay` seconds, e.g. to land inside a following `time.sleep`). A
timer started before `Sandbox.run` can fire before the run begins on a busy machine, and an
interrupt of an idle sandbox is a no-op.
"""

from __future__ import annotations

import threading
import time

from mpwasm_kernel import Sandbox

WAIT_SECONDS = 240.0  # longest wait for the guest's signal (the thread then ends without interrupting)


class InterruptWhenRunning:
    """`functions` (pass to `Sandbox`) holds `running`; `arm(sandbox)` starts the interrupting thread."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self._running = threading.Event()
        self._disarmed = False
        self.functions = {"running": self._running.set}

    def arm(self, sandbox: Sandbox) -> None:
        def interrupt() -> None:
            if self._running.wait(WAIT_SECONDS) and not self._disarmed:
                time.sleep(self.delay)
                sandbox.interrupt()

        threading.Thread(target=interrupt, name="interrupt-when-running", daemon=True).start()

    def disarm(self) -> None:
        """End the waiting thread without an interrupt (for a sandbox whose guest never signalled)."""
        self._disarmed = True
        self._running.set()
