"""Following a recommendation from the report that made it through the updates on it,
and knowing one council or committee however its papers print the name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from documents import write_scrutiny_report_docx, write_update_docx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from scrutiny.models.schema import Committee, Council, Document, Lineage, ProgressUpdate, Recommendation
from scrutiny.pipeline.ingest.manifest import load_manifest
from scrutiny.pipeline.ingest.run import ingest
from scrutiny.pipeline.query.queries import list_recommendations, recommendation_history

PLYMOUTH = "Plymouth City Council"
PANEL = "Children and Young People Overview and Scrutiny Panel"

ORIGINAL = [
    "The Council should ensure that every school in Plymouth has a named lead for young carers by September 2011.",
    "The Council should publish a directory of respite and short break services for young carers and their families.",
    "The Council should train frontline social workers to identify young carers during Common Assessment "
    "Framework assessments.",
    "The Council should set up a young carers' forum that meets elected members every quarter.",
]
# A year on: "The Council should" dropped, an acronym for a name.
UPDATE_2012 = [
    (
        "Ensure that every school in Plymouth has a named lead for young carers by September 2011.",
        "In progress: 40 of the 70 schools have named a lead.",
    ),
    (
        "Publish a directory of respite and short break services for young carers and their families.",
        "Completed. The directory was published in October 2011.",
    ),
    (
        "Train frontline social workers to identify young carers during CAF assessments.",
        "Ongoing: the first training sessions ran in January 2012.",
    ),
    (
        "Set up a young carers' forum that meets elected members every quarter.",
        "Not started: a youth worker is being recruited to run the forum.",
    ),
]
# Two years on: shortened, clauses moved to the front, rows in another order.
UPDATE_2013 = [
    (
        "Set up a quarterly young carers' forum with elected members.",
        "In progress: the forum first met in February 2013.",
    ),
    (
        "During CAF assessments, frontline social workers to identify young carers.",
        "Completed. Every frontline social worker has been trained.",
    ),
    (
        "By September 2011, every school in Plymouth to have a named lead for young carers.",
        "Completed. All 70 schools have a named lead.",
    ),
    (
        "Publish a directory of respite and short break services for young carers.",
        "Completed. The directory is refreshed every six months.",
    ),
]
# Row of each update that reports on ORIGINAL[i].
ROW_2012 = [0, 1, 2, 3]
ROW_2013 = [2, 3, 1, 0]
STATUSES_2012 = ["in_progress", "completed", "in_progress", "outstanding"]
STATUSES_2013 = ["completed", "completed", "completed", "in_progress"]


def cover(meeting: str, council: str = PLYMOUTH, committee: str = PANEL) -> list[str]:
    return [council, committee, meeting]


def write_young_carers_papers(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    progress = "Young Carers: Progress on Recommendations"
    return {
        "2011": write_scrutiny_report_docx(
            folder / "report-2011.docx", cover("14 March 2011"), "Young Carers Task and Finish Group Report", ORIGINAL
        ),
        "2012": write_update_docx(folder / "update-2012.docx", cover("15 March 2012"), progress, UPDATE_2012),
        "2013": write_update_docx(folder / "update-2013.docx", cover("13 March 2013"), progress, UPDATE_2013),
    }


def lineage_of(engine: Engine, path: Path) -> list[int]:
    """The lineage id of each recommendation of the paper at `path`, in paper order."""
    with Session(engine) as session:
        return list(
            session.scalars(
                select(Recommendation.lineage_id)
                .join(Document, Document.id == Recommendation.document_id)
                .where(Document.path == str(path))
                .order_by(Recommendation.ordinal)
            )
        )


def grouping(engine: Engine, papers: dict[str, Path]) -> set[tuple[int, int, int]]:
    """For each original recommendation, its lineage in each paper, as positions:
    (original ordinal, 2012 row, 2013 row) when all three share a lineage."""
    lineages = {year: lineage_of(engine, path) for year, path in papers.items()}
    return {
        (i, lineages["2012"].index(lineage), lineages["2013"].index(lineage))
        for i, lineage in enumerate(lineages["2011"])
        if lineage in lineages["2012"] and lineage in lineages["2013"]
    }


@pytest.fixture
def papers(tmp_path: Path) -> dict[str, Path]:
    return write_young_carers_papers(tmp_path / "papers")


def test_a_report_and_two_rewording_updates_give_one_recommendation_per_original(engine: Engine, papers) -> None:
    summary = ingest(list(papers.values()), engine)
    assert summary.count("ingested") == 3

    found = list_recommendations(engine, council="Plymouth")
    assert len(found) == len(ORIGINAL)
    assert all(r.papers == 3 and r.updates == 2 for r in found)
    assert sorted(r.id for r in found) == sorted(lineage_of(engine, papers["2011"]))


def test_history_lists_the_report_then_each_update_in_date_order(engine: Engine, papers) -> None:
    ingest(list(papers.values()), engine)

    for i, lineage_id in enumerate(lineage_of(engine, papers["2011"])):
        history = recommendation_history(engine, lineage_id)
        assert [e.date for e in history] == [date(2011, 3, 14), date(2012, 3, 15), date(2013, 3, 13)]
        assert [e.path for e in history] == [str(papers["2011"]), str(papers["2012"]), str(papers["2013"])]
        row_2012, row_2013 = UPDATE_2012[ROW_2012[i]], UPDATE_2013[ROW_2013[i]]
        assert [e.recommendation for e in history] == [ORIGINAL[i], row_2012[0], row_2013[0]]
        assert [e.status for e in history] == [None, STATUSES_2012[i], STATUSES_2013[i]]
        assert [e.update for e in history] == [None, row_2012[1], row_2013[1]]


def test_the_original_report_is_stored_without_progress_updates(engine: Engine, papers) -> None:
    ingest([papers["2011"]], engine)

    with Session(engine) as session:
        document = session.scalars(select(Document)).one()
        assert [r.text for r in document.recommendations] == ORIGINAL
        assert session.scalar(select(func.count()).select_from(ProgressUpdate)) == 0
    assert {r.latest_status for r in list_recommendations(engine)} == {"unknown"}


@pytest.mark.parametrize("order", [("2013", "2012", "2011"), ("2012", "2013", "2011"), ("2012", "2011", "2013")])
def test_ingesting_in_another_order_gives_the_same_grouping(engine: Engine, papers, order) -> None:
    for year in order:
        ingest([papers[year]], engine)

    assert grouping(engine, papers) == {(i, ROW_2012[i], ROW_2013[i]) for i in range(len(ORIGINAL))}
    assert len(list_recommendations(engine)) == len(ORIGINAL)
    history = recommendation_history(engine, lineage_of(engine, papers["2011"])[0])
    assert [e.date.year for e in history] == [2011, 2012, 2013]
    assert history[0].status is None


def test_history_is_in_meeting_date_order_whatever_the_ingest_order(engine: Engine, papers) -> None:
    for year in ("2013", "2011", "2012"):
        ingest([papers[year]], engine)

    schools = lineage_of(engine, papers["2011"])[0]
    history = recommendation_history(engine, schools)
    assert [(e.date, e.status) for e in history] == [
        (date(2011, 3, 14), None),
        (date(2012, 3, 15), "in_progress"),
        (date(2013, 3, 13), "completed"),
    ]
    assert [e.document for e in history] == [
        "Young Carers Task and Finish Group Report",
        "Young Carers: Progress on Recommendations",
        "Young Carers: Progress on Recommendations",
    ]


def test_a_near_identical_recommendation_of_another_council_keeps_its_own_lineage(
    engine: Engine, papers, tmp_path: Path
) -> None:
    ingest([papers["2011"]], engine)
    devon = write_update_docx(
        tmp_path / "devon.docx",
        cover("20 June 2012", council="Devon County Council"),
        "Young Carers Update",
        [(UPDATE_2012[1][0], "Completed.")],
    )
    ingest([devon], engine)

    [devon_lineage] = lineage_of(engine, devon)
    assert devon_lineage not in lineage_of(engine, papers["2011"])
    with Session(engine) as session:
        recommendation = session.scalars(select(Recommendation).where(Recommendation.lineage_id == devon_lineage)).one()
        assert recommendation.lineage_status == "new"
        assert recommendation.review_lineage_id is None
        assert session.get(Lineage, devon_lineage).council.name == "Devon County Council"
    assert len(list_recommendations(engine, council="Plymouth")) == len(ORIGINAL)
    assert len(list_recommendations(engine, council="Devon")) == 1


def respite_papers(folder: Path) -> tuple[Path, Path]:
    """A report making two recommendations that differ in one word, and an update
    whose wording is as close to one as to the other."""
    report = write_scrutiny_report_docx(
        folder / "respite-2011.docx",
        cover("14 March 2011"),
        "Respite Review",
        [
            "Review the respite offer for young carers in the north of the city.",
            "Review the respite offer for young carers in the south of the city.",
        ],
    )
    update = write_update_docx(
        folder / "respite-2012.docx",
        cover("15 March 2012"),
        "Respite Review: Progress",
        [("Review the respite offer for young carers across the city.", "In progress: the review reports in May.")],
    )
    return report, update


def only_recommendation(engine: Engine, path: Path) -> tuple[int, str, int | None]:
    """(lineage id, lineage status, review lineage id) of the paper's one recommendation."""
    with Session(engine) as session:
        recommendation = session.scalars(select(Recommendation).join(Document).where(Document.path == str(path))).one()
        return recommendation.lineage_id, recommendation.lineage_status, recommendation.review_lineage_id


