"""logging: differential tests, stdout and stderr apart (issue 26).

Each cell runs in a subprocess of the host's CPython (in an empty temporary directory) and in
the sandbox; both streams must be equal. Teaching notebooks rely on CPython's defaults: a logger
without configuration writes the bare message to stderr (``lastResort``), ``logging.warning()``
configures the root logger with ``LEVEL:name:message``, and ``reload(logging)`` starts over.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpwasm_kernel import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def check(sandbox: Sandbox, cwd: Path, code: str) -> tuple[str, str]:
    code = textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=60)
    assert proc.returncode == 0, proc.stderr
    sandbox.reset()
    result = sandbox.run(code, store_result=False)
    assert result.error is None, result.error
    assert (result.stdout, result.stderr) == (proc.stdout, proc.stderr)
    return proc.stdout, proc.stderr


def test_unconfigured_logger_writes_the_bare_message(sandbox: Sandbox, tmp_path: Path) -> None:
    out, err = check(sandbox, tmp_path, """
        import logging
        logger = logging.getLogger(__name__)
        logger.setLevel(logging.WARNING)
        logger.debug("This is debug")
        logger.info("This is info")
        logger.warning("This is warning %s", 1)
        logger.error("This is error")
        logger.critical("This is critical")
        logging.getLogger().warning("We are about to do some magical stuff")
        print(logger, logging.getLogger(), logger.parent is logging.root, logger.getEffectiveLevel())
    """)
    assert err.startswith("This is warning 1\n")


def test_module_functions_configure_the_root_logger(sandbox: Sandbox, tmp_path: Path) -> None:
    check(sandbox, tmp_path, """
        import logging, sys
        logging.info("not shown")
        logging.warning("root now configured")
        logging.error("value %d of %s", 3, [1, 2])
        print(logging.root.handlers[0].formatter._fmt)
        logging.basicConfig(level=logging.DEBUG, force=True, format="{levelname}:{message}", style="{",
                            stream=sys.stdout)
        logging.info("shown %s", [1])
        logging.log(25, "custom")
        logging.addLevelName(25, "NOTICE")
        logging.log(25, "custom2")
        print(logging.getLevelName(10), logging.getLevelName("ERROR"), logging.getLevelName(7))
        logging.disable(logging.CRITICAL)
        logging.critical("hidden")
        logging.disable(logging.NOTSET)
        logging.debug("back")
    """)


def test_hierarchy_handlers_formatters_and_filters(sandbox: Sandbox, tmp_path: Path) -> None:
    check(sandbox, tmp_path, """
        import logging, sys
        child = logging.getLogger("app.db")
        app = logging.getLogger("app")
        print(child.parent is app, app.parent is logging.root, child.getEffectiveLevel(), app.getChild("db") is child)
        h = logging.StreamHandler(sys.stdout)
        h.setFormatter(logging.Formatter("%(name)-12s | %(levelname)-10s | %(message)s"))
        app.addHandler(h)
        child.warning("from %s", "child")
        app.propagate = False
        child.error("x=%d", 5)
        h.setLevel(logging.ERROR)
        child.warning("filtered by the handler level")
        f = logging.Filter("app")
        print(f.filter(logging.makeLogRecord({"name": "app.x"})), f.filter(logging.makeLogRecord({"name": "apple"})))
        h.addFilter(lambda record: "secret" not in record.getMessage())
        child.error("a secret")
        child.error("public")
        logging.LoggerAdapter(child, {"user": "ann"}).error("adapted")
        h2 = logging.StreamHandler(sys.stdout)
        h2.setFormatter(logging.Formatter("{levelname} {name}: {message} ({user})", style="{"))
        child.addHandler(h2)
        child.critical("with extra", extra={"user": "bob"})
        print(app.hasHandlers(), logging.getLogger("other").hasHandlers())
    """)


def test_reload_basicconfig_and_file_handler(sandbox: Sandbox, tmp_path: Path) -> None:
    check(sandbox, tmp_path, """
        import logging
        from importlib import reload
        from pathlib import Path
        reload(logging)
        logging.basicConfig(format="%(name)-12s | %(levelname)-10s | %(message)s")
        logger = logging.getLogger("MyLogger")
        logger.warning("Something bad is going to happen")
        reload(logging)
        logger = logging.getLogger("MyFileLogger")
        log_path = Path.cwd() / "my_log.txt"
        file_handler = logging.FileHandler(log_path)
        file_handler.setFormatter(logging.Formatter("%(name)s | %(levelname)s | %(message)s"))
        logger.addHandler(file_handler)
        logger.warning("Oh no!")
        logger.info("This is info")
        file_handler.close()
        print(log_path.read_text())
    """)


def test_standard_streams_flush(sandbox: Sandbox, tmp_path: Path) -> None:
    check(sandbox, tmp_path, """
        import sys
        print("a")
        sys.stdout.flush()
        sys.stderr.flush()
        print("b", flush=True)
    """)
