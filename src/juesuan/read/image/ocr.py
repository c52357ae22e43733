"""Text in page images: where the lines of print are, and what each says, character by character.

One job: wrap the OCR models (PP-OCRv4 detection and recognition as ONNX, shipped inside the
``rapidocr-onnxruntime`` 1.4.4 wheel: nothing is downloaded at run time) behind two calls:

* ``Recogniser.detect``: boxes of the lines of print in an image (for text outside table grids);
* ``Recogniser.read``: the text of single-line crops, with, for every character, where it stands in
  the crop, how sure the model is (its probability) and the next-best readings there.

The recogniser's output is decoded here (CTC: the most probable character per step, repeats and
blanks dropped) rather than by rapidocr, to keep each character's position, probability and
alternatives.  A line that reads as a number is decoded again over the characters an amount can
have (digits, separators, minus), so that a 0 is never read as an O; the probability kept is the
model's own, so a digit the model found unlike any digit stays unsure.

The models run on onnxruntime's CPU provider with ``JUESUAN_OCR_THREADS`` threads (default: its own
choice, one per core).  A GPU build of onnxruntime (``onnxruntime-gpu``) would run the same models
through its CUDA provider; rapidocr selects it with ``use_cuda`` in the configuration below.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass

import cv2
import numpy as np

from juesuan.errors import NoTextLayer

# Characters an amount, a code or a blank mark can be printed with.
AMOUNT_CHARS = "0123456789.,-"
# Characters OCR confuses with digits: a reading made only of these and amount characters is a number.
DIGIT_LOOKALIKES = set("OoDQlI|iLSsZzBbGgTt:;'’`，。·．−—－_/")
# Next-best readings kept per character: at most this many, each at least this probable.
ALTERNATIVES = 2
MIN_ALTERNATIVE = 0.02
# The forms a thousands comma and a decimal point take in the recogniser's alphabet.
SEPARATOR_FORMS = {",": ",，'’`、;；", ".": ".。·．:："}
# Punctuation read with less probability than this, and not between digits, is taken for a speck.
SPECK_MARK = 0.8
# Latin marks a speck of the scan is read as (and that Chinese print only puts beside digits).
DOTLIKE = set(".,-'`_·−")
# Narrowest input given to the recogniser (pixels).
MIN_REC_WIDTH = 64
# Height of the recogniser's input (pixels) and its horizontal stride (pixels per output step).
REC_HEIGHT = 48
REC_STRIDE = 8
# Detection runs on the image scaled to this many pixels per point (about 110 dpi): print of 9 pt and up
# is found, at a fifth of the cost of detecting at 200 dpi.
DET_SCALE = 110 / 72


@dataclass(frozen=True)
class Glyph:
    """One recognised character: its text, its centre (pixels from the crop's left), probability and
    the next-best readings at that place."""

    text: str
    x: float
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class LineReading:
    """What one single-line crop says."""

    glyphs: tuple[Glyph, ...]
    numeric: bool  # decoded over AMOUNT_CHARS

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def confidence(self) -> float:
        """The least sure character (1.0 for an empty reading)."""
        return min((g.confidence for g in self.glyphs), default=1.0)


class OcrUnavailable(NoTextLayer):
    """The OCR package is not installed: a page without a text layer cannot be read."""


def _threads() -> int:
    try:
        return max(0, int(os.environ.get("JUESUAN_OCR_THREADS", "0")))
    except ValueError:
        return 0


class Recogniser:
    """The detection and recognition models, loaded once per process (``recogniser()``)."""

    def __init__(self, threads: int = 0) -> None:
        try:
            from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
            from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
            from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
            from rapidocr_onnxruntime.utils import read_yaml, update_model_path
        except ImportError:
            raise OcrUnavailable(None, "未安装 OCR 组件 rapidocr-onnxruntime，无法识别图像 "
                                       "(OCR package not installed: run scripts/setup.sh)") from None
        config = update_model_path(read_yaml(DEFAULT_CFG_PATH))
        for part in ("Det", "Rec"):
            config[part]["intra_op_num_threads"] = threads or -1
            config[part]["inter_op_num_threads"] = 1
        self.model_paths = (config["Det"]["model_path"], config["Rec"]["model_path"])
        self._det = TextDetector(config["Det"])
        self._det.limit_side_len = 32  # the image is scaled here (DET_SCALE): never enlarge a strip of print
        self._rec = TextRecognizer(config["Rec"])
        self._charset: list[str] = list(self._rec.postprocess_op.character)
        allowed = [i for i, ch in enumerate(self._charset) if ch in AMOUNT_CHARS]
        self._amount_index = np.array([0, *allowed])  # 0: the CTC blank
        self._lookalike = {i for i, ch in enumerate(self._charset) if ch in DIGIT_LOOKALIKES or ch in AMOUNT_CHARS}
        self._separators = {sep: np.array([i for i, ch in enumerate(self._charset) if ch in forms])
                            for sep, forms in SEPARATOR_FORMS.items()}

    # ---------------------------------------------------------------- detection

    def detect(self, grey: np.ndarray, scale: float) -> list[tuple[int, int, int, int]]:
        """Boxes (x0, y0, x1, y1 in pixels of ``grey``) of the lines of print in a straight image."""
        factor = min(1.0, DET_SCALE / scale)
        small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else grey
        boxes, _elapsed = self._det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
        out: list[tuple[int, int, int, int]] = []
        if boxes is None:
            return out
        h, w = grey.shape[:2]
        for quad in boxes:
            xs, ys = quad[:, 0] / factor, quad[:, 1] / factor
            box = (max(0, int(xs.min())), max(0, int(ys.min())), min(w, math.ceil(xs.max())),
                   min(h, math.ceil(ys.max())))
            if box[2] - box[0] >= 3 and box[3] - box[1] >= 3:
                out.append(box)
        return out

    # ---------------------------------------------------------------- recognition

    def read(self, crops: list[np.ndarray]) -> list[LineReading]:
        """The text of each single-line grey crop, in the order given.

        Each crop runs alone at its own width: on a CPU that is faster than batches padded to their widest
        line (measured: 21 ms for a 320-pixel line alone, 34 ms each in a batch of 16).
        """
        return [self._decode(self._rec.session(self._input(crop))[0][0], REC_STRIDE * crop.shape[0] / REC_HEIGHT)
                for crop in crops]

    @staticmethod
    def _input(crop: np.ndarray) -> np.ndarray:
        """The recogniser's input: the crop scaled to 48 pixels high, values in -1..1, width a multiple of 8."""
        h, w = crop.shape[:2]
        width = max(MIN_REC_WIDTH, math.ceil(REC_HEIGHT * w / max(1, h) / REC_STRIDE) * REC_STRIDE)
        resized = cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_LINEAR).astype(np.float32)
        norm = resized / 127.5 - 1.0
        return np.ascontiguousarray(np.broadcast_to(norm, (1, 3, REC_HEIGHT, width)))

    def _decode(self, probs: np.ndarray, px_per_step: float) -> LineReading:
        best = probs.argmax(axis=1)
        glyphs = self._collapse(probs, best, None, px_per_step)
        if glyphs and self._is_number(best):
            sub = probs[:, self._amount_index]
            chosen = self._amount_index[sub.argmax(axis=1)]
            return LineReading(tidy_number(self._collapse(probs, chosen, self._amount_index, px_per_step)), True)
        return LineReading(digits_in_text(drop_specks(glyphs)), False)

    def _is_number(self, best: np.ndarray) -> bool:
        indexes = [int(i) for i in best if i != 0]
        digits = sum(1 for i in indexes if self._charset[i].isdigit())
        return digits > 0 and all(i in self._lookalike for i in indexes)

    def _collapse(self, probs: np.ndarray, chosen: np.ndarray, allowed: np.ndarray | None,
                  px_per_step: float) -> tuple[Glyph, ...]:
        """CTC: runs of one character make one glyph; blanks separate repeats."""
        out: list[Glyph] = []
        prev = 0
        run: list[int] = []

        def close() -> None:
            if not run:
                return
            step = max(run, key=lambda t: probs[t, prev])
            out.append(self._glyph(probs[step], prev, allowed, (run[0] + run[-1] + 1) / 2 * px_per_step))

        for t, index in enumerate(chosen):
            index = int(index)
            if index != prev:
                close()
                run = []
            if index != 0:
                run.append(t)
            prev = index
        close()
        return tuple(g for g in out if g.text.strip())

    def _glyph(self, step: np.ndarray, index: int, allowed: np.ndarray | None, x: float) -> Glyph:
        text = self._charset[index]
        if allowed is not None and text in SEPARATOR_FORMS:
            # in a number, the model's chances of every form of a separator (, ， ' ; for a comma, a comma
            # with a speck above it; . 。 · : for a point) are the chances of that separator; which of the
            # two it is, the digit groups settle
            mass = {sep: float(step[indexes].sum()) for sep, indexes in self._separators.items()}
            other = next(sep for sep in SEPARATOR_FORMS if sep != text)
            kept: tuple[tuple[str, float], ...] = ((other, mass[other]),) if mass[other] >= MIN_ALTERNATIVE else ()
            return Glyph(text, x, min(1.0, mass[text]), kept)
        top = ALTERNATIVES + 2
        candidates = allowed if allowed is not None else np.argpartition(step, -top)[-top:]
        ranked = sorted((int(i) for i in candidates if int(i) not in (0, index)), key=lambda i: -step[i])
        alternatives = tuple((self._charset[i], float(step[i])) for i in ranked[:ALTERNATIVES]
                             if step[i] >= MIN_ALTERNATIVE)
        return Glyph(self._charset[index], x, float(step[index]), alternatives)


