"""The in-memory tree: file and directory nodes, quota accounting, depth cap and lexical path
normalization (never touching the host)."""

from __future__ import annotations

from .abi import NAME_MAX, Errno, FsError

ENTRY_BYTES = 256
"""Quota charge for each file or directory the guest creates, on top of its name's UTF-8 bytes
and the file's size: about what an entry costs the host (node, dict slot, name, snapshot copy)."""

MAX_ENTRIES = 65_536
"""Most files and directories the guest may have at once, whatever the quota; beyond: ENOSPC.
Bounds host memory and the time of every tree walk (snapshot, restore)."""


def entry_charge(name: str) -> int:
    """Quota bytes an entry called `name` costs (its file content is charged separately)."""
    return ENTRY_BYTES + len(name.encode("utf-8", "surrogatepass"))

MAX_DEPTH = 256
"""Most path components an in-memory entry may have; deeper creates fail with ENAMETOOLONG."""


class _File:
    """A regular file. `data` is immutable `bytes` unless written since the last snapshot."""

    __slots__ = ("data", "mtime", "ino", "charge", "linked", "nopen", "orphan_bytes")

    def __init__(self, ino: int, mtime: float, charge: int) -> None:
        self.data: bytes | bytearray = b""
        self.mtime = mtime
        self.ino = ino
        self.charge = charge
        self.linked = True
        self.nopen = 0
        self.orphan_bytes = 0  # growth since it was unlinked while open, still charged


class _Dir:
    """A directory: an insertion-ordered map from name to node."""

    __slots__ = ("children", "mtime", "ino", "charge")

    def __init__(self, ino: int, mtime: float, charge: int) -> None:
        self.children: dict[str, _File | _Dir] = {}
        self.mtime = mtime
        self.ino = ino
        self.charge = charge


_Node = _File | _Dir
_Parts = tuple[str, ...]


def _tree_usage(directory: _Dir) -> int:
    """Quota bytes charged for everything below `directory` (iterative: no host recursion)."""
    total = 0
    stack = [directory]
    while stack:
        for child in stack.pop().children.values():
            total += child.charge
            if isinstance(child, _File):
                total += len(child.data)
            else:
                stack.append(child)
    return total


def _tree_count(directory: _Dir) -> int:
    """Number of entries below `directory` (iterative)."""
    count = 0
    stack = [directory]
    while stack:
        children = stack.pop().children.values()
        count += len(children)
        stack.extend(child for child in children if isinstance(child, _Dir))
    return count


def _tree_height(node: _Node, limit: int) -> int:
    """Depth of the deepest entry below `node`, relative to it (0 for a file or an empty
    directory). Iterative; stops early and returns a value > `limit` once it exceeds `limit`."""
    height = 0
    stack: list[tuple[_Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, _Dir) and current.children:
            height = max(height, depth + 1)
            if height > limit:
                return height
            stack.extend((child, depth + 1) for child in current.children.values())
    return height


def _check_depth(components: int) -> None:
    """ENAMETOOLONG for an in-memory entry deeper than MAX_DEPTH path components.

    The cap keeps every walk of the tree (snapshot, restore, quota accounting) short and lets
    guest paths stay far below PATH_MAX.
    """
    if components > MAX_DEPTH:
        raise FsError(Errno.ENAMETOOLONG)


def _split_guest_path(path: str) -> list[str]:
    """Components of `path`, checking each name's length."""
    parts = [p for p in path.split("/") if p]
    for name in parts:
        if len(name.encode("utf-8")) > NAME_MAX:
            raise FsError(Errno.ENAMETOOLONG)
    return parts


def _normalize(base: _Parts, path: str) -> _Parts:
    """Join `path` to `base` (ignored if `path` is absolute) and resolve `.`/`..` lexically.

    `..` at the root stays at the root, as in POSIX; the result never depends on the host.
    """
    stack = [] if path.startswith("/") else list(base)
    for name in _split_guest_path(path):
        if name == ".":
            continue
        if name == "..":
            if stack:
                stack.pop()
            continue
        stack.append(name)
    return tuple(stack)
