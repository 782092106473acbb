"""Seconds per pipeline stage on one corpus, in one process (one worker), over a few
runs: each run's figures, then the median of each stage. A quick check of where
the ingest spends its time, lighter than the full bench.

    python bench/stage_times.py [--corpus PATH] [--runs N]

(run as a script: bench.py beside it is imported as `bench`)

Process CPU seconds are printed beside each run's total: on a busy machine they
move less than wall-clock seconds do.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench import KENT, STAGES, list_corpus, time_stages, warm_up
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=KENT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = list_corpus(args.corpus)
    tagger = ThemeTagger(load_taxonomy())
    warm_up(files, tagger)
    print(f"{args.corpus}: {len(files)} files, {sum(f.pages for f in files)} pages")
    runs = []
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            cpu = time.process_time()
            times = time_stages(files, tagger, Path(folder) / "stages.db", [])
            cpu = time.process_time() - cpu
        runs.append(times)
        stages = " ".join(f"{stage} {times.seconds[stage]:.2f}" for stage in STAGES)
        print(f"run {number}: total {times.total_seconds:.2f} s (cpu {cpu:.2f} s); {stages}", flush=True)
    print(f"median of {len(runs)}: total {statistics.median(r.total_seconds for r in runs):.2f} s")
    for stage in STAGES:
        print(f"  {stage:<10} {statistics.median(r.seconds[stage] for r in runs):6.2f} s")


if __name__ == "__main__":
    main()
