#!/usr/bin/env python3
"""Render a terminal screen captured with `tmux capture-pane -e -p` to a PNG.

Reads the capture (text with SGR color escapes) and draws it cell by cell: 16/256/24-bit
colors, bold, italic, underline and reverse; box-drawing lines are drawn as lines so borders
join up between rows. Glyphs missing from the monospace font come from a fallback font.

usage: render.py CAPTURE.ans OUT.png [--cols 120] [--rows 40]
                 [--fg '#d0d0d0'] [--bg '#1c1c1c'] [--font-size 16]
"""

import argparse
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
FONTS = {
    (False, False): "DejaVuSansMono.ttf",
    (True, False): "DejaVuSansMono-Bold.ttf",
    (False, True): "DejaVuSansMono-Oblique.ttf",
    (True, True): "DejaVuSansMono-BoldOblique.ttf",
}
FALLBACK = "DejaVuSans.ttf"

# xterm's default 16 colors.
ANSI = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]
CUBE = [0, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]


def color_256(n):
    if n < 16:
        return ANSI[n]
    if n < 232:
        n -= 16
        return (CUBE[n // 36], CUBE[n // 6 % 6], CUBE[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def hex_color(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


class Pen:
    """The SGR state: colors (None = the terminal's default) and attributes."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = ANSI[c - 30]
            elif 90 <= c <= 97:
                self.fg = ANSI[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = ANSI[c - 40]
            elif 100 <= c <= 107:
                self.bg = ANSI[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    color = color_256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    color = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    color = None
                if c == 38:
                    self.fg = color
                else:
                    self.bg = color
            i += 1

    def snapshot(self):
        return (self.fg, self.bg, self.bold, self.dim, self.italic, self.underline, self.reverse)


SGR = re.compile(r"\x1b\[([0-9;]*)m")
OTHER_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def parse(text, cols, rows):
    """The grid of (char, style) cells; the pen carries over from line to line as tmux assumes."""
    pen = Pen()
    grid = []
    for line in text.split("\n")[:rows]:
        cells = []
        pos = 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                pen.apply(m.group(1))
                pos = m.end()
                continue
            m = OTHER_ESCAPE.match(line, pos)
            if m:
                pos = m.end()
                continue
            cells.append((line[pos], pen.snapshot()))
            pos += 1
        # Wide characters take two cells; kview draws none, so one char is one cell.
        cells = cells[:cols]
        while len(cells) < cols:
            cells.append((" ", pen.snapshot()))
        grid.append(cells)
    while len(grid) < rows:
        grid.append([(" ", pen.snapshot())] * cols)
    return grid


# Box drawing: (left, right, up, down) line weights, 1 light, 2 heavy.
BOX = {
    "─": (1, 1, 0, 0), "│": (0, 0, 1, 1), "┌": (0, 1, 0, 1), "┐": (1, 0, 0, 1),
    "└": (0, 1, 1, 0), "┘": (1, 0, 1, 0), "├": (0, 1, 1, 1), "┤": (1, 0, 1, 1),
    "┬": (1, 1, 0, 1), "┴": (1, 1, 1, 0), "┼": (1, 1, 1, 1),
    "━": (2, 2, 0, 0), "┃": (0, 0, 2, 2), "┏": (0, 2, 0, 2), "┓": (2, 0, 0, 2),
    "┗": (0, 2, 2, 0), "┛": (2, 0, 2, 0),
}


def draw_box(draw, x, y, w, h, weights, color):
    left, right, up, down = weights
    cx, cy = x + w // 2, y + h // 2
    heavy = max(2, w // 4)

    def thick(weight):
        return heavy if weight == 2 else 1

    horizontal = max(left, right)
    vertical = max(up, down)
    th, tv = thick(horizontal), thick(vertical)
    if left:
        draw.rectangle([x, cy - th // 2, cx + tv // 2, cy - th // 2 + th - 1], fill=color)
    if right:
        draw.rectangle([cx - tv // 2, cy - th // 2, x + w - 1, cy - th // 2 + th - 1], fill=color)
    if up:
        draw.rectangle([cx - tv // 2, y, cx - tv // 2 + tv - 1, cy + th // 2], fill=color)
    if down:
        draw.rectangle([cx - tv // 2, cy - th // 2, cx - tv // 2 + tv - 1, y + h - 1], fill=color)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("capture")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--fg", default="#d0d0d0", help="the terminal's default text color")
    ap.add_argument("--bg", default="#1c1c1c", help="the terminal's default background")
    ap.add_argument("--font-size", type=int, default=16)
    args = ap.parse_args()

    with open(args.capture, encoding="utf-8") as f:
        grid = parse(f.read().rstrip("\n"), args.cols, args.rows)
    default_fg, default_bg = hex_color(args.fg), hex_color(args.bg)

    fonts = {k: ImageFont.truetype(FONT_DIR + v, args.font_size) for k, v in FONTS.items()}
    fallback = ImageFont.truetype(FONT_DIR + FALLBACK, args.font_size)
    regular = fonts[(False, False)]
    cell_w = round(regular.getlength("M"))
    ascent, descent = regular.getmetrics()
    cell_h = ascent + descent + 2
    missing = regular.getmask("\ue000").getbbox()

    def font_for(ch, bold, italic):
        font = fonts[(bold, italic)]
        if ch.isascii() or font.getmask(ch).getbbox() != missing:
            return font
        return fallback

    # The margin takes the screen's most common background (the theme's, if it sets one).
    backgrounds = [style[1] or default_bg for cells in grid for _, style in cells]
    margin = max(set(backgrounds), key=backgrounds.count)
    pad = 14
    size = (args.cols * cell_w + 2 * pad, args.rows * cell_h + 2 * pad)
    image = Image.new("RGB", size, margin)
    draw = ImageDraw.Draw(image)
    for row, cells in enumerate(grid):
        for col, (ch, style) in enumerate(cells):
            fg, bg, bold, dim, italic, underline, reverse = style
            fg = fg or default_fg
            bg = bg or default_bg
            if reverse:
                fg, bg = bg, fg
            if dim:
                fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
            x, y = pad + col * cell_w, pad + row * cell_h
            draw.rectangle([x, y, x + cell_w - 1, y + cell_h - 1], fill=bg)
            if ch in BOX:
                draw_box(draw, x, y, cell_w, cell_h, BOX[ch], fg)
            elif ch != " ":
                draw.text((x, y + 1), ch, font=font_for(ch, bold, italic), fill=fg)
            if underline:
                draw.line([x, y + ascent + 2, x + cell_w - 1, y + ascent + 2], fill=fg)
    image.save(args.out, optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
