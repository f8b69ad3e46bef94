"""Jupyter protocol conformance with the community suite (`jupyter_kernel_test.KernelTests`).

Every sample attribute is filled, so no test of the suite is skipped for lack of a sample.
"""

from __future__ import annotations

import jupyter_kernel_test
import pytest

from mpwasm_kernel.kernel.source import is_complete

pytestmark = pytest.mark.usefixtures("kernelspecs")


class TestMicroPythonKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "micropython-wasm"
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys\nprint('to stderr', file=sys.stderr)"

    completion_samples = [
        {"text": "zi", "matches": {"zip"}},
        {"text": "import o", "matches": {"operator", "os"}},
        {"text": "%limi", "matches": {"%limits"}},
    ]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n    return x\n\n", "%time 1", "print?"]
    incomplete_code_samples = ["for i in range(3):", "def f(x):\n    return x", "x = (1,", "%%timeit\n"]
    invalid_code_samples = ["x = )", "1 +* 2", "def 1f(): pass"]

    code_page_something = "print?"
    code_generate_error = "raise ValueError('boom')"
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "'ab' * 2", "result": "'abab'"},
        {"code": "[i * i for i in range(4)]", "result": "[0, 1, 4, 9]"},
    ]
    code_display_data = [
        {
            "code": "from IPython.display import HTML, display\ndisplay(HTML('<b>hi</b>'))",
            "mime": "text/html",
        },
        {
            "code": "from IPython.display import Markdown, display\ndisplay(Markdown('*md*'))",
            "mime": "text/markdown",
        },
        {"code": "display(42)", "mime": "text/plain"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "zip"
    code_clear_output = "from IPython.display import clear_output\nprint('gone')\nclear_output(wait=True)"

    def test_kernel_info_names_micropython(self) -> None:
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=10)
        content = reply["content"]
        assert content["implementation"] == "mpwasm-kernel"
        assert "MicroPython" in content["banner"]
        info = content["language_info"]
        assert info["pygments_lexer"] == "python3"
        assert info["codemirror_mode"] == {"name": "ipython", "version": 3}
        assert info["mimetype"] == "text/x-python"
        assert info["version"].startswith("3.")
        assert "debugger" not in content.get("supported_features", [])


def test_is_complete_host_side() -> None:
    assert is_complete("for i in range(3):") == {"status": "incomplete", "indent": "    "}
    assert is_complete("if x:\n    if y:") == {"status": "incomplete", "indent": "        "}
    assert is_complete("x = 1") == {"status": "complete"}
    assert is_complete("x = )")["status"] == "invalid"
    assert is_complete("%%time\nx = 1\n\n") == {"status": "complete"}
