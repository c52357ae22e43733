"""Ruling lines in a page image: ink, skew, and the straight rules a table is drawn with.

One job: turn a grey page image into what the PDF reader gets from a text layer's drawing: straight
horizontal and vertical ruling segments (in PDF points), on a page turned straight, and the ink that is
left once the rules are taken out (the printed text, for OCR).

The steps, each a small function:

1. ``ink``: dark pixels against their neighbourhood (adaptive threshold: grey paper, uneven scans and
   light-grey rules all give ink where something is printed);
2. ``skew_angle``: the slope of the long horizontal rules (a morphological open with a long flat
   kernel keeps only them), or of the text lines where a page has no rules; ``straighten`` turns the
   image back by it;
3. ``rule_masks``: rules kept by an open with a long flat kernel (horizontal) and a long upright kernel
   (vertical): no printed character has a stroke that long;
4. ``segments``: each connected piece of a rule mask becomes a ``Segment``, in points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from juesuan.read.pdf.document import Segment

# Kernel lengths, in points: a horizontal rule is at least H_RULE long, a vertical one V_RULE.  Printed
# glyphs (up to about 16 pt titles) have no stroke as long as H_RULE.  An upright stroke of a glyph may
# be longer than V_RULE (科, 计 at 12 pt), so a vertical piece shorter than LONG_V_RULE counts only where
# both its ends meet a horizontal rule (the side of a cell); a glyph sits inside its cell.
H_RULE = 20.0
V_RULE = 11.0
LONG_V_RULE = 30.0
# How near (points) a vertical piece's end must come to a horizontal rule to meet it.
MEET = 3.0
# A rule ending at most this far (points) short of a crossing rule is drawn on to it.
REACH = 20.0
# A rule is at most this thick (points): thicker is a filled area (a shaded header, a seal).
MAX_RULE_THICKNESS = 4.0
# Pieces of a rule broken by noise or JPEG blocks, at most this far apart (points), are one rule.
RULE_GAP = 3.0
# Rules used to measure skew span at least this share of the image width.
SKEW_RULE_SHARE = 0.2
# Skews smaller than this (degrees) are left alone; larger than MAX_SKEW are not a scan's skew.
MIN_SKEW = 0.02
MAX_SKEW = 5.0
# Specks: ink smaller than SMALL (points, the side of a square of the same area) with no larger ink within
# ALONE points is noise.  Size alone tells nothing: a decimal point (0.7 pt across at 10 pt print) is as
# small as a speck, but it always sits by a digit.
SMALL = 1.6
ALONE = 3.0
# Neighbourhood of the adaptive threshold (points) and how much darker than it ink must be (grey levels).
INK_BLOCK = 12.0
INK_OFFSET = 12


@dataclass
class StraightImage:
    """A page (or region) image turned straight, with its rules found and taken out."""

    grey: np.ndarray  # the straightened grey image, rules painted white (what OCR reads)
    ink: np.ndarray  # uint8 0/255: printed text, without the rules
    scale: float  # pixels per point
    skew: float  # degrees the scan was turned by (counter-clockwise); the image has been turned back
    segments: list[Segment] = field(default_factory=list)  # rules, in points from the image's top-left


def _odd(n: float) -> int:
    k = max(3, round(n))
    return k if k % 2 else k + 1


def ink(grey: np.ndarray, scale: float) -> np.ndarray:
    """Dark pixels against their neighbourhood: uint8 0 (paper) / 255 (ink)."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 _odd(INK_BLOCK * scale), INK_OFFSET)


def _open(mask: np.ndarray, horizontal: bool, length: int) -> np.ndarray:
    """Keep runs of ink at least ``length`` pixels long in one direction.

    The mask is first thickened by a pixel across the direction, so that a thin rule that a slight
    skew has cut into steps still holds long straight runs.
    """
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3) if horizontal else (3, 1))
    thick = cv2.dilate(mask, across)
    along = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    return cv2.morphologyEx(thick, cv2.MORPH_OPEN, along)


def _slope_angle(mask: np.ndarray, min_width: float, max_height: float) -> list[tuple[float, float]]:
    """(angle in degrees, weight) of each long flat component of ``mask`` (a line fitted to its pixels)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float]] = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if w < min_width or h > max_height + w * math.tan(math.radians(MAX_SKEW)):
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        if len(xs) < 10:
            continue
        step = max(1, len(xs) // 2000)
        slope = float(np.polyfit(xs[::step].astype(float), ys[::step].astype(float), 1)[0])
        out.append((math.degrees(math.atan(slope)), float(w)))
    return out


def _weighted_median(items: list[tuple[float, float]]) -> float:
    items = sorted(items)
    half = sum(w for _, w in items) / 2
    run = 0.0
    for value, weight in items:
        run += weight
        if run >= half:
            return value
    return items[-1][0]


def skew_angle(mask: np.ndarray, scale: float) -> float:
    """The slope of the image's lines (degrees; positive: they fall to the right, as on a scan turned
    clockwise), 0 when unknown.

    From the long horizontal rules where there are any, else from the text lines (ink smeared
    sideways into bars).
    """
    width = mask.shape[1]
    rules = _open(mask, True, max(10, int(H_RULE * scale)))
    angles = _slope_angle(rules, SKEW_RULE_SHARE * width, MAX_RULE_THICKNESS * scale)
    if not angles:
        smear = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (_odd(6 * scale), 1)))
        angles = _slope_angle(smear, 0.25 * width, 20 * scale)
    if not angles:
        return 0.0
    angle = _weighted_median(angles)
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


def straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by ``angle`` degrees so that lines falling to the right become level (white fill)."""
    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=255)


