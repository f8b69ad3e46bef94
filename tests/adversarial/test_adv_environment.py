"""The host environment and network: invisible and unreachable.

The guest has no `os.environ`/`getenv`/`system`/`popen`, no sockets, and every introspection a
student might try shows nothing of the host: the canary environment variable set in this process
(inherited by every sandbox and kernel in the suite) never appears in any output.
"""

from __future__ import annotations

import pytest
from hostile_support import ENV_NAME, Hostile

ENVIRONMENT = {
    "environ": ("import os\nos.environ", "AttributeError"),
    "getenv": (f"import os\nos.getenv({ENV_NAME!r})", "AttributeError"),
    "putenv": ("import os\nos.putenv('A', 'B')", "AttributeError"),
    "system": ("import os\nos.system('id')", "AttributeError"),
    "popen": ("import os\nos.popen('id')", "AttributeError"),
    "exec_family": ("import os\nos.execv('/bin/sh', ['sh'])", "AttributeError"),
    "fork": ("import os\nos.fork()", "AttributeError"),
    "kill": ("import os\nos.kill(1, 9)", "AttributeError"),
    "subprocess": ("import subprocess", "ImportError"),
    "ctypes": ("import ctypes", "ImportError"),
    "ffi": ("import ffi", "ImportError"),
    "machine": ("import machine", "ImportError"),
    "uos_environ": ("import uos\nuos.getenv('HOME')", ("ImportError", "AttributeError")),
    "sys_executable": ("import sys\nsys.executable", "AttributeError"),
}


@pytest.mark.parametrize(("source", "expect"), ENVIRONMENT.values(), ids=ENVIRONMENT.keys())
def test_no_environment_or_process_access(hostile: Hostile, source: str, expect: str | tuple) -> None:
    """Environment, process and FFI entry points do not exist in the guest."""
    hostile.attack(source, expect)


INTROSPECTION = [
    "import sys\n(sys.argv, sys.path, sys.platform, sys.version, sys.implementation, sys.byteorder)",
    "import os\n(os.getcwd(), os.listdir('/'), os.listdir('/tmp'), os.listdir('/dev'), os.listdir('/lib'))",
    "import os\nos.uname() if hasattr(os, 'uname') else dir(os)",
    "import sys\nsorted(sys.modules)",
    "import sys\n[str(sys.modules[k]) for k in sorted(sys.modules)]",
    "help('modules')",
    "import gc, micropython\nmicropython.mem_info(1)",
    "import time\n(time.time(), time.localtime(), time.ticks_ms())",
    "import uctypes\nbytes(uctypes.bytearray_at(0, 1 << 20))",
    "import uctypes\nm = uctypes.bytearray_at(0, 8 << 20)\n[m[i:i + 64] for i in range(0, len(m), 1 << 16)]",
    "open('/proc/self/environ').read()",
    "import builtins\ndir(builtins)",
    "globals()",
]


@pytest.mark.parametrize("source", INTROSPECTION)
def test_introspection_shows_nothing_of_the_host(hostile: Hostile, source: str) -> None:
    """Whatever the guest prints about itself, the host's environment and files are not in it
    (Hostile.attack checks every output for the canaries)."""
    # OutputLimitExceeded: a 1 MiB bytes repr is larger than the hostile fixture's output limit
    # (whether it gets that far depends on how cheaply repr grows its buffer); the 64-byte slices
    # of the next source are what reach the output and get checked for the canaries.
    hostile.attack(source, (None, "OSError", "FileNotFoundError", "AttributeError", "MemoryError", "FuelExhausted",
                            "TimeLimitExceeded", "OutputLimitExceeded"))


NETWORK = {
    "socket": ("import socket", "ImportError"),
    "usocket": ("import usocket", "ImportError"),
    "ssl": ("import ssl", "ImportError"),
    "network": ("import network", "ImportError"),
    "requests": ("import requests", "ImportError"),
    "urequests": ("import urequests", "ImportError"),
    # urllib.parse is pure computation; opening a URL says there is no network
    "urllib": ("import urllib.request\nurllib.request.urlopen('http://1.1.1.1/')", "URLError"),
    "urllib_retrieve": ("from urllib.request import urlretrieve\nurlretrieve('http://1.1.1.1/x', 'x')", "URLError"),
    "http_client": ("import http.client", "ImportError"),
    "websocket": ("import websocket", "ImportError"),
    "asyncio_open_connection": (
        "import asyncio\nasync def m():\n    await asyncio.open_connection('1.1.1.1', 80)\nasyncio.run(m())",
        ("ImportError", "AttributeError", "OSError")),
    "select_poll_device": (
        "import select\np = select.poll()\np.register(open('/dev/mpk', 'rb'))\np.poll(100)", None),
    "select_poll_stdin": ("import select\np = select.poll()\np.register(0)\np.poll(-1)", ("OSError", "TypeError")),
    "select_select": ("import select\nselect.select([0], [], [], 0)", (None, "OSError", "AttributeError")),
    "stdin_read": ("import sys\nsys.stdin.read()", None),
}


@pytest.mark.parametrize(("source", "expect"), NETWORK.values(), ids=NETWORK.keys())
def test_no_network(hostile: Hostile, source: str, expect: str | tuple | None) -> None:
    """No socket module exists; select/poll only sees the sandbox's own devices and never blocks."""
    hostile.attack(source, expect)
