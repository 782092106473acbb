"""Results reach the store in the order the papers were found."""

from __future__ import annotations

from pathlib import Path

from scrutiny.pipeline.ingest.executors import in_submission_order


def test_results_finishing_out_of_order_are_stored_in_discovery_order() -> None:
    pending = [(Path("a.pdf"), "1"), (Path("b.pdf"), "2"), (Path("c.pdf"), "3")]
    finished = [(Path("c.pdf"), "3", "C"), (Path("a.pdf"), "1", "A"), (Path("b.pdf"), "2", "B")]
    assert [r for _, _, r in in_submission_order(iter(finished), pending)] == ["A", "B", "C"]


def test_a_result_waits_only_for_the_papers_before_it() -> None:
    pending = [(Path("a.pdf"), "1"), (Path("b.pdf"), "2")]
    stream = in_submission_order(iter([(Path("a.pdf"), "1", "A"), (Path("b.pdf"), "2", "B")]), pending)
    assert next(stream)[2] == "A"


def test_a_result_under_an_unexpected_name_is_still_returned() -> None:
    pending = [(Path("a.pdf"), "1")]
    finished = [(Path("elsewhere.pdf"), "9", "X"), (Path("a.pdf"), "1", "A")]
    assert sorted(r for _, _, r in in_submission_order(iter(finished), pending)) == ["A", "X"]