def rule_masks(mask: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) rules in an ink mask, small breaks closed."""
    gap = max(1, int(RULE_GAP * scale))
    horizontal = _open(mask, True, max(10, int(H_RULE * scale)))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = _open(mask, False, max(8, int(V_RULE * scale)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return horizontal, vertical


def segments(mask: np.ndarray, horizontal: bool, scale: float) -> list[Segment]:
    """Each piece of a rule mask as a segment through its middle, in points."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    thickest = MAX_RULE_THICKNESS * scale
    out: list[Segment] = []
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if horizontal:
            if w < H_RULE * scale or h > thickest:
                continue
            mid = (y + h / 2) / scale
            out.append(Segment(x / scale, mid, (x + w) / scale, mid))
        else:
            if h < V_RULE * scale or w > thickest:
                continue
            mid = (x + w / 2) / scale
            out.append(Segment(mid, y / scale, mid, (y + h) / scale))
    return out


def despeckle(text: np.ndarray, grey: np.ndarray, scale: float) -> None:
    """Take specks out of the text ink and paint them white in the grey image (both in place)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    if count <= 1:
        return
    area = stats[1:, cv2.CC_STAT_AREA]
    small = (SMALL * scale) ** 2
    noise = np.zeros(count, dtype=bool)
    candidates = np.nonzero(area < small)[0] + 1
    if len(candidates):
        big = np.zeros(count, dtype=np.uint8)
        big[1:] = (area >= small).astype(np.uint8)
        near = cv2.dilate(big[labels] * 255, cv2.getStructuringElement(
            cv2.MORPH_RECT, (_odd(2 * ALONE * scale), _odd(2 * ALONE * scale))))
        for i in candidates:
            x, y, w, h = (int(v) for v in stats[i][:4])
            if not near[y:y + h, x:x + w].any():
                noise[i] = True
    specks = noise[labels]
    text[specks] = 0
    grey[specks] = 255


def _meets(y: float, x: float, horizontals: list[Segment]) -> bool:
    return any(abs(h.top - y) <= MEET and h.x0 - MEET <= x <= h.x1 + MEET for h in horizontals)


def cell_sides(vertical: list[Segment], horizontal: list[Segment]) -> list[Segment]:
    """The vertical pieces that are rules: long ones, and short ones running from one horizontal rule to another."""
    return [v for v in vertical if v.bottom - v.top >= LONG_V_RULE
            or (_meets(v.top, v.x0, horizontal) and _meets(v.bottom, v.x0, horizontal))]


def _reach(ends: list[float], value: float, towards_lower: bool) -> float:
    """The nearest of ``ends`` within REACH points beyond ``value`` (below it, or above it), else ``value``;
    ``value`` itself where it already meets one (within MEET either side: a scanned rule may overshoot)."""
    if any(abs(value - e) <= MEET for e in ends):
        return value
    near = [e for e in ends if (0 < value - e <= REACH if towards_lower else 0 < e - value <= REACH)]
    if not near:
        return value
    return max(near) if towards_lower else min(near)


def meet_ends(segments: list[Segment]) -> list[Segment]:
    """Horizontal rules whose ends stop a little short of a vertical rule, drawn on to it.

    In print a table's rules end on one another; a scan's speckles and JPEG blocks can eat a rule's last
    points, and a horizontal rule that stops short of the table's left side leaves two rows one cell.
    Vertical rules are left as found: an upright stroke of a header's glyph can join the rule below it and
    seem to start a few points short of the rule above, which drawn on would cut the header cell in two.
    """
    flat = [s for s in segments if s.horizontal]
    upright = [s for s in segments if not s.horizontal]
    out: list[Segment] = []
    for seg in flat:
        across = [v.x0 for v in upright if v.top - MEET <= seg.top <= v.bottom + MEET]
        out.append(Segment(_reach(across, seg.x0, True), seg.top, _reach(across, seg.x1, False), seg.bottom))
    return out + upright


def straight_image(grey: np.ndarray, scale: float) -> StraightImage:
    """Turn a page image straight, find its rules, and take them out of what OCR will read."""
    mask = ink(grey, scale)
    angle = skew_angle(mask, scale)
    if angle:
        grey = straighten(grey, angle)
        mask = ink(grey, scale)
    horizontal, vertical = rule_masks(mask, scale)
    flat = segments(horizontal, True, scale)
    found = meet_ends(flat + cell_sides(segments(vertical, False, scale), flat))
    # take out only the rules kept (a glyph's stroke that the vertical open also found stays)
    kept = np.zeros_like(mask)
    pad = MAX_RULE_THICKNESS * scale
    for seg in found:
        across_x, across_y = (0.0, pad) if seg.horizontal else (pad, 0.0)
        x0, x1 = int(seg.x0 * scale - across_x), int(seg.x1 * scale + across_x)
        y0, y1 = int(seg.top * scale - across_y), int(seg.bottom * scale + across_y)
        kept[max(0, y0):y1 + 1, max(0, x0):x1 + 1] = 255
    rules = cv2.dilate(cv2.bitwise_and(cv2.bitwise_or(horizontal, vertical), kept),
                       cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    text = cv2.bitwise_and(mask, cv2.bitwise_not(rules))
    clean = grey.copy()
    clean[rules > 0] = 255
    despeckle(text, clean, scale)
    return StraightImage(clean, text, scale, -angle, found)
