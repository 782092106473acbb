"""Full-text search over recommendations and updates, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from documents import write_update_docx
from sqlalchemy import Engine, inspect, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from scrutiny.extractors.items import DocumentMetadata, ExtractedDocument, Item, Source, ThemeHit
from scrutiny.models.schema import Document, ProgressUpdate, Recommendation
from scrutiny.models.store import alembic_config, make_engine, save_document, upgrade
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.run import ingest
from scrutiny.pipeline.query.search import STOP_WORDS, SearchResult, search

PLYMOUTH = "Plymouth City Council"
PANEL = "Children and Young People Overview and Scrutiny Panel"
LEEDS = "Leeds City Council"
BOARD = "Adults and Health Scrutiny Board"
# Differs from LEEDS only where a LIKE wildcard would match anything.
LEEDS_UNDERSCORE = "Leeds_City Council"
UNDERSCORE_BOARD = "Scrutiny_Board (Transport)"

SCHOOL_LEAD = "Ensure every school in Plymouth names a lead for young carers."
DIRECTORY = "Publish a directory of respite and short break services."
HOUSING = "Review the housing allocations policy and the tenancy text sent near the year end."
FOSTER = "Recruit more foster carers."
TRANSPORT = "Review school transport for pupils with SEND."


def item(recommendation: str, progress: str | None, status: str = "unknown", page: int | None = None, hits=()) -> Item:
    return Item(
        recommendation=recommendation,
        progress=progress,
        status=status,
        source=Source(kind="table", page=page),
        theme_hits=list(hits),
    )


def paper(
    sha: str,
    council: str,
    committee: str,
    meeting: date | None,
    items: list[Item],
    title: str = "Progress on recommendations",
) -> ExtractedDocument:
    return ExtractedDocument(
        path=f"papers/{sha[:6]}.pdf",
        sha256=sha,
        format="pdf",
        pages=3,
        metadata=DocumentMetadata(title=title, council=council, committee=committee, meeting_date=meeting),
        items=items,
        extractor_version="0.1.0",
    )


def school_hit(field: str, text: str) -> ThemeHit:
    start = text.lower().index("school")
    return ThemeHit("schools", text[start : start + 6], field, start, start + 6)


PAPERS = [
    paper(
        "a" * 64,
        PLYMOUTH,
        PANEL,
        date(2012, 3, 15),
        [
            item(
                SCHOOL_LEAD,
                "In progress: 40 of the 70 schools have named a lead.",
                "in_progress",
                page=2,
                hits=[school_hit("recommendation", SCHOOL_LEAD)],
            ),
            item(DIRECTORY, "Completed: the directory was published in October.", "completed", page=3),
        ],
    ),
    # A year on, the same recommendation again: one lineage, a newer status.
    paper(
        "b" * 64,
        PLYMOUTH,
        PANEL,
        date(2013, 3, 14),
        [item(SCHOOL_LEAD, "Completed: all 70 schools have named a lead.", "completed", page=1)],
    ),
    paper(
        "c" * 64,
        LEEDS,
        BOARD,
        date(2015, 6, 1),
        [
            item(HOUSING, "Respite beds for carers were reviewed alongside the policy.", "in_progress", page=4),
            item(FOSTER, None),
        ],
    ),
    paper(
        "d" * 64,
        LEEDS_UNDERSCORE,
        UNDERSCORE_BOARD,
        date(2016, 9, 20),
        [
            item(
                TRANSPORT,
                "Routes reviewed.",
                "outstanding",
                page=1,
                hits=[ThemeHit("send", "SEND", "recommendation", TRANSPORT.index("SEND"), TRANSPORT.index("SEND") + 4)],
            )
        ],
    ),
]


def save(engine: Engine, *docs: ExtractedDocument) -> None:
    for doc in docs:
        with Session(engine) as session, session.begin():
            save_document(session, doc)


def lineage_of(engine: Engine, recommendation: str) -> int:
    with Session(engine) as session:
        return session.scalars(
            select(Recommendation.lineage_id).where(Recommendation.text == recommendation).limit(1)
        ).one()


def texts(results: list[SearchResult]) -> list[str]:
    return [r.recommendation for r in results]


def without_scores(results: list[SearchResult]) -> list[dict]:
    return [{k: v for k, v in asdict(r).items() if k != "score"} for r in results]


@pytest.fixture
def store(engine: Engine) -> Engine:
    save(engine, *PAPERS)
    return engine


# Finding words


def test_finds_a_word_in_a_recommendation(store: Engine) -> None:
    [found] = search(store, "housing")

    assert found.recommendation_id == lineage_of(store, HOUSING)
    assert found.recommendation == HOUSING
    assert found.matched_in == "recommendation"
    assert found.matched_text == HOUSING
    assert (found.council, found.committee, found.meeting_date) == (LEEDS, BOARD, date(2015, 6, 1))
    assert (found.title, found.path, found.page) == ("Progress on recommendations", "papers/cccccc.pdf", 4)
    assert found.latest_update == "Respite beds for carers were reviewed alongside the policy."
    assert found.latest_status == "in_progress"
    assert found.score > 0


def test_finds_a_word_in_an_update(store: Engine) -> None:
    [found] = search(store, "beds")

    assert found.recommendation == HOUSING
    assert found.matched_in == "progress"
    assert found.matched_text == "Respite beds for carers were reviewed alongside the policy."


def test_every_word_must_match(store: Engine) -> None:
    assert texts(search(store, "respite directory")) == [DIRECTORY]
    assert search(store, "respite transport") == []


def test_a_recommendation_without_updates_has_unknown_status(store: Engine) -> None:
    [found] = search(store, "foster")

    assert (found.recommendation, found.latest_update, found.latest_status) == (FOSTER, None, "unknown")


def test_words_match_their_stems(store: Engine) -> None:
    # "school" is in the recommendations, "schools" only in updates.
    assert {r.recommendation for r in search(store, "schools")} == {SCHOOL_LEAD, TRANSPORT}
    assert texts(search(store, "fostering carer")) == [FOSTER]
    assert texts(search(store, "recruiting")) == [FOSTER]
    [published] = search(store, "publishing")
    assert published.recommendation == DIRECTORY


def test_search_is_case_insensitive(store: Engine) -> None:
    assert texts(search(store, "HOUSING Allocations")) == [HOUSING]


def test_one_result_per_recommendation_followed_across_papers(store: Engine) -> None:
    [found] = search(store, "young carers")

    assert found.recommendation_id == lineage_of(store, SCHOOL_LEAD)
    # The status and update are those of the most recent paper.
    assert found.latest_status == "completed"
    assert found.latest_update == "Completed: all 70 schools have named a lead."


def test_the_better_match_ranks_first(engine: Engine) -> None:
    respite = "Expand respite care: respite nights, respite weekends and respite at home."
    passing = (
        "Commission an independent review of adult social care budgets, staffing, training, "
        "transport, day services and, where appropriate, respite, reporting back to the board."
    )
    save(
        engine,
        paper("e" * 64, LEEDS, BOARD, date(2020, 1, 1), [item(passing, None)]),
        paper("f" * 64, PLYMOUTH, PANEL, date(2019, 1, 1), [item(respite, None)]),
        *PAPERS,
    )

    found = search(engine, "respite")

    assert texts(found)[0] == respite
    assert texts(found)[-1] == passing
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_limit(store: Engine) -> None:
    assert len(search(store, "review")) == 2
    assert len(search(store, "review", limit=1)) == 1
    with pytest.raises(ValueError, match="limit"):
        search(store, "review", limit=0)


# Filters


def test_theme_filter(store: Engine) -> None:
    assert {r.recommendation for r in search(store, "school")} == {SCHOOL_LEAD, TRANSPORT}
    assert texts(search(store, "school", theme="send")) == [TRANSPORT]
    assert texts(search(store, "school", theme="schools")) == [SCHOOL_LEAD]
    assert search(store, "school", theme="housing") == []


def test_status_filter_uses_the_latest_status(store: Engine) -> None:
    assert texts(search(store, "review", status="outstanding")) == [TRANSPORT]
    assert texts(search(store, "review", status="in_progress")) == [HOUSING]
    # In progress in 2012, completed in 2013.
    assert search(store, "lead", status="in_progress") == []
    assert texts(search(store, "lead", status="completed")) == [SCHOOL_LEAD]
    assert texts(search(store, "foster", status="unknown")) == [FOSTER]
    assert texts(search(store, "carers", status="unknown")) == [FOSTER]
    # Filtered before the limit is applied.
    assert texts(search(store, "review", status="in_progress", limit=1)) == [HOUSING]
    with pytest.raises(ValueError, match="status"):
        search(store, "review", status="amber")


def test_council_filter_is_a_case_insensitive_substring(store: Engine) -> None:
    assert {r.recommendation for r in search(store, "review", council="leeds")} == {HOUSING, TRANSPORT}
    assert texts(search(store, "review", council="LEEDS CITY")) == [HOUSING]
    assert search(store, "review", council="Plymouth") == []


def test_council_and_committee_filters_take_percent_and_underscore_literally(store: Engine) -> None:
    assert texts(search(store, "review", council="Leeds_City")) == [TRANSPORT]
    assert search(store, "review", council="%") == []
    assert search(store, "review", council="Leeds%Council") == []
    assert texts(search(store, "review", committee="scrutiny_board")) == [TRANSPORT]
    assert texts(search(store, "review", committee="_")) == [TRANSPORT]


def test_committee_filter(store: Engine) -> None:
    assert texts(search(store, "review", committee="adults and health")) == [HOUSING]
    assert texts(search(store, "lead", committee="young people")) == [SCHOOL_LEAD]
    assert search(store, "lead", committee="adults") == []


def test_date_filters_bound_the_matching_paper(store: Engine) -> None:
    [in_2012] = search(store, "lead", year_from=2012, year_to=2012)
    assert in_2012.meeting_date == date(2012, 3, 15)
    assert in_2012.matched_text in (SCHOOL_LEAD, "In progress: 40 of the 70 schools have named a lead.")
    # The latest status stays that of the recommendation's most recent paper.
    assert in_2012.latest_status == "completed"

    assert texts(search(store, "review", year_from=2016)) == [TRANSPORT]
    assert texts(search(store, "review", year_to=2015)) == [HOUSING]
    assert search(store, "lead", year_from=2014) == []
    with pytest.raises(ValueError, match="after"):
        search(store, "lead", year_from=2014, year_to=2013)


def test_filters_combine(store: Engine) -> None:
    found = search(store, "review", council="leeds", status="outstanding", theme="send", year_from=2016)
    assert texts(found) == [TRANSPORT]
    assert search(store, "review", council="leeds", status="outstanding", committee="adults") == []


# User text is plain text


@pytest.mark.parametrize(
    "noise",
    ['"', "'", "%", "_", "AND", "OR", "NOT", "NEAR(", "*", "-", "^", "(", ")", "text:", "{", "+", "&", "|", "!", ":*"],
)
def test_query_syntax_in_the_user_text_is_plain_text(store: Engine, noise: str) -> None:
    queries = [f"housing {noise} policy", f"{noise} housing policy {noise}"]
    if not any(c.isalnum() for c in noise):
        queries += [f"{noise}{noise}housing policy{noise}", f"housing{noise}policy"]

    for query in queries:
        assert texts(search(store, query)) == [HOUSING], query


def test_operators_and_quotes_together_are_words(store: Engine) -> None:
    query = "\"housing\" AND (policy OR NOT) NEAR(text: ^housing*, 10) -allocations 'near' end%_"
    assert search(store, query) == []  # no text has "10"
    assert texts(search(store, query.replace("10", "year"))) == [HOUSING]


def test_sql_in_the_user_text_is_plain_text(store: Engine) -> None:
    assert search(store, "housing'; DROP TABLE recommendation; --") == []
    assert texts(search(store, "housing')) --")) == [HOUSING]
    with Session(store) as session:
        assert session.scalars(select(Recommendation.text).where(Recommendation.text == HOUSING)).one()


@pytest.mark.parametrize("query", ["", "   ", "\n\t", '"" () * - ^ : %', "AND OR NOT", "the of and"])
def test_a_query_without_words_to_search_for_is_a_value_error(store: Engine, query: str) -> None:
    with pytest.raises(ValueError, match="nothing to search for"):
        search(store, query)


def test_common_words_are_ignored_on_both_backends(store: Engine) -> None:
    # "of" and "for" are not in the housing recommendation.
    assert texts(search(store, "the housing of policy for")) == [HOUSING]


def test_stop_words_are_those_of_postgresql_english(pg_admin: Engine) -> None:
    with pg_admin.connect() as connection:
        kept = [
            word
            for word in sorted(STOP_WORDS)
            if connection.execute(text("SELECT to_tsvector('english', :w) <> ''"), {"w": word}).scalar_one()
        ]
        school = connection.execute(text("SELECT to_tsvector('english', 'the schools')::text")).scalar_one()

    assert kept == []
    assert school == "'school':2"


# Backends agree


@pytest.fixture
def both_backends(tmp_path: Path, pg_url: str):
    sqlite = make_engine(f"sqlite:///{tmp_path / 'search.db'}")
    postgresql = make_engine(pg_url)
    try:
        yield sqlite, postgresql
    finally:
        sqlite.dispose()
        postgresql.dispose()


def test_sqlite_and_postgresql_give_the_same_answers(both_backends) -> None:
    # bm25 and ts_rank score differently (only bm25 weighs how rare a word is, and
    # SQLite counts common words in a text's length), so near ties may order
    # differently; these queries have clear winners or exact ties.
    queries = [
        ("schools", {"theme": "send"}),
        ("school", {"council": "plymouth"}),
        ("review", {}),
        ("review", {"council": "leeds"}),
        ("carers", {}),
        ("carer", {"status": "in_progress"}),
        ("the young carers", {}),
        ("young carers", {"year_to": 2012}),
        ("lead", {"status": "completed"}),
        ("respite", {}),
        ("respite", {"year_from": 2013}),
        ('"housing" AND (policy OR NOT) -text:near*', {}),
        ("publishing", {"committee": "young"}),
    ]
    answers = []
    for engine in both_backends:
        upgrade(engine)
        save(engine, *PAPERS)
        answers.append([without_scores(search(engine, query, **filters)) for query, filters in queries])

    sqlite, postgresql = answers
    for (query, filters), on_sqlite, on_postgresql in zip(queries, sqlite, postgresql, strict=True):
        assert on_sqlite == on_postgresql, (query, filters)
    assert all(answer for answer in sqlite)


# Keeping the index in step with the store


def write_paper(path: Path, rows: list[tuple[str, str]]) -> Path:
    return write_update_docx(
        path, [PLYMOUTH, PANEL, "15 March 2012"], "Young Carers: Progress on Recommendations", rows
    )


ROWS = [
    ("Publish a directory of respite services for young carers.", "Completed: the directory went online in May."),
    ("Train social workers to identify young carers.", "Ongoing: sessions ran in January."),
]


def test_ingested_papers_are_searchable(engine: Engine, tmp_path: Path) -> None:
    path = write_paper(tmp_path / "update.docx", ROWS)

    ingest([path], engine)

    [found] = search(engine, "sessions")
    assert (found.recommendation, found.matched_in) == (ROWS[1][0], "progress")
    assert found.latest_status == "in_progress"
    assert (found.council, found.committee, found.meeting_date) == (PLYMOUTH, PANEL, date(2012, 3, 15))
    assert found.path == str(path)


def test_reingesting_a_paper_keeps_one_entry_per_text(engine: Engine, tmp_path: Path) -> None:
    path = write_paper(tmp_path / "update.docx", ROWS)
    ingest([path], engine)
    before = search(engine, "young carers")

    summary = ingest([path], engine, force=True)

    assert summary.count("ingested") == 1
    after = search(engine, "young carers")
    assert without_scores(after) == without_scores(before)
    assert len(after) == 2
    assert index_size(engine) == text_count(engine)


def test_replacing_a_paper_removes_its_old_text_from_the_index(engine: Engine, tmp_path: Path) -> None:
    path = write_paper(tmp_path / "update.docx", ROWS)
    ingest([path], engine)
    with Session(engine) as session:
        stored = session.scalars(select(Document)).one()
    # The same file read again, differently: what a newer extractor would store.
    reread = paper(
        stored.sha256, PLYMOUTH, PANEL, date(2012, 3, 15), [item("Appoint a young carers' champion.", "Done.")]
    )

    save(engine, reread)

    assert search(engine, "directory") == []
    assert search(engine, "sessions") == []
    assert texts(search(engine, "champion")) == ["Appoint a young carers' champion."]
    assert texts(search(engine, "young carers")) == ["Appoint a young carers' champion."]
    assert index_size(engine) == text_count(engine)


def test_edited_and_deleted_texts_leave_the_index(store: Engine) -> None:
    with Session(store) as session, session.begin():
        session.execute(update(Recommendation).where(Recommendation.text == FOSTER).values(text="Recruit adopters."))
        session.execute(update(ProgressUpdate).where(ProgressUpdate.text.like("Respite beds%")).values(text=None))
        session.execute(
            update(ProgressUpdate).where(ProgressUpdate.text == "Routes reviewed.").values(text="Routes redrawn.")
        )

    assert search(store, "foster") == []
    assert texts(search(store, "adopters")) == ["Recruit adopters."]
    assert search(store, "beds") == []
    assert [(r.recommendation, r.matched_in) for r in search(store, "redrawn")] == [(TRANSPORT, "progress")]
    assert index_size(store) == text_count(store)


def index_size(engine: Engine) -> int:
    """Texts the search index holds."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return connection.execute(text("SELECT count(*) FROM search_index")).scalar_one()
        return connection.execute(
            text(
                "SELECT (SELECT count(*) FROM recommendation WHERE search_vector IS NOT NULL)"
                " + (SELECT count(*) FROM progress_update WHERE search_vector IS NOT NULL)"
            )
        ).scalar_one()


