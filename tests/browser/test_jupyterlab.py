"""JupyterLab in headless Chromium: what a teacher or student does in the first minutes.

The launcher shows both kernels with their logos; a notebook on each runs a print, a trailing
expression, an error, an HTML display and ``input()`` answered in the stdin box; ``math.`` + Tab
opens the completer; the toolbar's interrupt button stops ``while True`` and keeps the
namespace; the toolbar's restart clears it. Every wait is explicit (WebDriverWait on the DOM).

Deselect locally with ``-m "not browser"``. ``MPWASM_LAB_SCREENSHOT=path.png`` makes
`test_readme_screenshot` run a short tour notebook and save its screenshot there (how
docs/images/jupyterlab.png is made); without it that test is skipped.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

KERNEL_NAMES = {
    "micropython-wasm": "MicroPython (WASM sandbox)",
}
WAIT = 60  # seconds for any single UI state (kernel start on a loaded 2-core machine included)


# ----------------------------------------------------------------------------- page helpers


def _wait(driver: Any, condition: Any, timeout: float = WAIT, message: str = "") -> Any:
    """Poll `condition` until it is true; an element that JupyterLab replaced while the condition
    read it (a stale element: an output area re-rendered) counts as "not yet"."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)


def _css(driver: Any, selector: str, timeout: float = WAIT) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    return _wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, selector)), timeout,
                 f"nothing visible matches {selector!r}")


def _open_lab(driver: Any, lab_server: Any, workspace: str) -> None:
    """Open a fresh workspace (so earlier tabs are not restored) and wait for the launcher."""
    driver.get(f"{lab_server.url}/lab/workspaces/{workspace}?reset&token={lab_server.token}")
    _css(driver, ".jp-Launcher")


