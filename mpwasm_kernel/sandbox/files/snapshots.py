"""Copy-on-write snapshots of the in-memory tree (iterative, any depth)."""

from __future__ import annotations

import dataclasses

from .descriptors import _Open
from .tree import _Dir, _File, _Parts


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    tree: tuple
    files: tuple[tuple[_File, bytes, float, bool, int], ...]  # files behind open descriptors
    fds: tuple[tuple[int, _Open], ...]
    cwd: _Parts
    used: int
    entries: int = 0


def _freeze_file(node: _File) -> bytes:
    """Make `node.data` immutable (shared with the snapshot) and return it."""
    if isinstance(node.data, bytearray):
        node.data = bytes(node.data)
    return node.data


def _freeze(root: _Dir) -> tuple:
    """`(dir, mtime, ((name, item), ...))` for the tree under `root`, where item is a frozen
    directory or `(file, data, mtime)`. Iterative, so any depth is safe on the host."""
    kids_of: dict[int, list] = {}
    order: list[_Dir] = []
    stack = [root]
    while stack:
        directory = stack.pop()
        order.append(directory)
        kids_of[id(directory)] = []
        stack.extend(child for child in directory.children.values() if isinstance(child, _Dir))
    frozen: dict[int, tuple] = {}
    for directory in reversed(order):  # children before their parents
        kids = kids_of[id(directory)]
        for name, child in directory.children.items():
            if isinstance(child, _Dir):
                kids.append((name, frozen.pop(id(child))))
            else:
                kids.append((name, (child, _freeze_file(child), child.mtime)))
        frozen[id(directory)] = (directory, directory.mtime, tuple(kids))
    return frozen[id(root)]


def _thaw(frozen: tuple) -> _Dir:
    """Rebuild the live tree from `_freeze`'s result (iterative) and return its root."""
    stack = [frozen]
    while stack:
        directory, mtime, kids = stack.pop()
        directory.mtime = mtime
        directory.children = {}
        for name, item in kids:
            if isinstance(item[0], _Dir):
                directory.children[name] = item[0]
                stack.append(item)
            else:
                node, data, file_mtime = item
                node.data, node.mtime, node.linked, node.nopen = data, file_mtime, True, 0
                directory.children[name] = node
    return frozen[0]
