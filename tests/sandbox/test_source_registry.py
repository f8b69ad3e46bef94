"""The host's per-filename source registry (tracebacks, help) stays bounded."""

from __future__ import annotations

from mpwasm_kernel.sandbox.cpython import tracebacks
from mpwasm_kernel.sandbox.cpython.tracebacks import SourceRegistry


def test_oldest_files_go_first_and_replaced_sources_are_archived() -> None:
    registry = SourceRegistry(max_files=3)
    for n in range(4):
        registry.add(f"<cell-{n}>", f"x = {n}\n")
    assert "<cell-0>" not in registry and registry.line("<cell-3>", 1) == "x = 3"
    registry.add("<cell-3>", "y = 1\n")
    assert registry.line("<cell-3>", 1) == "y = 1"
    assert any(name.startswith("<cell-3>@") for name in registry.filenames())


def test_memory_budget_and_oversized_sources() -> None:
    registry = SourceRegistry(max_bytes=1000)
    registry.add("<a>", "a = 1\n" * 10)
    registry.add("<b>", "b = 2\n" * 10)
    assert "<a>" not in registry and "<b>" in registry
    registry.add("<huge>", "x" * (tracebacks.MAX_SOURCE_CHARS + 1))
    assert "<huge>" not in registry


def test_parse_trees_are_cached_and_bounded() -> None:
    registry = SourceRegistry()
    registry.add("<ok>", "def f(x):\n    return x\n")
    registry.add("<bad>", "def (:\n")
    registry.add("<long>", "x = 1\n" * (tracebacks.PARSE_MAX_CHARS // 6 + 1))
    tree = registry.tree("<ok>")
    assert tree is not None and registry.tree("<ok>") is tree
    assert registry.tree("<bad>") is None and registry.tree("<long>") is None and registry.tree("<none>") is None
    for n in range(tracebacks.MAX_TREES + 10):
        registry.add(f"<c{n}>", "pass\n")
        registry.tree(f"<c{n}>")
    assert len(registry._trees) <= tracebacks.MAX_TREES


def test_many_short_lines_are_charged_at_their_host_size() -> None:
    """A source of many short lines costs ~60 host bytes a line, not 3 characters: the budget
    counts that, so kept sources stay within `MAX_TOTAL_BYTES` of host memory."""
    registry = SourceRegistry()
    source = "ab\n" * 200_000  # 600,000 characters, under MAX_SOURCE_CHARS; ~12 MB as line objects
    for n in range(20):
        registry.add(f"<many-{n}>", source)
    assert registry.bytes <= tracebacks.MAX_TOTAL_BYTES
    assert len(registry.filenames(100)) == 1 and registry.line("<many-19>", 3) == "ab"
