"""Follow a recommendation from the paper that made it through every update on it.

Papers reword recommendations between the original report and later updates, so a
new recommendation is compared with the lineages already stored for its council by
normalised text and fuzzy similarity. A clear best match joins that lineage; a weak
or ambiguous one starts its own lineage and is flagged for review, never merged
silently. Nothing is compared across councils.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.schema import Council, Lineage, Recommendation

# Similarity (0-100) at or above which a recommendation joins a lineage, if the
# best match beats the runner-up by MARGIN.
MATCH_SCORE = 85.0
MARGIN = 5.0
# A reworded recommendation scores lower but still stands out from the council's
# other recommendations: it joins when it reaches CLEAR_WINNER_SCORE and leads the
# runner-up by CLEAR_WINNER_MARGIN.
CLEAR_WINNER_SCORE = 65.0
CLEAR_WINNER_MARGIN = 15.0
# Below a match but at or above this, it is a possible match for a person to check.
REVIEW_SCORE = 55.0


@dataclass(frozen=True)
class Candidate:
    lineage_id: int
    score: float


@dataclass(frozen=True)
class Assignment:
    """How a recommendation joined its lineage, kept across a re-extraction."""

    lineage_id: int | None
    status: str
    score: float | None
    review_lineage_id: int | None

    @classmethod
    def of(cls, recommendation: Recommendation) -> Assignment:
        return cls(
            recommendation.lineage_id,
            recommendation.lineage_status,
            recommendation.lineage_score,
            recommendation.review_lineage_id,
        )

    def apply(self, recommendation: Recommendation) -> None:
        recommendation.lineage_id = self.lineage_id
        recommendation.lineage_status = self.status
        recommendation.lineage_score = self.score
        recommendation.review_lineage_id = self.review_lineage_id


def previous_assignments(session: Session, document_ids: list[int]) -> dict[str, Assignment]:
    """The lineage of each recommendation text of documents about to be replaced."""
    if not document_ids:
        return {}
    rows = session.scalars(select(Recommendation).where(Recommendation.document_id.in_(document_ids)))
    return {r.text: Assignment.of(r) for r in rows}


# "That the Council should ...", "PCC must ...", "The Panel will ...": who is asked
# changes between papers more than what is asked.
_SUBJECT_AND_MODAL = re.compile(r"^(?:that\s+)?(?:[\w'&-]+\s+){0,5}?(?:should|must|will|shall|to)\s+(?:be\s+)?")


def normalise_recommendation(text: str) -> str:
    """Case, punctuation, a leading "That", and who should act do not matter."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^\w\s'&-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _SUBJECT_AND_MODAL.sub("", text)
    text = re.sub(r"['&-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def similarity(a: str, b: str) -> float:
    """How alike two wordings are: the mean of whole-text and shared-word similarity,
    so a shortened recommendation still scores high but a shared topic alone does not."""
    left, right = normalise_recommendation(a), normalise_recommendation(b)
    if not left or not right:
        return 0.0
    return (fuzz.ratio(left, right) + fuzz.token_set_ratio(left, right)) / 2


def link_recommendations(
    session: Session,
    council: Council | None,
    recommendations: list[Recommendation],
    previous: dict[str, Assignment] | None = None,
) -> None:
    """Attach each of a new document's recommendations to a lineage.

    A recommendation whose text the replaced version of this paper already had keeps
    that lineage as it was (matched, new or under review): re-extracting a paper
    never changes ids a researcher may have noted. Matching is one-to-one within
    the document: two recommendations of one paper never join the same lineage.
    """
    previous = previous or {}
    kept: set[int] = set()
    fresh = []
    for recommendation in recommendations:
        assignment = previous.get(recommendation.text)
        if assignment is not None and assignment.lineage_id is not None and session.get(Lineage, assignment.lineage_id):
            assignment.apply(recommendation)
            kept.add(assignment.lineage_id)
        else:
            fresh.append(recommendation)
    dropped = {a.lineage_id for a in previous.values() if a.lineage_id is not None} - kept
    recommendations = fresh
    if council is None:
        for recommendation in recommendations:
            _start_lineage(session, None, recommendation)
        _delete_if_empty(session, dropped)
        return
    existing = session.execute(
        select(Lineage.id, Recommendation.text)
        .join(Recommendation, Recommendation.lineage_id == Lineage.id)
        .where(Lineage.council_id == council.id)
    ).all()
    # Each lineage's wordings once: a paper stored many times over (a council's
    # papers in several copies, a recommendation repeated paper after paper) would
    # otherwise be scored once per copy, a cost that grows with the store.
    wordings: dict[int, dict[str, None]] = {}
    for lineage_id, text in existing:
        wordings.setdefault(lineage_id, {})[text] = None
    orphans = set(
        session.scalars(
            select(Lineage.id).where(
                Lineage.council_id == council.id, ~Lineage.recommendations.any(), Lineage.id.not_in(kept)
            )
        )
    )
    # A lineage whose papers were all replaced keeps its id for the re-extracted text.
    for lineage_id in orphans:
        lineage = session.get(Lineage, lineage_id)
        wordings.setdefault(lineage_id, {})[lineage.text] = None

    scored: list[tuple[float, int, list[Candidate]]] = []
    for index, recommendation in enumerate(recommendations):
        candidates = sorted(
            (
                Candidate(lineage_id, max(similarity(recommendation.text, w) for w in texts))
                for lineage_id, texts in wordings.items()
            ),
            key=lambda c: c.score,
            reverse=True,
        )
        best = candidates[0].score if candidates else 0.0
        scored.append((best, index, candidates))

    taken: set[int] = set(kept)
    for _, index, candidates in sorted(scored, key=lambda s: (-s[0], s[1])):
        recommendation = recommendations[index]
        free = [c for c in candidates if c.lineage_id not in taken]
        best = free[0] if free else None
        # The runner-up is the best other lineage, taken or not: a match must stand
        # out from everything the council recommended.
        others = [c for c in candidates if best is not None and c.lineage_id != best.lineage_id]
        if best is not None and _is_match(best, others[0] if others else None):
            recommendation.lineage_id = best.lineage_id
            recommendation.lineage_status = "matched"
            recommendation.lineage_score = round(best.score, 1)
            taken.add(best.lineage_id)
            continue
        _start_lineage(session, council, recommendation)
        # An emptied lineage is reclaimed only by a clear match; it is no one to
        # review against.
        if best is not None and best.score >= REVIEW_SCORE and best.lineage_id not in orphans:
            recommendation.lineage_status = "review"
            recommendation.lineage_score = round(best.score, 1)
            recommendation.review_lineage_id = best.lineage_id
    # Lineages emptied by replacing a paper, and not reclaimed by its new text, go.
    _delete_if_empty(session, (orphans | dropped) - taken)


def _delete_if_empty(session: Session, lineage_ids: set[int]) -> None:
    session.flush()
    for lineage_id in lineage_ids:
        lineage = session.get(Lineage, lineage_id)
        if lineage is not None and not session.scalar(
            select(Recommendation.id).where(Recommendation.lineage_id == lineage_id).limit(1)
        ):
            session.delete(lineage)


def _is_match(best: Candidate, runner_up: Candidate | None) -> bool:
    lead = best.score - (runner_up.score if runner_up else 0.0)
    if best.score >= MATCH_SCORE and lead >= MARGIN:
        return True
    # With no other recommendation to compare against, a middling score proves nothing.
    return runner_up is not None and best.score >= CLEAR_WINNER_SCORE and lead >= CLEAR_WINNER_MARGIN


def _start_lineage(session: Session, council: Council | None, recommendation: Recommendation) -> None:
    lineage = Lineage(council=council, text=recommendation.text, ref=recommendation.ref)
    session.add(lineage)
    session.flush()
    recommendation.lineage_id = lineage.id
    recommendation.lineage_status = "new"
    recommendation.lineage_score = None