def _notebook(driver: Any) -> Any:
    return _css(driver, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")


def _cells(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return _notebook(driver).find_elements(By.CSS_SELECTOR, ".jp-Cell")


def _wait_kernel_idle(driver: Any) -> None:
    """The notebook's kernel status (toolbar indicator) reads idle."""
    _wait(
        driver,
        lambda d: d.execute_script(
            "const el = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
            ".jp-Notebook-ExecutionIndicator');"
            "return el && el.getAttribute('data-status') === 'idle';"
        ),
        message="the kernel never became idle",
    )


def _type_in_last_cell(driver: Any, text: str) -> Any:
    """Put `text` into the last cell's editor by typing; returns the cell element."""
    from selenium.webdriver.common.by import By

    cell = _cells(driver)[-1]
    editor = cell.find_element(By.CSS_SELECTOR, ".cm-content")
    editor.click()
    editor.send_keys(text)
    _wait(driver, lambda d: editor.text == text, 10, f"the editor shows {editor.text!r}, not {text!r}")
    return cell


def _run_cell(driver: Any, text: str, *, wait_prompt: bool = True) -> Any:
    """Type `text` into the last cell, Shift+Enter, and (by default) wait until it finished."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    count = len(_cells(driver))
    cell = _type_in_last_cell(driver, text)
    cell.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(Keys.SHIFT, Keys.ENTER)
    _wait(driver, lambda d: len(_cells(d)) > count, 10, "Shift+Enter did not add a cell below")
    if wait_prompt:
        _wait_started(driver, cell)
        _wait_finished(driver, cell)
    return cell


def _wait_started(driver: Any, cell: Any) -> None:
    """Wait until the cell's prompt leaves ``[ ]:`` (JupyterLab marks a cell ``[*]:`` as it sends
    the request). On a loaded machine JupyterLab sometimes drops a run while the notebook's
    session is still connecting, and the prompt stays ``[ ]:`` with the kernel idle: a cell
    whose prompt still reads ``[ ]:`` was never sent, so running it again (Ctrl+Enter on that
    cell) cannot run it twice. The re-run is repeated every few seconds until it starts."""
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    prompt = cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-prompt")
    last_send = [time.monotonic()]

    def started(d: Any) -> bool:
        if prompt.text.strip() not in ("", "[ ]:"):
            return True
        if time.monotonic() - last_send[0] > 5:
            cell.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(Keys.CONTROL, Keys.ENTER)
            last_send[0] = time.monotonic()
        return False

    _wait(driver, started, message=f"the cell never started: prompt {prompt.text!r}")


def _wait_finished(driver: Any, cell: Any) -> None:
    """The cell's prompt shows an execution count (``[3]:``), not ``[*]:`` or ``[ ]:``."""
    from selenium.webdriver.common.by import By

    prompt = cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-prompt")
    _wait(driver, lambda d: any(ch.isdigit() for ch in prompt.text), message=f"prompt stuck at {prompt.text!r}")


def _outputs_text(cell: Any) -> str:
    """The text of the cell's outputs; read again when an output was re-rendered meanwhile."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    for _ in range(20):
        try:
            return "\n".join(el.text for el in cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output"))
        except StaleElementReferenceException:
            continue
    raise AssertionError("the cell's outputs kept being re-rendered while read")


def _wait_output(driver: Any, cell: Any, needle: str) -> str:
    """Wait until the cell's outputs contain `needle`; returns the text that did."""
    seen: list[str] = []

    def shown(d: Any) -> bool:
        text = _outputs_text(cell)
        if needle in text:
            seen.append(text)
        return bool(seen)

    _wait(driver, shown, message=f"{needle!r} never appeared in the output")
    return seen[-1]


def _toolbar_button(driver: Any, name: str) -> Any:
    return _css(
        driver,
        f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar [data-jp-item-name='{name}'] "
        ":is(button, jp-button)",
    )


def _new_notebook(driver: Any, kernel: str) -> None:
    """Click the kernel's Notebook tile in the launcher and wait for an idle kernel."""
    tile = _css(driver, f".jp-LauncherCard[data-category='Notebook'][title='{KERNEL_NAMES[kernel]}']")
    tile.click()
    _notebook(driver)
    _css(driver, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .cm-content")
    _wait_kernel_idle(driver)


# ----------------------------------------------------------------------------- the test


def test_launcher_shows_both_kernels_with_logos(browser: Any, lab_server: Any) -> None:
    from selenium.webdriver.common.by import By

    _open_lab(browser, lab_server, "launcher")
    for kernel, display_name in KERNEL_NAMES.items():
        tile = _css(browser, f".jp-LauncherCard[data-category='Notebook'][title='{display_name}']")
        logo = tile.find_element(By.CSS_SELECTOR, ".jp-LauncherCard-icon img")
        assert f"/kernelspecs/{kernel}/logo" in logo.get_attribute("src")
        _wait(
            browser,
            lambda d, logo=logo: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", logo),
            message=f"the {kernel} logo did not load",
        )


def test_micropython_notebook_first_minutes(browser: Any, lab_server: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open_lab(browser, lab_server, "micropython")
    _new_notebook(browser, "micropython-wasm")

    cell = _run_cell(browser, 'print("hello from the sandbox")')
    assert "hello from the sandbox" in _wait_output(browser, cell, "hello from the sandbox")

    cell = _run_cell(browser, "6 * 7")
    _wait_output(browser, cell, "42")
    assert cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-executeResult")

    cell = _run_cell(browser, "1 / 0")
    shown = _wait_output(browser, cell, "division by zero")
    assert "----> 1 1 / 0" in shown  # IPython's layout: the source line under the frame

    cell = _run_cell(browser, "from IPython.display import HTML; display(HTML('<b id=\"mpk-html\">bold</b>'))")
    _wait(browser, lambda d: cell.find_elements(By.CSS_SELECTOR, ".jp-RenderedHTMLCommon #mpk-html"),
          message="the HTML display was not rendered as HTML")

    cell = _run_cell(browser, "import matplotlib.pyplot as plt; plt.plot([1, 4, 9, 16], 'r--o'); plt.title('squares');")
    figure = ".jp-OutputArea-output svg, .jp-OutputArea-output img"
    _wait(browser, lambda d: cell.find_elements(By.CSS_SELECTOR, figure), message="the figure was not shown inline")

    cell = _run_cell(browser, 'name = input("Your name? "); print("Hello,", name)', wait_prompt=False)
    box = _css(browser, ".jp-Stdin-input")
    assert "Your name?" in _outputs_text(cell)
    box.send_keys("Ada", Keys.ENTER)
    _wait_finished(browser, cell)
    assert "Hello, Ada" in _wait_output(browser, cell, "Hello, Ada")

    _run_cell(browser, "import math")
    cell = _type_in_last_cell(browser, "math.")
    cell.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(Keys.TAB)
    completer = _css(browser, ".jp-Completer")
    _wait(browser, lambda d: "sqrt" in completer.text, message=f"no sqrt in the completer: {completer.text!r}")
    cell.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(Keys.ESCAPE)
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".jp-Completer:not(.lm-mod-hidden)"), 10,
          "the completer did not close")
    # Clear the half-typed line so the next cell starts clean.
    cell.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(Keys.BACKSPACE * len("math."))

    _run_cell(browser, "n = 0")
    cell = _run_cell(browser, "while True: n += 1", wait_prompt=False)
    _wait(browser, lambda d: "*" in cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-prompt").text,
          message="the loop never showed as running")
    _toolbar_button(browser, "interrupt").click()
    assert "KeyboardInterrupt" in _wait_output(browser, cell, "KeyboardInterrupt")
    cell = _run_cell(browser, "n > 0")
    assert "True" in _wait_output(browser, cell, "True")

    _toolbar_button(browser, "restart").click()
    _css(browser, ".jp-Dialog .jp-mod-accept").click()
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".jp-Dialog"), 10, "the dialog stayed open")
    _wait_kernel_idle(browser)
    cell = _run_cell(browser, "print('n' in globals())")
    assert "False" in _wait_output(browser, cell, "False")

    assert "Unknown message type" not in lab_server.log()


