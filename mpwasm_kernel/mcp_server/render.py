"""Turn a run's `Outcome` into MCP tool-result content: text for the model, images as image
content, HTML and other rich outputs as embedded resources, plus one structured summary.

Every text piece is capped at the administrator's ``max_output_chars``; a cut keeps the head and
the tail and says how many characters were cut (also in the structured summary's ``truncated``).
pyplot figures arrive as SVG: they are rasterized to PNG with cairosvg when it is installed
(``image_format`` "png"), else returned as the SVG text in an embedded resource
(``image/svg+xml``).
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import json
from dataclasses import dataclass, field
from typing import Any

from mcp_types import EmbeddedResource, ImageContent, TextContent, TextResourceContents

from ..runner import raster
from .engine import Outcome

#: How pyplot (SVG) figures reach the model: PNG when cairosvg is installed (imported on the first
#: figure: it costs about a second of start-up), else the SVG text.
IMAGE_FORMAT = "png" if importlib.util.find_spec("cairosvg") is not None else "svg"
RASTER_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
RESOURCE_TYPES = ("text/html", "text/markdown", "text/latex", "application/json")


@dataclass
class Clipper:
    """Caps text pieces at `limit` characters and records what was cut."""

    limit: int
    cut: dict[str, int] = field(default_factory=dict)

    def __call__(self, label: str, text: str) -> str:
        if len(text) <= self.limit:
            return text
        removed = len(text) - self.limit
        self.cut[label] = self.cut.get(label, 0) + removed
        head = self.limit * 2 // 3
        tail = self.limit - head
        note = (f"\n[... {removed:,} of {len(text):,} characters cut here (max_output_chars={self.limit:,}); "
                "print less, or write large output to a file and read parts of it ...]\n")
        return text[:head] + note + (text[-tail:] if tail else "")


def svg_to_png(svg: str) -> bytes | None:
    """PNG bytes of an SVG document, or None when it cannot be rasterized here or is outside the
    bounds of `runner.raster` (a guest's SVG can ask for any size)."""
    if IMAGE_FORMAT != "png":
        return None
    return raster.svg_to_png(svg)


def _bundle_blocks(bundle: dict, label: str, clip: Clipper, kinds: list[str]) -> list[Any]:
    """Content blocks for one mimebundle (a display or the result): the richest image, and
    HTML/markdown/JSON as resources; text/plain is reported in the summary text instead."""
    blocks: list[Any] = []
    for mime in RASTER_TYPES:
        data = bundle.get(mime)
        if isinstance(data, str):
            try:
                base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                continue
            blocks.append(ImageContent(data=data.replace("\n", ""), mime_type=mime))
            kinds.append(mime)
            break
    else:
        svg = bundle.get("image/svg+xml")
        if isinstance(svg, str):
            png = svg_to_png(svg)
            if png is not None:
                blocks.append(ImageContent(data=base64.b64encode(png).decode("ascii"), mime_type="image/png"))
                kinds.append("image/png (from SVG)")
            else:
                blocks.append(EmbeddedResource(resource=TextResourceContents(
                    uri=f"mpwasm://output/{label}.svg", mime_type="image/svg+xml", text=clip(label, svg))))
                kinds.append("image/svg+xml")
    for mime in RESOURCE_TYPES:
        value = bundle.get(mime)
        if value is None:
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        blocks.append(EmbeddedResource(resource=TextResourceContents(
            uri=f"mpwasm://output/{label}", mime_type=mime, text=clip(f"{label} {mime}", text))))
        kinds.append(mime)
    return blocks


def render_run(outcome: Outcome, max_output_chars: int) -> tuple[list[Any], dict[str, Any]]:
    """(content blocks, structured summary) for one run."""
    clip = Clipper(max_output_chars)
    stdout, stderr = clip("stdout", outcome.stdout), clip("stderr", outcome.stderr)
    result = clip("result", outcome.result) if outcome.result is not None else None
    rich: list[Any] = []
    displays: list[dict[str, Any]] = []
    for number, message in enumerate(outcome.displays, 1):
        bundle = message.get("data") or {}
        kinds: list[str] = []
        rich.extend(_bundle_blocks(bundle, f"display-{number}", clip, kinds))
        plain = bundle.get("text/plain")
        displays.append({"kinds": kinds, "text": clip(f"display-{number}", plain) if isinstance(plain, str) else None})
    result_kinds: list[str] = []
    if outcome.result_bundle:
        rich.extend(_bundle_blocks(outcome.result_bundle, "result", clip, result_kinds))
    error = None
    if outcome.error is not None:
        e = outcome.error
        error = {"type": e.type, "message": clip("error", e.message), "limit": e.limit,
                 "rolled_back": e.rolled_back,
                 "kept": ("nothing: the run's changes were rolled back" if e.rolled_back
                          else "what the code did before it stopped (variables, files) is kept"),
                 "traceback": clip("traceback", "\n".join(e.traceback))}
    summary: dict[str, Any] = {
        "stdout": stdout, "stderr": stderr, "result": result, "result_kinds": result_kinds,
        "displays": displays, "error": error, "truncated": dict(clip.cut),
        "fuel_used": outcome.fuel_used, "seconds": round(outcome.seconds, 6),
    }
    return [TextContent(text=_summary_text(summary)), *rich], summary


def _summary_text(s: dict[str, Any]) -> str:
    """The text block a model reads: only the parts that are present."""
    parts: list[str] = []
    if s["stdout"]:
        parts.append(f"stdout:\n{s['stdout']}".rstrip("\n"))
    if s["stderr"]:
        parts.append(f"stderr:\n{s['stderr']}".rstrip("\n"))
    for number, display in enumerate(s["displays"], 1):
        kinds = ", ".join(display["kinds"]) or "text"
        line = f"display {number} ({kinds})"
        if display["text"]:
            line += f": {display['text']}"
        parts.append(line)
    if s["result"] is not None:
        extra = f" (also as {', '.join(s['result_kinds'])})" if s["result_kinds"] else ""
        parts.append(f"result{extra}: {s['result']}")
    error = s["error"]
    if error is not None:
        if error["limit"]:
            head = f"stopped by the limit {error['limit']} ({error['type']}): {error['message']}"
        else:
            head = f"error: {error['type']}: {error['message']}" if error["message"] else f"error: {error['type']}"
        parts.append(f"{head}\nkept: {error['kept']}\n{error['traceback']}".rstrip("\n"))
    if s["truncated"]:
        cut = ", ".join(f"{k}: {v:,} characters" for k, v in s["truncated"].items())
        parts.append(f"(output was truncated: {cut} cut)")
    return "\n\n".join(parts) if parts else "(no output)"
