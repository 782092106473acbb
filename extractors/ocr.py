"""Page geometry for scanned pages, read with Tesseract.

A scanned paper is a picture of each page with no text layer. OCR gives such a page
what a printed PDF has: characters with boxes (one per word) and the straight edges
of table rules, in points from the top-left corner of the crop box. The reader then
finds ruled tables, whitespace tables and paragraphs on a scan exactly as it does on
a printed page. OCR supplies geometry and words only; what they mean is the
interpreter's business.
"""

from __future__ import annotations

import functools
import io
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from statistics import median

from scrutiny.extractors.pdf_geometry import object_box, ruling_edge

# Tesseract is trained on text scanned at 300 dpi and reads lower resolutions
# worse; higher ones cost time without adding words.
OCR_DPI = 300
# Tesseract's confidence (0-100) below which a "word" is usually a speck, a stray
# rule or a fragment of a logo.
MIN_CONFIDENCE = 30
# A page with fewer printable characters than this has no real text layer: scanning
# software sometimes stamps a page number or a reference as text over the picture.
MAX_CHARS_ON_SCAN = 20
# The pictures must cover this share of the page; a page that is only a logo or a
# photograph is not a scan of text.
MIN_IMAGE_COVER = 0.5
# "--psm 4" reads the page as one column of lines of varying size, so a table row's
# cells come back as one line with a wide gap at the gutter, which is what the
# whitespace-table finder needs; the default layout analysis reads each column as a
# separate block. "--psm 6" does as well on tables but assumes one uniform size.
TESSERACT_CONFIG = "--psm 4"
# Dark runs at least this long are table rules, not letters...
RULE_MIN_INCHES = 0.5
# ...unless they are thicker than this on average: a solid panel, not a rule.
RULE_MAX_INCHES = 0.04
# A line must be this share taller than the page's usual line to count as set in a
# larger size: OCR boxes wobble with the letters in each line, and a font change
# must not be inferred from that.
BODY_SIZE_TOLERANCE = 0.25
# The most a scanner is assumed to have slanted a page.
MAX_SKEW_DEGREES = 3.0
# Pixels either side of a rule painted white with it.
RULE_FRINGE_PIXELS = 2
# Tesseract is stopped after this long on one page, so one pathological picture
# cannot hold up an ingest; a dense page of text takes a few seconds.
OCR_TIMEOUT_SECONDS = 120
# A logo is a few words; it is read in a few tenths of a second or not at all.
PICTURE_TIMEOUT_SECONDS = 10
# Tesseract's own layout analysis ("--psm 3") finds a logo's lettering beside its
# emblem; reading it as sparse text ("--psm 11") turns the emblem into letters.
PICTURE_CONFIG = "--psm 3"
_DARK = 128
_RULE_GLYPHS = set("|_")


class TesseractFailed(RuntimeError):
    """Tesseract ran and gave no reading: it failed or ran out of time."""


def tesseract_available() -> bool:
    """The tesseract program is installed."""
    return shutil.which("tesseract") is not None


def tesseract_tsv(picture, config: str, timeout: float) -> dict[str, list]:
    """What Tesseract reads in a PIL image, as its TSV output: one list per column
    (level, block_num, par_num, line_num, left, top, width, height, conf, text, ...),
    numbers as numbers. The program is run directly: no Python binding (and none of
    the libraries a binding may load) is needed."""
    image = io.BytesIO()
    picture.save(image, format="PNG")
    # Tesseract's OpenMP threads spin while they wait for each other: beside other
    # work (parallel ingest workers, a busy machine) one thread reads a page two to
    # four times faster. A limit the user set is kept.
    environment = {"OMP_THREAD_LIMIT": "1", **os.environ}
    command = ["tesseract", "stdin", "stdout", *shlex.split(config), "tsv"]
    try:
        done = subprocess.run(command, input=image.getvalue(), capture_output=True, timeout=timeout, env=environment)
    except subprocess.TimeoutExpired as exc:
        raise TesseractFailed(f"Tesseract took longer than {timeout:g} s") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TesseractFailed(f"Tesseract failed: {said[-1] if said else f'exit status {done.returncode}'}")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines:
        return {}
    header = lines[0].split("\t")
    columns: dict[str, list] = {name: [] for name in header}
    for line in lines[1:]:
        values = line.split("\t")
        values += [""] * (len(header) - len(values))
        for name, value in zip(header, values):
            columns[name].append(value if name == "text" else _number(value))
    return columns


