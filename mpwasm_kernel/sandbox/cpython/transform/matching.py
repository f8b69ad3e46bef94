"""The source pass's `match` statement: `if`/`elif` over the guest's `_mpk_match` (`_Matching`;
its cases' bodies and guards are rendered by `_Renderer`, render.py, which it is a base of)."""

from __future__ import annotations

import ast

from .shapes import (
    _captures,
)
from .state import _State


class _Matching(_State):
    def _rewrite_match(self, node: ast.Match, start: int, end: int) -> str:
        """`match S:` → `if [(_mpk_sN := S)]:` (always true, keeps the block), each `case P if G:`
        → `if/elif (_mpk_rN := _mpk_match(_mpk_sN, SPEC)) is not None and ((x := _mpk_rN['x'])
        or True) ... and (G):`, bodies unchanged (with nested rewrites)."""
        self.matches += 1
        s_var, r_var = f"_mpk_s{self.matches}", f"_mpk_r{self.matches}"
        s_start, s_end = self._span(node.subject)
        colon = self.data.index(b":", s_end)
        head = f"if [({s_var} := {self._render(node.subject)})]:"
        pieces = [self._pad(head, self._text(start, colon + 1))]
        pos = colon + 1
        for i, case in enumerate(node.cases):
            p_start, p_end = self._span(case.pattern)
            kw = self.data.rindex(b"case", pos, p_start)
            after = self._span(case.guard)[1] if case.guard is not None else p_end
            c_colon = self.data.index(b":", after)
            pieces.append(self._text(pos, kw))
            names = sorted(_captures(case.pattern))
            cond = f"({r_var} := _mpk_match({s_var}, {self._spec(case.pattern)})) is not None"
            cond += "".join(f" and (({n} := {r_var}[{n!r}]) or True)" for n in names)
            if case.guard is not None:
                cond += f" and ({self._render(case.guard)})"
            pieces.append(self._pad(f"{'if' if i == 0 else 'elif'} ({cond}):", self._text(kw, c_colon + 1)))
            body_end = self._span(case.body[-1])[1]
            pieces.append(self._render_region(c_colon + 1, body_end, list(case.body)))
            pos = body_end
        pieces.append(self._text(pos, end))
        return "".join(pieces)

    @staticmethod
    def _pad(text: str, original: str) -> str:
        """`text` (ending in '):') with line breaks added before its closing parenthesis so it
        spans as many lines as `original`."""
        missing = original.count("\n") - text.count("\n")
        if missing < 0:
            raise ValueError("rewrite added lines")
        if not missing:
            return text
        return text[:-2] + "\n" * missing + "):" if text.endswith("):") else text[:-1] + "\n" * missing + ":"

    def _spec(self, p: ast.AST) -> str:
        """The guest-side description of a pattern (see guest/pycompat_lazy.py, _mpk_match)."""
        if isinstance(p, ast.MatchValue):
            return f"('v', {self._render(p.value)})"
        if isinstance(p, ast.MatchSingleton):
            return f"('is', {p.value!r})"
        if isinstance(p, ast.MatchAs):
            inner = self._spec(p.pattern) if p.pattern is not None else "None"
            return f"('as', {inner}, {p.name!r})"
        if isinstance(p, ast.MatchOr):
            return f"('or', ({''.join(self._spec(q) + ', ' for q in p.patterns)}))"
        if isinstance(p, ast.MatchSequence):
            return f"('seq', ({''.join(self._spec(q) + ', ' for q in p.patterns)}))"
        if isinstance(p, ast.MatchStar):
            return f"('star', {p.name!r})"
        if isinstance(p, ast.MatchMapping):
            keys = "".join(self._render(k) + ", " for k in p.keys)
            specs = "".join(self._spec(q) + ", " for q in p.patterns)
            return f"('map', ({keys}), ({specs}), {p.rest!r})"
        if isinstance(p, ast.MatchClass):
            pos = "".join(self._spec(q) + ", " for q in p.patterns)
            kws = "".join(self._spec(q) + ", " for q in p.kwd_patterns)
            return f"('cls', {self._render(p.cls)}, ({pos}), {tuple(p.kwd_attrs)!r}, ({kws}))"
        raise ValueError(f"unsupported pattern {type(p).__name__}")