def test_a_recommendation_resembling_two_stored_ones_equally_is_flagged_for_review(
    engine: Engine, tmp_path: Path
) -> None:
    report, update = respite_papers(tmp_path)
    ingest([report], engine)
    ingest([update], engine)

    stored = lineage_of(engine, report)
    lineage_id, status, review_lineage_id = only_recommendation(engine, update)
    assert status == "review"
    assert review_lineage_id in stored
    assert lineage_id not in stored
    flagged = [r for r in list_recommendations(engine) if r.needs_review]
    assert [r.id for r in flagged] == [lineage_id]


def test_force_reingesting_keeps_a_review_flag(engine: Engine, tmp_path: Path) -> None:
    report, update = respite_papers(tmp_path)
    ingest([report], engine)
    ingest([update], engine)
    before = only_recommendation(engine, update)

    ingest([update], engine, force=True)

    assert only_recommendation(engine, update) == before
    assert [r.needs_review for r in list_recommendations(engine) if r.id == before[0]] == [True]


def test_force_reingesting_keeps_the_lineage_ids_of_recommendations_one_word_apart(
    engine: Engine, tmp_path: Path
) -> None:
    report, _ = respite_papers(tmp_path)
    ingest([report], engine)
    before = lineage_of(engine, report)

    ingest([report], engine, force=True)

    assert lineage_of(engine, report) == before