def _number(value: str) -> int | float:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return -1


def needs_ocr(page) -> bool:
    """A page (chars, images, width, height) that is a picture of text: (almost) no
    characters, and images covering most of it."""
    width, height = float(page.width), float(page.height)
    if width <= 0 or height <= 0:
        return False
    covered = 0.0
    for image in page.images:
        across = min(image["x1"], width) - max(image["x0"], 0.0)
        down = min(image["bottom"], height) - max(image["top"], 0.0)
        covered += max(across, 0.0) * max(down, 0.0)
    if covered < MIN_IMAGE_COVER * width * height:
        return False
    # Counted last: most pages have no big image, and their glyphs need no counting.
    printable = sum(1 for c in page.chars if c.get("text", "").strip())
    return printable < MAX_CHARS_ON_SCAN


class ScannedPages:
    """Reads the scanned pages of one PDF.

    Whether Tesseract can be used is asked once per document, when its first scanned
    page is met, so a paper with no scans never looks for it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._available: bool | None = None

    def needs_ocr(self, page) -> bool:
        return needs_ocr(page)

    def read(self, page, number: int) -> str:
        """Give `page` (the reader's geometry of page `number`) the characters and
        rules OCR finds, in place of its own; return the warning that says so, or
        why it could not be done."""
        if self._available is None:
            self._available = tesseract_available()
        if not self._available:
            return missing_tesseract_warning(number)
        chars, edges = ocr_page(self.path, number - 1)
        page.chars = chars
        page.edges = [*page.edges, *edges]
        words = sum(1 for c in chars if c["text"].strip())
        return f"page {number} read by OCR ({words} words): check the text against the scan"


def missing_tesseract_warning(number: int) -> str:
    return f"page {number} has no text layer and needs OCR: install the Debian package tesseract-ocr"


def ocr_page(path: str | Path, page_index: int) -> tuple[list[dict], list[dict]]:
    """The words and table rules on one page of the PDF at `path`.

    Returns chars in the reader's shape, one per word, and edges (ruling lines), both
    in points. PDFium measures the rendering and the reader's geometry alike from the
    crop box, so the two line up without an offset.
    """
    import pypdfium2 as pdfium

    scale = OCR_DPI / 72
    document = pdfium.PdfDocument(str(path))
    try:
        picture = document[page_index].render(scale=scale, grayscale=True).to_pil()
    finally:
        document.close()
    cleaned, edges = _lift_rules(_deskewed(picture), scale)
    data = tesseract_tsv(cleaned, TESSERACT_CONFIG, OCR_TIMEOUT_SECONDS)
    return words_to_chars(data, scale), edges


def pdf_picture_words(path: str | Path, page_index: int, box: tuple[float, float, float, float]) -> str:
    """The words in the part of a PDF page inside `box` (x0, top, x1, bottom in
    points from the top-left of the page as it reads): a logo's lettering."""
    if not tesseract_available():
        return ""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[page_index]
        width, height = page.get_size()
        if page.get_rotation() % 180:
            width, height = height, width
        x0, top, x1, bottom = box
        # Render only the picture's own rectangle: PDFium crops by the margin cut
        # from each side of the page as displayed.
        crop = (max(x0, 0.0), max(height - bottom, 0.0), max(width - x1, 0.0), max(top, 0.0))
        picture = page.render(scale=OCR_DPI / 72, crop=crop, grayscale=True).to_pil()
    finally:
        document.close()
    return picture_words(picture)


def image_file_words(data: bytes) -> str:
    """The words in an image file's bytes (PNG, JPEG, ...): a logo in a Word paper."""
    if not tesseract_available():
        return ""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            picture = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):
        return ""  # a vector image (EMF, WMF) or one PIL cannot open: no words to read
    return picture_words(picture)