def test_numpy_notebook_runs(browser: Any, lab_server: Any) -> None:
    _open_lab(browser, lab_server, "ulab")
    _new_notebook(browser, "micropython-wasm")
    cell = _run_cell(browser, "from ulab import numpy as np; print(np.array([1, 2, 3]) * 2)")
    assert "array([2.0, 4.0, 6.0]" in _wait_output(browser, cell, "array([2.0, 4.0, 6.0]")
    cell = _run_cell(browser, "undefined_name")
    assert "NameError" in _wait_output(browser, cell, "NameError")


TOUR = [
    'print("Hello from MicroPython in a WebAssembly sandbox:", 6 * 7)',
    'def average(marks):\n    """Mean of a list of marks."""\n    return sum(marks) / len(marks)\n\n'
    "average([70, 85, 90])",
    'from IPython.display import HTML\nHTML("<b>Rich output</b> works: <i>HTML</i>, Markdown, images")',
    "import math\n[round(math.sqrt(n), 3) for n in range(6)]",
    "average([])",  # last: Run All stops at an error
]


def test_readme_screenshot(browser: Any, lab_server: Any) -> None:
    """Run a short tour notebook and save a screenshot (only with MPWASM_LAB_SCREENSHOT)."""
    from selenium.webdriver.common.by import By

    path = os.environ.get("MPWASM_LAB_SCREENSHOT")
    if not path:
        pytest.skip("set MPWASM_LAB_SCREENSHOT=path.png to take the README screenshot")
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": code}
             for code in TOUR]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "micropython-wasm", "language": "python",
                                                             "display_name": KERNEL_NAMES["micropython-wasm"]}},
                "nbformat": 4, "nbformat_minor": 5}
    (lab_server.root / "tour.ipynb").write_text(json.dumps(notebook))
    browser.get(f"{lab_server.url}/lab/workspaces/tour/tree/tour.ipynb?reset&token={lab_server.token}")
    _notebook(browser)
    _wait_kernel_idle(browser)
    _css(browser, ".lm-MenuBar-item[data-command], .lm-MenuBar")
    menu = next(el for el in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if el.text == "Run")
    menu.click()
    _css(browser, ".lm-Menu-itemLabel")
    item = next(el for el in browser.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if el.text == "Run All Cells")
    item.click()
    last = _cells(browser)[len(TOUR) - 1]
    _wait_output(browser, last, "division by zero")
    browser.execute_script("document.activeElement && document.activeElement.blur()")
    browser.save_screenshot(path)
