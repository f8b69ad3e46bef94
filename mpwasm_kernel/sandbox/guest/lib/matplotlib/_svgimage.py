"""Images (imshow) as SVG: a PNG data URL or rectangles (runs inside MicroPython).
"""


from matplotlib import _style
from matplotlib._svgbase import _alpha, _n

_RECT_CELLS = 1600
_PNG_SIDE = 180


def _png(art, span, step=1, zoom=1):
    """The image as PNG bytes (RGB, zlib-compressed), one pixel per data cell.

    The pixel buffer is allocated once and filled in place: MicroPython does not collect
    garbage during a cell, so growing it piecewise would leave every old copy behind.
    """
    grid = art.grid
    if step > 1:
        grid = [row[::step] for row in grid[::step]]
    if zoom > 1:  # whole pixels per cell, so viewers that smooth images still show sharp cells
        grid = [[v for v in row for _ in range(zoom)] for row in grid for _ in range(zoom)]
    nr = len(grid)
    nc = len(grid[0])
    lut_r, lut_g, lut_b = [], [], []
    if not art.rgb:
        for k in range(256):
            c = _style.cmap_color(art.cmap, k / 255.0)
            lut_r.append(int(c[1:3], 16))
            lut_g.append(int(c[3:5], 16))
            lut_b.append(int(c[5:7], 16))
    raw = bytearray(nr * (1 + 3 * nc))
    pos = 0
    scale = 255.0 / span
    vmin = art.vmin if not art.rgb else 0.0
    for i in range(nr):
        row = grid[i] if art.origin == "upper" else grid[nr - 1 - i]
        pos += 1  # filter byte 0
        for v in row:
            if art.rgb:
                m = 255.0 if max(v[:3]) > 1.0 else 1.0
                for c in v[:3]:
                    x = int(c / m * 255 + 0.5)
                    raw[pos] = 0 if x < 0 else (255 if x > 255 else x)
                    pos += 1
                continue
            if v != v:
                raw[pos] = raw[pos + 1] = raw[pos + 2] = 255
            else:
                k = int((v - vmin) * scale + 0.5)
                k = 0 if k < 0 else (255 if k > 255 else k)
                raw[pos] = lut_r[k]
                raw[pos + 1] = lut_g[k]
                raw[pos + 2] = lut_b[k]
            pos += 3

    return png_bytes(raw, nc, nr)


def png_bytes(raw, width, height, rgba=False):
    """A PNG file of filtered scanlines ``raw`` (a 0 filter byte, then RGB or RGBA bytes per row)."""
    import binascii
    import struct

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", binascii.crc32(tag + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", width, height, 8, 6 if rgba else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", _zlib_stored(raw))
            + chunk(b"IEND", b""))


def image_tag(png, x, y, w, h, alpha=None, pixelated=True):
    """An SVG <image> of PNG bytes over the rectangle (points), pixels drawn sharp or smoothed."""
    return ('<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none"%s%s '
            'xlink:href="data:image/png;base64,%s"/>'
            % (_n(x), _n(y), _n(w), _n(h), ' style="image-rendering:pixelated"' if pixelated else "",
               (' opacity="%s"' % _n(alpha)) if alpha is not None else "", _b64(png)))


def _zlib_stored(raw):
    """A zlib stream of ``raw`` in stored (uncompressed) deflate blocks.

    MicroPython's zlib.compress is not used: on repetitive data (a uniform image) it runs for
    minutes.
    """
    import struct

    n = len(raw)
    out = bytearray(2 + n + 5 * (n // 65535 + 1) + 4)
    out[0] = 0x78
    out[1] = 0x01
    pos = 2
    start = 0
    while True:
        size = min(65535, n - start)
        last = start + size >= n
        out[pos] = 1 if last else 0
        out[pos + 1:pos + 5] = struct.pack("<HH", size, size ^ 0xFFFF)
        pos += 5
        out[pos:pos + size] = raw[start:start + size]
        pos += size
        start += size
        if last:
            break
    a, b = 1, 0
    view = memoryview(raw)
    for i in range(0, n, 5552):
        for byte in view[i:i + 5552]:
            a += byte
            b += a
        a %= 65521
        b %= 65521
    out[pos:pos + 4] = struct.pack(">I", (b << 16) | a)
    return bytes(out[:pos + 4])


_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(raw):
    """Base64 text of ``raw``, in pure Python into a preallocated buffer.

    binascii.b2a_base64 is avoided: in this MicroPython build a call on a few KB of non-zero
    bytes makes the heap double several times within one cell.
    """
    n = len(raw)
    out = bytearray(((n + 2) // 3) * 4)
    t = _B64
    o = 0
    full = n - n % 3
    for i in range(0, full, 3):
        v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2]
        out[o] = t[v >> 18]
        out[o + 1] = t[(v >> 12) & 63]
        out[o + 2] = t[(v >> 6) & 63]
        out[o + 3] = t[v & 63]
        o += 4
    rest = n - full
    if rest:
        v = raw[full] << 16
        if rest == 2:
            v |= raw[full + 1] << 8
        out[o] = t[v >> 18]
        out[o + 1] = t[(v >> 12) & 63]
        out[o + 2] = t[(v >> 6) & 63] if rest == 2 else 61
        out[o + 3] = 61
    return out.decode()


def _draw_image(out, art, box):
    grid = art.grid
    nr = len(grid)
    nc = len(grid[0])
    e = art.extent
    span = (art.vmax - art.vmin) if not art.rgb else 1.0
    span = span or 1.0
    x0, x1 = box.tx(e[0]), box.tx(e[1])
    top_v, bot_v = e[3], e[2]
    y_top, y_bot = box.ty(top_v), box.ty(bot_v)
    if nr * nc > _RECT_CELLS:
        # Larger images: one embedded PNG (compact) instead of a rectangle per cell, sampled
        # down to at most _PNG_SIDE pixels a side (display payloads stay around 100 KB; the
        # display channel's json.dumps is slow on long strings).
        side = max(nr, nc)
        data = _b64(_png(art, span, max(1, (side + _PNG_SIDE - 1) // _PNG_SIDE), max(1, _PNG_SIDE // side)))
        out.append('<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" '
                   'style="image-rendering:pixelated"%s xlink:href="data:image/png;base64,%s"/>'
                   % (_n(min(x0, x1)), _n(min(y_top, y_bot)), _n(abs(x1 - x0)), _n(abs(y_bot - y_top)),
                      (' opacity="%s"' % _n(art.alpha)) if art.alpha is not None else "", data))
        return
    cw = (x1 - x0) / nc
    rh = (y_bot - y_top) / nr
    step = 1
    parts = ['<g shape-rendering="crispEdges"%s>' % _alpha(art.alpha)]
    for i in range(0, nr, step):
        row = grid[i] if art.origin == "upper" else grid[nr - 1 - i]
        yy = y_top + i * rh
        hh = rh * min(step, nr - i)
        for j in range(0, nc, step):
            v = row[j]
            if art.rgb:
                scale = 255.0 if max(v[:3]) > 1.0 else 1.0
                fill = _style.color(tuple(min(1.0, max(0.0, c / scale)) for c in v[:3]))
            elif v != v:
                fill = "none"
            else:
                fill = _style.cmap_color(art.cmap, (v - art.vmin) / span)
            ww = cw * min(step, nc - j)
            parts.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                         % (_n(min(x0 + j * cw, x0 + j * cw + ww)), _n(min(yy, yy + hh)), _n(abs(ww) + 0.3),
                            _n(abs(hh) + 0.3), fill))
    parts.append("</g>")
    out.append("".join(parts))