def picture_words(picture) -> str:
    """The lines of words Tesseract reads in a PIL image, joined by newlines."""
    return _words_in_pixels(picture.mode, picture.size, picture.tobytes())


# A council prints the same logo on every paper: its pixels are read once in a
# process, not once a paper. Keyed by the pixels, so a cached answer is always the
# one a fresh reading would give.
@functools.lru_cache(maxsize=64)
def _words_in_pixels(mode: str, size: tuple[int, int], pixels: bytes) -> str:
    from PIL import Image

    picture = Image.frombytes(mode, size, pixels)
    # Small logos are upscaled to the size Tesseract reads best; huge ones are left.
    if picture.height < 150:
        factor = 150 / max(picture.height, 1)
        picture = picture.resize((max(1, round(picture.width * factor)), 150))
    try:
        data = tesseract_tsv(picture, PICTURE_CONFIG, PICTURE_TIMEOUT_SECONDS)
    except (TesseractFailed, OSError):
        return ""  # timed out or failed: a logo is worth a try, never a failure
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        if text and float(data["conf"][i]) >= MIN_CONFIDENCE:
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(text)
    return "\n".join(" ".join(words) for _, words in sorted(lines.items()))


def words_to_chars(data: dict, scale: float) -> list[dict]:
    """Chars, one per word, from `tesseract_tsv` output (pixels at
    `scale` times points), in reading order.

    Every word of a Tesseract line gets the line's top and bottom, as every glyph of
    a printed line shares its font's; the reader then groups the line as Tesseract
    did. A word followed by another on its line carries the space between them in
    its text: Tesseract has told the words apart already, however tight the gap.
    """
    lines: dict[tuple[int, int, int], list[dict]] = {}
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        # Bars and underscores alone are never words: a rule the cleaning missed, or
        # what Tesseract makes of the wide white gap where a rule was.
        if not text or float(data["conf"][i]) < MIN_CONFIDENCE or set(text) <= _RULE_GLYPHS:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        left, top = data["left"][i] / scale, data["top"][i] / scale
        lines.setdefault(key, []).append(
            {
                "text": text,
                "x0": left,
                "x1": left + data["width"][i] / scale,
                "top": top,
                "bottom": top + data["height"][i] / scale,
            }
        )
    ordered = sorted(lines.items())
    boxes = [(min(w["top"] for w in words), max(w["bottom"] for w in words)) for _, words in ordered]
    body = median(bottom - top for top, bottom in boxes) if boxes else 0.0
    chars: list[dict] = []
    for (_, words), (top, bottom) in zip(ordered, boxes):
        # The line's inked height stands in for the font size: near enough for
        # telling headings from body text and for measuring gutters in font sizes.
        # A line without ascenders or descenders looks smaller than it is, so only
        # a clearly taller line is taken to be in another size.
        height = bottom - top
        size = round(height if height > (1 + BODY_SIZE_TOLERANCE) * body else body, 1)
        words.sort(key=lambda w: w["x0"])
        for index, word in enumerate(words):
            text = word["text"] + (" " if index + 1 < len(words) else "")
            chars.append(_char(text, word["x0"], word["x1"], top, bottom, size))
    return chars


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> dict:
    return {
        "object_type": "char",
        "text": text,
        **object_box(x0, top, x1, bottom),
        "size": size,
        # OCR cannot tell bold from regular reliably; saying nothing is safer than
        # a guess that would start false headings.
        "fontname": "",
        "upright": True,
    }


def _deskewed(picture):
    """The page turned upright, if the scanner fed it in at a slant.

    Tesseract copes with slanted lines, but a slanted rule is no edge and slanted
    columns do not line up. The slant is the angle at which the rows of ink are
    sharpest: text lines and rules then fall into few pixel rows, with white between.
    """
    import numpy as np
    from PIL import Image

    # A quarter of the resolution is plenty to see lines, and makes each trial
    # rotation cheap.
    ink = Image.eval(picture.convert("L").reduce(4), lambda v: 255 - v)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.BILINEAR), dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.25, 0.5), key=sharpness)
    best = max(coarse + np.arange(-0.4, 0.45, 0.1), key=sharpness)
    if abs(best) < 0.05:
        return picture
    return picture.rotate(float(best), resample=Image.BICUBIC, fillcolor=255)


