"""obj?, obj?? and Shift-Tab (inspect_request) show signatures and documentation."""

from __future__ import annotations

import inspect
from typing import Any

from mpwasm_kernel.sandbox.cpython.docs import CPYTHON_LABEL


def _page(run: Any, code: str) -> str:
    reply, _ = run(code)
    return reply["content"]["payload"][0]["data"]["text/plain"]


def test_user_function_signature_docstring_and_source(run: Any) -> None:
    source = "def area(width, height=1):\n    '''Area of a rectangle.'''\n    return width * height\n"
    run(source)
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - host CPython for the expected signature
    page = _page(run, "area?")
    assert f"Signature:   area{inspect.signature(namespace['area'])}" in page
    assert "Docstring:   Area of a rectangle." in page
    assert "Source" not in page
    page = _page(run, "area??")
    assert "def area(width, height=1):" in page


def test_builtin_and_module_docs_are_labelled_cpython(run: Any) -> None:
    page = _page(run, "len?")
    assert f"Signature:   len{inspect.signature(len)}" in page and CPYTHON_LABEL in page
    run("import math")
    page = _page(run, "math.sqrt?")
    import math

    assert f"sqrt{inspect.signature(math.sqrt)}" in page and CPYTHON_LABEL in page


def test_shift_tab_inspect_request(kernel: tuple[Any, Any], run: Any) -> None:
    _, kc = kernel
    run("def greet(name, punctuation='!'):\n    '''Say hello.'''\n    return name\n")
    kc.inspect("greet(", 6)
    reply = kc.get_shell_msg(timeout=30)["content"]
    assert reply["found"]
    text = reply["data"]["text/plain"]
    assert "Signature:   greet(name, punctuation='!')" in text and "Say hello." in text


def test_shadowed_builtin_name_is_not_documented_as_cpython(run: Any) -> None:
    run("def len(x):\n    '''My own len.'''\n    return 0\n")
    page = _page(run, "len?")
    assert "My own len." in page and CPYTHON_LABEL not in page
    run("del len")