def text_count(engine: Engine) -> int:
    """Recommendation texts and update texts in the store."""
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT (SELECT count(*) FROM recommendation)"
                " + (SELECT count(*) FROM progress_update WHERE text IS NOT NULL)"
            )
        ).scalar_one()


# Migration


def test_migration_indexes_rows_already_stored(store: Engine) -> None:
    # Back to the schema before the index: the stored rows stay, unindexed.
    with store.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")

    upgrade(store)

    assert texts(search(store, "housing")) == [HOUSING]
    assert [r.matched_in for r in search(store, "beds")] == ["progress"]
    assert index_size(store) == text_count(store)


def test_upgrading_twice_changes_nothing(store: Engine) -> None:
    before = search(store, "review")
    size = index_size(store)

    upgrade(store)

    assert search(store, "review") == before
    assert index_size(store) == size


def test_downgrade_removes_the_index_and_upgrade_restores_it(store: Engine) -> None:
    with store.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")

    assert search_objects(store) == set()
    with pytest.raises(DBAPIError):
        search(store, "housing")

    upgrade(store)

    assert texts(search(store, "housing")) == [HOUSING]
    assert search_objects(store) == (
        {
            "search_index",
            *(
                f"search_index_{table}_{event}"
                for table in ("recommendation", "progress_update")
                for event in ("insert", "update", "delete")
            ),
        }
        if store.dialect.name == "sqlite"
        else {
            "recommendation.search_vector",
            "progress_update.search_vector",
            "ix_recommendation_search_vector",
            "ix_progress_update_search_vector",
        }
    )


