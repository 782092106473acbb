"""Table-reading figures: the council development corpus and the ICDAR 2013 Table
Competition set, both scored by the shared scorers beside the repository.

    python bench/tables.py [--shared ../shared] [--skip-council] [--skip-icdar] [--details NAME]

1. `eval/score.py` on `corpus/dev`: recommendation/response pairs and statuses, the
   yardstick any change to the PDF reader must not move.
2. `benchmarks/icdar2013/score_tables.py --reader both`: table detection and cell
   adjacency relations for pdfplumber's table finder and for this reader.

The ICDAR scorer places a reader's table boxes by finding, per page, how the ground
truth's boxes map onto the reader's frame; for this reader it measures that frame
with PDFium's glyphs in the page's unrotated space. This reader measures a page as it
reads (turned as /Rotate says, see extractors/pdf_geometry.py), so here the scorer's
PDFium frame is taken on the page as displayed. On unrotated pages the two frames are
the same; `--as-published` runs the scorer unchanged.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNCIL_LINES = ("pair precision", "pair recall", "pair F1", "status accuracy", "response accuracy", "text fidelity")


def council(shared: Path) -> None:
    scrutiny = ROOT / ".venv" / "bin" / "scrutiny"
    command = [
        sys.executable,
        str(shared / "eval" / "score.py"),
        str(shared / "corpus" / "dev"),
        "--cmd",
        f"{scrutiny} extract {{files}} --json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    print("== council development corpus (eval/score.py)")
    if result.returncode != 0:
        print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "the scorer failed")
        return
    for line in result.stdout.splitlines():
        if line.strip().startswith(COUNCIL_LINES) or " gold items" in line:
            print(line)


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_tables", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_tables"] = module
    spec.loader.exec_module(module)
    return module


def _displayed_frames(scorer):
    """The scorer's PDFium frame finder, measuring glyphs on the page as displayed
    (turned by /Rotate), as this reader measures them."""
    import pypdfium2 as pdfium

    def frames(doc):
        found = {}
        pdf = pdfium.PdfDocument(str(doc.pdf))
        try:
            for number in sorted({g.page for g in doc.gt}):
                if number > len(pdf):
                    continue
                page = pdf[number - 1]
                textpage = page.get_textpage()
                try:
                    mx0, my0, mx1, my1 = page.get_mediabox()
                    width, height = mx1 - mx0, my1 - my0
                    text_at = _displayed_text_at(textpage, page.get_rotation() % 360, width, height)
                    cells = [c for g in doc.gt if g.page == number for c in g.cells]
                    name, share = scorer.calibrate(cells, width, height, text_at)
                    found[number] = scorer.Frame(name, share, width, height)
                finally:
                    textpage.close()
                    page.close()
        finally:
            pdf.close()
        return found

    return frames


def _displayed_text_at(textpage, rotation: int, width: float, height: float):
    """Text in a box given on the displayed page (top-left origin): the box is
    turned back into the page's own space (bottom-left origin), where PDFium looks."""

    def text_at(x0, top, x1, bottom):
        if rotation == 90:
            left, low, right, high = top, x0, bottom, x1
        elif rotation == 180:
            left, low, right, high = width - x1, top, width - x0, bottom
        elif rotation == 270:
            left, low, right, high = width - bottom, height - x1, width - top, height - x0
        else:
            left, low, right, high = x0, height - bottom, x1, height - top
        return textpage.get_text_bounded(left, low, right, high)

    return text_at


def icdar(shared: Path, as_published: bool, details: str | None) -> None:
    dataset = shared / "benchmarks" / "icdar2013"
    scorer = _load_scorer(dataset / "score_tables.py")
    if not as_published:
        scorer._pdfium_frames = _displayed_frames(scorer)
    print("\n== ICDAR 2013 Table Competition (benchmarks/icdar2013/score_tables.py)")
    arguments = [str(dataset), "--reader", "scrutiny" if details is not None else "both", "--project", str(ROOT)]
    if details is not None:
        arguments += ["--details", "--only", details]
    scorer.main(arguments)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder with eval/ and benchmarks/")
    parser.add_argument("--skip-council", action="store_true", help="leave out the council corpus")
    parser.add_argument("--skip-icdar", action="store_true", help="leave out the ICDAR 2013 set")
    parser.add_argument("--as-published", action="store_true", help="run the ICDAR scorer unchanged")
    parser.add_argument("--details", metavar="NAME", help="per-table ICDAR results for documents named like NAME")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"no shared folder at {args.shared}: pass --shared", file=sys.stderr)
        return 2
    if not args.skip_council and args.details is None:
        council(args.shared)
    if not args.skip_icdar:
        icdar(args.shared, args.as_published, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