def _lift_rules(picture, scale: float):
    """The page with its table rules painted white, and the rules as edges.

    Rules around a cell hide its text from Tesseract's layout analysis (a shaded
    header row boxed by rules is dropped whole), and a vertical rule is read as "|"
    or "l" beside the text; as edges they let the ruled-table finder see the grid.
    """
    import numpy as np
    from PIL import Image

    pixels = np.asarray(picture.convert("L"))
    dark = pixels < _DARK
    dpi = scale * 72
    length = max(int(RULE_MIN_INCHES * dpi), 2)
    thickness = RULE_MAX_INCHES * dpi
    across, across_edges = _rules(_long_runs(dark, length), thickness, scale, "h")
    down, down_edges = _rules(_long_runs(dark.T, length), thickness, scale, "v")
    # The anti-aliased fringe of a rule is too light to count as dark but still
    # reads as "__" beside the text; it goes too.
    rules = _thicken(across, RULE_FRINGE_PIXELS, axis=0) | _thicken(down.T, RULE_FRINGE_PIXELS, axis=1)
    if not rules.any():
        return picture, []
    cleaned = pixels.copy()
    cleaned[rules] = 255
    return Image.fromarray(cleaned), [*across_edges, *down_edges]


def _rules(runs, thickness: float, scale: float, orientation: str):
    """The runs (long dark runs along each pixel row) that form thin rules, and each
    rule as an edge. For vertical rules the arrays come transposed."""
    import numpy as np

    kept = np.zeros_like(runs)
    edges: list[dict] = []
    rows = np.flatnonzero(runs.any(axis=1))
    if rows.size == 0:
        return kept, edges
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        first, last = int(band[0]), int(band[-1]) + 1
        strip = runs[first:last]
        covered = strip.any(axis=0)
        # Average thickness, so a rule a skewed scan spreads over several rows still
        # counts as thin.
        if strip.sum() > thickness * covered.sum():
            continue
        kept[first:last] = strip
        middle = (first + last) / 2 / scale
        flags = np.concatenate(([0], covered.astype(np.int8), [0]))
        changes = np.flatnonzero(np.diff(flags))
        for start, stop in zip(changes[::2], changes[1::2]):
            edges.append(_edge(orientation, middle, start / scale, stop / scale))
    return kept, edges


def _thicken(mask, pixels: int, axis: int):
    out = mask.copy()
    for shift in range(1, pixels + 1):
        if axis == 0:
            out[shift:] |= mask[:-shift]
            out[:-shift] |= mask[shift:]
        else:
            out[:, shift:] |= mask[:, :-shift]
            out[:, :-shift] |= mask[:, shift:]
    return out


def _edge(orientation: str, position: float, start: float, stop: float) -> dict:
    if orientation == "h":
        return ruling_edge("h", start, position, stop, position)
    return ruling_edge("v", position, start, position, stop)


def _long_runs(dark, length: int):
    """Pixels lying in a run of at least `length` dark pixels along their row."""
    import numpy as np

    rows, width = dark.shape
    out = np.zeros(dark.shape, dtype=bool)
    block = max(length // 2, 1)
    usable = width // block * block
    if usable == 0 or width < length:
        return out
    # A run of twice a block's length covers at least one whole aligned block, so
    # only the few pixel rows with an all-dark block (rules, not letters) need the
    # exact search.
    solid = dark[:, :usable].reshape(rows, -1, block).all(axis=2).any(axis=1)
    candidates = np.flatnonzero(solid)
    if candidates.size:
        out[candidates] = _runs_in_rows(dark[candidates], length)
    return out


def _runs_in_rows(dark, length: int):
    import numpy as np

    rows, width = dark.shape
    counts = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(dark, axis=1, out=counts[:, 1:])
    # Windows of `length` pixels that are all dark...
    full = np.pad((counts[:, length:] - counts[:, :-length]) == length, ((0, 0), (length - 1, length - 1)))
    # ...and every pixel some such window covers.
    starts = np.zeros((rows, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    return (starts[:, length:] - starts[:, :-length]) > 0
