"""Mutation fuzzing of the readers: every damaged file must fail as one recorded
per-file error (UnreadableDocument, UnsupportedFormat) or be read, never raise
anything else or hang.

The PDFs and Word files in sample_docs/ are mutated (bytes flipped, truncated,
chunks repeated or dropped, numbers changed; for Word also the XML inside the zip
damaged, parts dropped or their compressed bytes corrupted) and each mutant goes
through `scrutiny.pipeline.extract.extract_document`, in this process, with a time limit.
A mutant that raises anything else, or runs past the limit, is saved in
fuzz/crashes/ with its traceback; the exit status is then 1.

    python fuzz/fuzz.py [--seconds 120] [--seed N] [--file-timeout 30]
    python fuzz/fuzz.py --replay fuzz/crashes/*.pdf fuzz/crashes/*.docx
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrutiny.extractors.budget import OverBudget, TimeBudget  # noqa: E402
from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat  # noqa: E402
from scrutiny.pipeline.extract import extract_document  # noqa: E402
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy  # noqa: E402

SAMPLES = ROOT / "sample_docs"
CRASHES = Path(__file__).resolve().parent / "crashes"
RECORDED = (UnreadableDocument, UnsupportedFormat)
# Short, so a page stuck in Python is cut off and the file goes on; the file limit
# catches what the page budget cannot (Word files, calls into C).
PAGE_TIMEOUT = 5.0

# Attribute values that have broken readers elsewhere: out of range, not numbers,
# empty, huge.
ODD_VALUES = [b"-1", b"0", b"999999999", b"1e309", b"abc", b"", b"NaN", b"\xc3\x28", b"&amp;", b"2.5"]


@dataclass
class Tally:
    mutants: int = 0
    read: int = 0
    recorded: int = 0
    crashes: int = 0
    hangs: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        position = rng.randrange(len(out))
        out[position] ^= rng.randint(1, 255)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 4) + data[at:]


def drop_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def change_number(data: bytes, rng: random.Random) -> bytes:
    """Lengths, offsets, object numbers, page counts, sizes: PDFs and Word XML are
    full of numbers a reader trusts."""
    numbers = list(re.finditer(rb"\d+", data))
    if not numbers:
        return flip_bytes(data, rng)
    out = data
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 4))), key=lambda m: -m.start()):
        value = rng.choice(
            [b"0", b"1", b"-1", b"65535", b"2147483648", b"99999999999", str(rng.randint(0, 10000)).encode()]
        )
        out = out[: match.start()] + value + out[match.end() :]
    return out


BYTE_MUTATORS = [flip_bytes, truncate, duplicate_chunk, drop_chunk, change_number]


def mutate_xml(xml: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return rng.choice(BYTE_MUTATORS)(xml, rng) if xml else xml
    if choice == 1:
        # An attribute value replaced: spans, widths, levels, ids.
        values = list(re.finditer(rb'="([^"]*)"', xml))
        if values:
            match = rng.choice(values)
            return xml[: match.start(1)] + rng.choice(ODD_VALUES) + xml[match.end(1) :]
    if choice == 2:
        # An element removed, leaving its neighbours (and perhaps its closing tag).
        tags = list(re.finditer(rb"<[^>]+>", xml))
        if tags:
            match = rng.choice(tags)
            return xml[: match.start()] + xml[match.end() :]
    if choice == 3:
        # An element repeated, nesting it inside itself or its siblings.
        tags = list(re.finditer(rb"<(w:(?:tc|tr|tbl|p|r|sdt|gridSpan|vMerge|numPr|fldChar)\b)[^>]*>", xml))
        if tags:
            match = rng.choice(tags)
            at = rng.randrange(len(xml))
            return xml[:at] + match.group(0) * rng.randint(1, 50) + xml[at:]
    return truncate(xml, rng) if xml else xml


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = [(info, source.read(info)) for info in source.infolist()]
    except Exception:  # an earlier mutation broke the zip: damage it further as bytes
        return flip_bytes(data, rng)
    if not parts:
        return flip_bytes(data, rng)
    choice = rng.randrange(4)
    if choice == 0:
        # Damage the XML inside a well-formed zip: what the Word reader parses.
        xml_parts = [i for i, (info, _) in enumerate(parts) if info.filename.endswith((".xml", ".rels"))]
        for index in rng.sample(xml_parts, min(len(xml_parts), rng.randint(1, 2))):
            info, body = parts[index]
            parts[index] = (info, mutate_xml(body, rng))
    elif choice == 1:
        # A part missing.
        del parts[rng.randrange(len(parts))]
    elif choice == 2:
        # A part under another part's name, so a name appears twice.
        info, body = rng.choice(parts)
        target = rng.choice(parts)[0]
        parts.append((zipfile.ZipInfo(target.filename), body))
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a repeated name is the point
        for info, body in parts:
            archive.writestr(info.filename, body)
    packed = out.getvalue()
    if choice == 3:
        # The zip itself damaged: compressed bytes, headers, the central directory.
        return rng.choice(BYTE_MUTATORS)(packed, rng)
    return packed


def mutate(data: bytes, suffix: str, rng: random.Random) -> bytes:
    if suffix == ".docx" and rng.random() < 0.8:
        mutant = mutate_docx(data, rng)
    else:
        mutant = rng.choice(BYTE_MUTATORS)(data, rng)
    return mutant or b"\0"


def try_one(path: Path, tagger: ThemeTagger, file_timeout: float) -> tuple[str, str]:
    """("read" | "recorded" | "crash" | "hang", detail)."""
    try:
        with TimeBudget(file_timeout):
            extract_document(path, tagger, page_timeout=PAGE_TIMEOUT)
    except RECORDED as exc:
        return "recorded", f"{type(exc).__name__}: {exc}"
    except OverBudget:
        return "hang", f"took longer than {file_timeout:g} s"
    except Exception:
        return "crash", traceback.format_exc()
    return "read", ""


def save_crash(data: bytes, suffix: str, outcome: str, detail: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    last = detail.strip().splitlines()[-1] if detail.strip() else outcome
    kind = re.sub(r"[^A-Za-z0-9]+", "-", last.split(":")[0])[:40].strip("-") or outcome
    name = f"{outcome}-{kind}-{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
    target = CRASHES / name
    target.write_bytes(data)
    target.with_name(name + ".txt").write_text(detail)
    return target


def fuzz(seconds: float, seed: int, file_timeout: float) -> Tally:
    rng = random.Random(seed)
    seeds = [(p.suffix, p.read_bytes()) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".pdf", ".docx")]
    if not seeds:
        raise SystemExit(f"no .pdf or .docx in {SAMPLES}")
    tagger = ThemeTagger(load_taxonomy())
    tally = Tally()
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="scrutiny-fuzz-") as workdir:
        while time.monotonic() < deadline:
            suffix, original = rng.choice(seeds)
            data = mutate(original, suffix, rng)
            # Mutants of mutants reach damage a single mutation does not.
            while rng.random() < 0.25:
                data = mutate(data, suffix, rng)
            path = Path(workdir) / f"mutant{suffix}"
            path.write_bytes(data)
            outcome, detail = try_one(path, tagger, file_timeout)
            tally.mutants += 1
            if outcome == "read":
                tally.read += 1
            elif outcome == "recorded":
                tally.recorded += 1
            else:
                tally.crashes += outcome == "crash"
                tally.hangs += outcome == "hang"
                saved = save_crash(data, suffix, outcome, detail)
                kind = saved.name.split("-")[1]
                tally.kinds[kind] = tally.kinds.get(kind, 0) + 1
                print(f"{outcome}: {saved.relative_to(ROOT)}: {detail.strip().splitlines()[-1]}", file=sys.stderr)
    return tally


def replay(paths: list[Path], file_timeout: float) -> int:
    tagger = ThemeTagger(load_taxonomy())
    bad = 0
    for path in paths:
        outcome, detail = try_one(path, tagger, file_timeout)
        last = detail.strip().splitlines()[-1] if detail.strip() else ""
        print(f"{outcome:9} {path}: {last}")
        bad += outcome in ("crash", "hang")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to fuzz (default 120)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, to repeat a run")
    parser.add_argument("--file-timeout", type=float, default=30.0, help="seconds one mutant may take (default 30)")
    parser.add_argument("--replay", nargs="+", type=Path, help="run these saved files instead of fuzzing")
    args = parser.parse_args()
    if args.replay:
        return replay([p for p in args.replay if not p.name.endswith(".txt")], args.file_timeout)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    started = time.monotonic()
    tally = fuzz(args.seconds, seed, args.file_timeout)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(tally.kinds.items())) or "none"
    print(
        f"seed {seed}: {tally.mutants} mutants in {time.monotonic() - started:.0f} s; "
        f"{tally.read} read, {tally.recorded} recorded errors, {tally.crashes} crashes, {tally.hangs} hangs "
        f"(by kind: {kinds})"
    )
    if tally.crashes or tally.hangs:
        print(f"inputs saved in {CRASHES.relative_to(ROOT)}/", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