def test_two_recommendations_of_one_paper_never_join_the_same_lineage(engine: Engine, tmp_path: Path) -> None:
    report = write_scrutiny_report_docx(
        tmp_path / "report.docx",
        cover("14 March 2011"),
        "Schools Report",
        [
            "The Council should appoint a named lead for young carers in every secondary school.",
            "The Council should ask governors to report on support for young carers each year.",
        ],
    )
    update = write_update_docx(
        tmp_path / "update.docx",
        cover("15 March 2012"),
        "Schools Report: Progress",
        [
            ("Appoint a named lead for young carers in every secondary school.", "Completed."),
            ("Appoint a named lead for young carers in every primary school.", "Not started."),
        ],
    )
    ingest([report], engine)
    ingest([update], engine)

    first, second = lineage_of(engine, update)
    assert first == lineage_of(engine, report)[0]
    assert second != first


def test_force_reingesting_keeps_the_lineage_ids(engine: Engine, papers) -> None:
    ingest(list(papers.values()), engine)
    before = {year: lineage_of(engine, path) for year, path in papers.items()}
    with Session(engine) as session:
        lineages = sorted(session.scalars(select(Lineage.id)))

    summary = ingest(list(papers.values()), engine, force=True)

    assert summary.count("ingested") == 3
    assert {year: lineage_of(engine, path) for year, path in papers.items()} == before
    with Session(engine) as session:
        assert sorted(session.scalars(select(Lineage.id))) == lineages


def test_force_reingesting_the_only_paper_of_a_lineage_reclaims_its_id(engine: Engine, papers) -> None:
    ingest([papers["2011"]], engine)
    before = lineage_of(engine, papers["2011"])

    ingest([papers["2011"]], engine, force=True)

    assert lineage_of(engine, papers["2011"]) == before
    with Session(engine) as session:
        assert sorted(session.scalars(select(Lineage.id))) == sorted(before)