def search_objects(engine: Engine) -> set[str]:
    """Names of the search index's tables, triggers, columns and indexes."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE name = 'search_index' OR type = 'trigger'")
                ).scalars()
            )
    inspector = inspect(engine)
    found = set()
    for table in ("recommendation", "progress_update"):
        found |= {f"{table}.{c['name']}" for c in inspector.get_columns(table) if c["name"] == "search_vector"}
        found |= {i["name"] for i in inspector.get_indexes(table) if "search_vector" in i["name"]}
    return found


# Command line


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        save(engine, *PAPERS)
    finally:
        engine.dispose()
    return url


def test_cli_prints_one_line_per_result_and_a_count(runner, sqlite_url) -> None:
    result = runner.invoke(main, ["search", "review", "--db", sqlite_url])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].split() == ["ID", "STATUS", "MEETING", "COUNCIL", "PAPER", "PAGE", "FOUND", "IN", "RECOMMENDATION"]
    housing, transport = sorted(lines[1:3], key=lambda line: "housing" not in line)
    assert "in_progress" in housing and "2015-06-01" in housing and LEEDS in housing
    # Found in the update on it, not its wording; the status column says in_progress.
    assert "Review the housing allocations policy" in housing and " update " in housing
    assert "outstanding" in transport and LEEDS_UNDERSCORE in transport
    assert lines[3] == "2 results"


def test_cli_takes_unquoted_words_and_filters(runner, sqlite_url) -> None:
    result = runner.invoke(
        main,
        ["search", "young", "carers", "--council", "plymouth", "--from", "2012", "--to", "2012", "--db", sqlite_url],
    )

    assert result.exit_code == 0, result.output
    [header, line, count] = result.stdout.splitlines()
    assert header.startswith("ID")
    assert "2012-03-15" in line and "completed" in line and "Ensure every school" in line
    assert count == "1 result"
    empty = runner.invoke(main, ["search", "young carers", "--from", "2014", "--db", sqlite_url])
    assert empty.stdout.splitlines() == ["0 results"]


def test_cli_shortens_long_recommendations_and_says_when_the_limit_cut_results(runner, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'long.db'}"
    engine = make_engine(url)
    long_text = "Respite " + " ".join(f"word{i}" for i in range(60))
    try:
        upgrade(engine)
        save(engine, paper("e" * 64, LEEDS, BOARD, None, [item(long_text, None), item("Respite again.", None)]))
    finally:
        engine.dispose()

    long = runner.invoke(main, ["search", "word5", "--db", url], env={"COLUMNS": "100"})
    cut = runner.invoke(main, ["search", "respite", "--limit", "1", "--db", url])

    assert long.exit_code == 0, long.output
    [header, line, count] = long.stdout.splitlines()
    assert header.startswith("ID") and len(header) <= 100
    assert "undated" in line and long_text not in line and line.endswith("…") and len(line) <= 100
    assert " wording " in line
    assert count == "1 result"
    assert cut.exit_code == 0, cut.output
    assert cut.stdout.splitlines()[-1] == "1 result (the first 1: raise --limit for more)"


def test_cli_json_prints_the_results(runner, sqlite_url) -> None:
    result = runner.invoke(main, ["search", "beds", "--json", "--db", sqlite_url])

    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert set(record) == set(SearchResult.__dataclass_fields__)
    assert record["recommendation"] == HOUSING
    assert record["matched_in"] == "progress"
    assert record["meeting_date"] == "2015-06-01"
    assert record["latest_status"] == "in_progress"


@pytest.mark.parametrize("query", ["", "  ", "%%%", "and or not"])
def test_cli_exits_1_with_one_line_when_there_is_nothing_to_search_for(runner, sqlite_url, query) -> None:
    result = runner.invoke(main, ["search", query, "--db", sqlite_url])

    assert result.exit_code == 1
    assert result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith("error: nothing to search for")


def test_cli_treats_operators_as_words(runner, sqlite_url) -> None:
    result = runner.invoke(main, ["search", '"housing" AND (policy OR', "NOT) text:*", "--db", sqlite_url])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 result"


def test_cli_searches_postgresql_by_url(runner, pg_url) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade(engine)
        save(engine, *PAPERS)
    finally:
        engine.dispose()

    result = runner.invoke(main, ["search", "schools", "--theme", "send", "--db", pg_url])
    assert result.exit_code == 0, result.output
    [_, line, count] = result.stdout.splitlines()
    assert "outstanding" in line and "Review school transport" in line and count == "1 result"

    as_json = runner.invoke(main, ["search", "review", "--json", "--council", "LEEDS", "--db", pg_url])
    assert as_json.exit_code == 0, as_json.output
    assert {r["recommendation"] for r in json.loads(as_json.stdout)} == {HOUSING, TRANSPORT}

    empty = runner.invoke(main, ["search", "", "--db", pg_url])
    assert empty.exit_code == 1 and empty.stderr.startswith("error: nothing to search for")
