"""Full-text search over recommendation and progress update texts.

One function and one result shape on both backends: SQLite searches the FTS5 table
``search_index`` and ranks by bm25; PostgreSQL searches the generated tsvector columns
and ranks by ts_rank (migration 0003 builds both). Words match their stems on both.

What the user types is plain text. It is cut into words here, and only those words
reach the database, in a bound parameter, so quotes, % and _, and either backend's
query operators (AND, OR, NOT, NEAR, *, ^, -, parentheses, ``column:``) are never
read as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, Float, Integer, case, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from scrutiny.extractors.items import STATUSES
from scrutiny.models.latest import NO_UPDATE_STATUS, latest_update_value, latest_updates
from scrutiny.models.schema import Committee, Council, Document, Lineage, ProgressUpdate, Recommendation
from scrutiny.pipeline.query.period import check_years, meeting_in_years
from scrutiny.pipeline.query.queries import LIKE_ESCAPE, contains_pattern, council_matches, has_theme

# Letters and digits, as the FTS5 unicode61 tokenizer and PostgreSQL's parser split
# words; "_" separates words for both.
_WORD = re.compile(r"[^\W_]+")

# The stop words of PostgreSQL's english configuration. It leaves them out of every
# tsvector and tsquery; FTS5 indexes them, so they are dropped from the query here
# too, or "respite for carers" would need "for" on SQLite only.
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)


@dataclass(frozen=True)
class SearchResult:
    """A recommendation (followed across papers) whose wording or an update on it
    matched, with the paper where it matched best."""

    recommendation_id: int  # the one recommendation id: `scrutiny show`, `history`, export, views
    recommendation: str  # its wording in the paper that matched
    latest_update: str | None  # the update in the most recent paper, if any
    latest_status: str  # that update's status; "unknown" when there is none
    matched_in: str  # "recommendation" or "progress"
    matched_text: str  # the recommendation or update text that matched
    title: str | None
    path: str
    meeting_date: date | None
    page: int | None
    council: str | None
    committee: str | None
    # Higher is more relevant. Scales differ between SQLite (bm25) and PostgreSQL
    # (ts_rank): compare scores within one result list only.
    score: float


def search(
    engine: Engine,
    text: str,
    *,
    theme: str | None = None,
    status: str | None = None,
    council: str | None = None,
    committee: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int = 50,
) -> list[SearchResult]:
    """Recommendations whose wording, or an update on them, contains every word of
    `text`, one result per recommendation: most relevant first, then most recent paper.

    `theme` (a slug) and `status` (the latest status) filter as in
    list_recommendations; `council` and `committee` match case-insensitively anywhere
    in the name of the matching paper's council and committee; `year_from` and
    `year_to` bound that paper's meeting year, inclusive (undated papers then drop
    out). Raises ValueError when `text` has no word to search for.
    """
    words = search_words(text)
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    check_years(year_from, year_to)

    dialect = engine.dialect.name
    if dialect == "sqlite":
        matches = _SQLITE_MATCHES.bindparams(query=fts5_query(words))
    elif dialect == "postgresql":
        matches = _POSTGRESQL_MATCHES.bindparams(query=" ".join(words))
    else:
        raise NotImplementedError(f"search needs SQLite or PostgreSQL, not {dialect}")
    query = _query(
        matches.subquery("matches"),
        theme=theme,
        status=status,
        council=council,
        committee=committee,
        year_from=year_from,
        year_to=year_to,
        limit=limit,
    )
    with Session(engine) as session:
        return [SearchResult(**row._mapping) for row in session.execute(query)]


def search_sql_for_datasette(limit: int = 100) -> str:
    """The search as SQLite SQL taking the user's text as the parameter ``:q``, for a
    saved query in Datasette: the same matching, ranking and latest status as
    :func:`search`. The text reaches FTS5 through ``scrutiny_fts_query(:q)``, a
    function the Datasette plugin registers, which makes plain words of it."""
    matches = sql_text(_SQLITE_MATCHES_SQL.replace(":query", "scrutiny_fts_query(\\:q)")).columns(
        recommendation_id=Integer, progress_update_id=Integer, score=Float
    )
    # Datasette's search filters by nothing but the words.
    query = _query(matches.subquery("matches"), limit=limit)
    from sqlalchemy.dialects import sqlite

    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def search_words(text: str) -> list[str]:
    """The words of `text` a search looks for: lower-cased, stop words left out.

    Raises ValueError when there are none."""
    # lower(), not casefold(): the indexes lower-case words but do not fold "ß" to "ss".
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        raise ValueError("nothing to search for: give at least one word")
    kept = [word for word in words if word not in STOP_WORDS]
    if not kept:
        raise ValueError(f"nothing to search for: {' '.join(words)!r} has only common words, which search ignores")
    return kept


def fts5_query(words: list[str]) -> str:
    # A double-quoted string is a phrase to FTS5, never an operator or column filter;
    # strings side by side must all match.
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


# Rows of search_index are numbered 2 * recommendation.id and 2 * progress_update.id + 1
# (see migration 0003). bm25 is lower for better matches, so it is negated.
_SQLITE_MATCHES_SQL = """
    SELECT CASE WHEN rowid % 2 = 0 THEN rowid / 2 END AS recommendation_id,
           CASE WHEN rowid % 2 = 1 THEN rowid / 2 END AS progress_update_id,
           -bm25(search_index) AS score
    FROM search_index
    WHERE search_index MATCH :query
    """
_SQLITE_MATCHES = sql_text(_SQLITE_MATCHES_SQL).columns(
    recommendation_id=Integer, progress_update_id=Integer, score=Float
)

# Normalisation 1 divides the rank by 1 + log(length), so long texts do not win on
# length alone, as bm25 does not let them.
_POSTGRESQL_MATCHES = sql_text(
    """
    SELECT id AS recommendation_id, NULL::integer AS progress_update_id,
           ts_rank(search_vector, query, 1)::float8 AS score
    FROM recommendation, plainto_tsquery('english', :query) AS query
    WHERE search_vector @@ query
    UNION ALL
    SELECT NULL::integer, id, ts_rank(search_vector, query, 1)::float8
    FROM progress_update, plainto_tsquery('english', :query) AS query
    WHERE search_vector @@ query
    """
).columns(recommendation_id=Integer, progress_update_id=Integer, score=Float)


def _query(
    matches,
    *,
    limit: int,
    theme: str | None = None,
    status: str | None = None,
    council: str | None = None,
    committee: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
):
    # Aliases, not the mapped classes: has_theme's subqueries use Recommendation and
    # ProgressUpdate themselves and must correlate on Lineage alone.
    update = aliased(ProgressUpdate)
    recommendation = aliased(Recommendation)
    document = aliased(Document)
    matched_in = case((matches.c.progress_update_id.is_(None), "recommendation"), else_="progress")
    candidates = (
        select(
            Lineage.id.label("lineage_id"),
            recommendation.text.label("recommendation"),
            matched_in.label("matched_in"),
            func.coalesce(update.text, recommendation.text).label("matched_text"),
            document.title.label("title"),
            document.path.label("path"),
            document.meeting_date.label("meeting_date"),
            case((update.id.is_(None), recommendation.page), else_=update.page).label("page"),
            Council.name.label("council"),
            Committee.name.label("committee"),
            matches.c.score.label("score"),
            # A recommendation matches once per paper and per update it appears in;
            # its best match stands for it.
            func.row_number()
            .over(
                partition_by=Lineage.id,
                order_by=(
                    matches.c.score.desc(),
                    document.meeting_date.desc().nulls_last(),
                    document.id.desc(),
                    case((update.id.is_(None), 0), else_=1),
                    func.coalesce(update.id, recommendation.id),
                ),
            )
            .label("place"),
        )
        .select_from(matches)
        .outerjoin(update, update.id == matches.c.progress_update_id)
        .join(
            recommendation,
            recommendation.id == func.coalesce(matches.c.recommendation_id, update.recommendation_id),
        )
        .join(document, document.id == recommendation.document_id)
        .join(Lineage, Lineage.id == recommendation.lineage_id)
        .outerjoin(Council, Council.id == document.council_id)
        .outerjoin(Committee, Committee.id == document.committee_id)
    )
    if council:
        candidates = candidates.where(council_matches(council))
    if committee:
        candidates = candidates.where(Committee.name.ilike(contains_pattern(committee), escape=LIKE_ESCAPE))
    candidates = candidates.where(*meeting_in_years(year_from, year_to, document))
    if theme:
        candidates = candidates.where(has_theme(theme))
    ranked = candidates.subquery("ranked")
    best = select(*(c for c in ranked.c if c.name != "place")).where(ranked.c.place == 1).cte("best")
    top = select(best).order_by(*_relevance(best)).limit(limit)
    if status:
        top = top.where(_latest_status_is(status, best))
    top = top.subquery("top")

    # Row by row, but only for the rows shown: joining every match to the latest
    # updates has no index to use on SQLite, and a subquery per match can scan a
    # table per match on PostgreSQL before it has statistics.
    def latest(column):
        return latest_update_value(top.c.lineage_id, column)

    return select(
        top.c.lineage_id.label("recommendation_id"),
        top.c.recommendation,
        latest(ProgressUpdate.text).label("latest_update"),
        func.coalesce(latest(ProgressUpdate.status), NO_UPDATE_STATUS).label("latest_status"),
        top.c.matched_in,
        top.c.matched_text,
        top.c.title,
        top.c.path,
        top.c.meeting_date,
        top.c.page,
        top.c.council,
        top.c.committee,
        top.c.score,
    ).order_by(*_relevance(top))


def _relevance(found):
    return (found.c.score.desc(), found.c.meeting_date.desc().nulls_last(), found.c.lineage_id)


def _latest_status_is(status: str, found):
    """Whether the latest update of a `found` row's lineage has `status` ("unknown"
    also when there is no update), worked out for all found lineages at once."""
    latest = latest_updates(Recommendation.lineage_id.in_(select(found.c.lineage_id)))
    if status == NO_UPDATE_STATUS:
        known = select(latest.c.followed).where(latest.c.status != NO_UPDATE_STATUS)
        return found.c.lineage_id.not_in(known)
    return found.c.lineage_id.in_(select(latest.c.followed).where(latest.c.status == status))


__all__ = ["STOP_WORDS", "SearchResult", "fts5_query", "search", "search_words"]