def test_force_reingesting_a_paper_with_no_council_keeps_its_lineage_ids(engine: Engine, tmp_path: Path) -> None:
    paper = write_scrutiny_report_docx(
        tmp_path / "no-council.docx",
        [PANEL, "14 March 2011"],
        "Young Carers Report",
        ORIGINAL[:2],
    )
    ingest([paper], engine)
    with Session(engine) as session:
        assert session.scalars(select(Document.council_id)).one() is None
    before = lineage_of(engine, paper)

    ingest([paper], engine, force=True)

    assert lineage_of(engine, paper) == before
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Lineage)) == len(before)


def test_the_committee_listed_is_that_of_the_latest_paper_whatever_the_ingest_order(
    engine: Engine, tmp_path: Path
) -> None:
    report = write_scrutiny_report_docx(
        tmp_path / "report.docx",
        cover("14 March 2011", committee="Committee: Young Carers Task and Finish Group"),
        "Young Carers Report",
        ORIGINAL[:2],
    )
    update = write_update_docx(tmp_path / "update.docx", cover("15 March 2012"), "Young Carers Update", UPDATE_2012[:2])
    ingest([update], engine)
    ingest([report], engine)

    found = list_recommendations(engine)
    assert [(r.committee, r.latest_date) for r in found] == [(PANEL, date(2012, 3, 15))] * 2
    assert len(list_recommendations(engine, committee="Overview and Scrutiny")) == 2


# Names


def test_a_committee_printed_with_abbreviations_is_one_committee(engine: Engine, tmp_path: Path) -> None:
    short = write_update_docx(
        tmp_path / "short.docx",
        [PLYMOUTH, "Committee: Children & Young People O&S Panel", "15 March 2012"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    long = write_update_docx(
        tmp_path / "long.docx",
        [PLYMOUTH, "Children and Young People Overview and Scrutiny Panel", "13 March 2013"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    ingest([short, long], engine)

    with Session(engine) as session:
        committees = session.scalars(select(Committee)).all()
        assert len(committees) == 1
        documents = {Path(d.path).name: d for d in session.scalars(select(Document))}
        assert documents["short.docx"].committee_id == documents["long.docx"].committee_id == committees[0].id
        assert documents["short.docx"].committee_text == "Children & Young People O&S Panel"
        assert documents["long.docx"].committee_text == "Children and Young People Overview and Scrutiny Panel"


def test_a_council_printed_in_capitals_is_one_council(engine: Engine, tmp_path: Path) -> None:
    capitals = write_update_docx(
        tmp_path / "capitals.docx",
        ["PLYMOUTH CITY COUNCIL", PANEL, "15 March 2012"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    title_case = write_update_docx(
        tmp_path / "title-case.docx",
        [PLYMOUTH, PANEL, "13 March 2013"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    ingest([capitals, title_case], engine)

    with Session(engine) as session:
        assert len(session.scalars(select(Council)).all()) == 1
        assert len(session.scalars(select(Committee)).all()) == 1
        assert len(set(session.scalars(select(Document.council_id)))) == 1


def test_a_council_name_given_in_capitals_is_kept_as_given_but_shares_the_council_row(
    engine: Engine, tmp_path: Path
) -> None:
    first = write_update_docx(
        tmp_path / "first.docx",
        [PLYMOUTH, PANEL, "15 March 2012"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    second = write_update_docx(
        tmp_path / "second.docx",
        [PLYMOUTH, PANEL, "13 March 2013"],
        "Young Carers Update",
        [("Publish a directory of respite services.", "Completed.")],
    )
    (tmp_path / "manifest.csv").write_text("path,council\nsecond.docx,PLYMOUTH CITY COUNCIL\n")
    ingest([first, second], engine, manifest=load_manifest(tmp_path / "manifest.csv"))

    with Session(engine) as session:
        council = session.scalars(select(Council)).one()
        assert council.name == PLYMOUTH
        texts = {Path(d.path).name: d.council_text for d in session.scalars(select(Document))}
        assert texts == {"first.docx": PLYMOUTH, "second.docx": "PLYMOUTH CITY COUNCIL"}