def _is_mark(text: str) -> bool:
    return not text.isalnum()


def _digit(glyphs: tuple[Glyph, ...], i: int) -> bool:
    return 0 <= i < len(glyphs) and glyphs[i].text.isdigit()


def drop_specks(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """Marks that are specks of the scan read as punctuation (科-目编码, 事业收入., 事务：), taken out.

    Chinese print uses full-width marks; a dot-like Latin mark (. , - ' ` _ ·) stands only by digits: a
    decimal point or thousands comma between them, a numbering point after one (1.), a minus before one.
    Elsewhere it is a speck.  Any other mark the recogniser is unsure of is taken for a speck too, but for
    quote marks that pair on the line, or that are surely some quote mark.
    """
    paired = _paired_quotes(glyphs)
    out = []
    for i, glyph in enumerate(glyphs):
        if _is_mark(glyph.text):
            by_digits = (_digit(glyphs, i - 1) and _digit(glyphs, i + 1)) or \
                (_digit(glyphs, i - 1) and glyph.text in ".、") or (_digit(glyphs, i + 1) and glyph.text in "-−")
            dotlike = glyph.text in DOTLIKE
            if (dotlike and not by_digits) or (_mark_confidence(glyph) < SPECK_MARK and not by_digits
                                               and i not in paired):
                continue
        form = paired.get(i) or _curly(glyph)
        if form != glyph.text:
            glyph = Glyph(form, glyph.x, glyph.confidence, glyph.alternatives)
        out.append(glyph)
    return tuple(out)


OPENING_QUOTES, CLOSING_QUOTES = "“‘「『", "”’」』"
QUOTES = set(OPENING_QUOTES + CLOSING_QUOTES + '"')


def _mark_confidence(glyph: Glyph) -> float:
    """How sure the model is that this mark stands there: for a quote mark, that a quote mark of any form
    does (a small “ is read half as "; which of them it is, its pair or its place settles)."""
    if glyph.text not in QUOTES:
        return glyph.confidence
    return min(1.0, glyph.confidence + sum(p for text, p in glyph.alternatives if text in QUOTES))


def _curly(glyph: Glyph) -> str:
    """A straight " is the curly quote the model ranks next (Chinese print has no straight quotes); any
    other glyph is as read."""
    if glyph.text != '"':
        return glyph.text
    return next((text for text, _ in glyph.alternatives if text in OPENING_QUOTES + CLOSING_QUOTES), glyph.text)


def _paired_quotes(glyphs: tuple[Glyph, ...]) -> dict[int, str]:
    """Quote marks that open and close a quotation on the line (“三公”经费), by index, with the form each
    takes: a small quote mark is often read unsure, but two specks read as a matching pair are too unlikely.
    A straight " that pairs with a curly one is the curly mark the model half took it for (Chinese print
    has no straight quotes)."""
    paired: dict[int, str] = {}
    open_at: list[int] = []
    for i, glyph in enumerate(glyphs):
        text = glyph.text
        opener = glyphs[open_at[-1]].text if open_at else ""
        if text in CLOSING_QUOTES and opener in (OPENING_QUOTES[CLOSING_QUOTES.index(text)], '"'):
            j = open_at.pop()
            paired[j], paired[i] = OPENING_QUOTES[CLOSING_QUOTES.index(text)], text
        elif text == '"' and opener:
            j = open_at.pop()
            paired[j], paired[i] = opener, CLOSING_QUOTES[OPENING_QUOTES.index(opener)] if opener != '"' else '"'
        elif text in OPENING_QUOTES or text == '"':
            open_at.append(i)
    return paired


_CHINESE_NUMERALS = set("零一二三四五六七八九十百千")
_ZERO_LIKE = set("〇Oo")
_AMOUNT_AFTER = set("万元亿%％")


def digits_in_text(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """In a sentence, a zero read as 〇 or O beside a figure (为〇万元, 2O24) is the digit 0.

    Chinese numerals keep their 〇 (二〇二四年): a 〇 counts as a digit only beside an Arabic digit or a point,
    or before 万/元/%, and not beside another Chinese numeral.
    """
    out = list(glyphs)
    for i, glyph in enumerate(glyphs):
        if glyph.text not in _ZERO_LIKE:
            continue
        before = glyphs[i - 1].text if i else ""
        after = glyphs[i + 1].text if i + 1 < len(glyphs) else ""
        if before in _CHINESE_NUMERALS or after in _CHINESE_NUMERALS:
            continue
        figure = (before.isdigit() and before.isascii()) or (after.isdigit() and after.isascii()) or \
            before == "." or after == "." or (glyph.text == "〇" and after in _AMOUNT_AFTER)
        if figure:
            out[i] = Glyph("0", glyph.x, glyph.confidence, glyph.alternatives)
    return tuple(out)


def tidy_number(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """A number's separators by where they stand, which the print settles better than their look.

    Separators at either end are specks (no amount or code starts or ends with one).  In digits grouped
    as 1,234,567.89, every separator followed by three digits and another separator is a comma and the
    last one, followed by one or two digits, is the decimal point: a separator read as the other kind
    is put right, and is as sure as the model was that a separator stands there.
    """
    items = list(glyphs)
    while items and items[0].text in ".,":
        items.pop(0)
    while items and items[-1].text in ".,":
        items.pop()
    seps = [i for i, g in enumerate(items) if g.text in ".,"]
    text = "".join(g.text for g in items)
    if seps and _GROUPED.match(text):
        for n, i in enumerate(seps):
            want = "." if n == len(seps) - 1 else ","
            glyph = items[i]
            if glyph.text != want or glyph.alternatives:
                both = glyph.confidence + sum(p for a, p in glyph.alternatives if a in ".,")
                others = tuple(a for a in glyph.alternatives if a[0] not in ".,")
                items[i] = Glyph(want, glyph.x, min(1.0, both), others)
    return tuple(items)


_GROUPED = re.compile(r"^-?\d{1,3}([.,]\d{3})*[.,]\d{1,2}$")


_LOCK = threading.Lock()
_INSTANCE: dict[int, Recogniser] = {}


def recogniser() -> Recogniser:
    """The process's recogniser (the models load once: about half a second)."""
    threads = _threads()
    with _LOCK:
        if threads not in _INSTANCE:
            _INSTANCE[threads] = Recogniser(threads)
        return _INSTANCE[threads]

