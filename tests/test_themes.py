"""Theme tagging: the taxonomy's phrases, terms, acronyms and patterns mark the spans
of recommendation and progress text that name a theme."""

from __future__ import annotations

from pathlib import Path

import pytest

import scrutiny.pipeline as pipeline
from scrutiny.extractors.items import Item
from scrutiny.pipeline.themes import TaxonomyError, ThemeTagger, load_taxonomy

TAXONOMY = Path(pipeline.__file__).parent / "taxonomy.yaml"


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(load_taxonomy(TAXONOMY))


def themes_of(tagger: ThemeTagger, text: str) -> set[str]:
    return {hit.slug for hit in tagger.hits(text, "recommendation")}


def matches_of(tagger: ThemeTagger, text: str, slug: str) -> list[str]:
    return [hit.matched for hit in tagger.hits(text, "recommendation") if hit.slug == slug]


# ------------------------------------------------------------- one theme each


def test_caf_is_tagged_on_the_acronym(tagger):
    assert "caf" in themes_of(tagger, "Every young carer known to the service should have a CAF.")


def test_caf_is_tagged_on_the_full_name_in_any_case(tagger):
    assert "caf" in themes_of(tagger, "Staff should use the Common Assessment Framework with young carers.")


def test_hidden_harm_is_tagged(tagger):
    assert "hidden_harm" in themes_of(tagger, "Hidden Harm training should be offered to every GP practice.")


def test_hidden_harm_is_tagged_on_parental_substance_misuse(tagger):
    assert matches_of(tagger, "Children affected by parental substance misuse need support.", "hidden_harm")


def test_schools_is_tagged(tagger):
    assert "schools" in themes_of(tagger, "Each school should name a lead for young carers.")


def test_respite_is_tagged(tagger):
    assert "respite" in themes_of(tagger, "Young carers should be offered respite during the year.")


def test_respite_is_tagged_on_short_breaks(tagger):
    assert matches_of(tagger, "Twelve young carers went on short breaks.", "respite") == ["short breaks"]


def test_text_about_none_of_the_themes_has_no_hits(tagger):
    assert tagger.hits("The panel thanked officers for the report.", "recommendation") == []


# ------------------------------------------------------------------ word forms


def test_plural_term_matches_its_lemma(tagger):
    assert matches_of(tagger, "All schools should name a lead.", "schools") == ["schools"]


def test_title_case_multiword_term_matches(tagger):
    assert matches_of(tagger, "Head teachers were briefed on young carers.", "schools") == ["Head teachers"]


def test_plural_term_at_the_start_of_a_sentence_matches_its_lemma(tagger):
    assert matches_of(tagger, "Schools should name a lead for young carers.", "schools") == ["Schools"]


# -------------------------------------------------------------------- acronyms


def test_acronym_matches_only_as_written(tagger):
    # "caf" in lower case is the informal word for a cafe, not the assessment.
    assert "caf" not in themes_of(tagger, "The young carers group meets at the caf on the high street.")


def test_acronym_plural_as_written_matches(tagger):
    assert matches_of(tagger, "Forty CAFs were completed this year.", "caf") == ["CAFs"]


# ------------------------------------------------------------------- near misses


def test_school_holidays_is_not_the_schools_theme(tagger):
    assert "schools" not in themes_of(tagger, "Activities for young carers were run during the school holidays.")


def test_schools_named_elsewhere_in_text_about_school_holidays_is_tagged_once(tagger):
    text = "Clubs ran in the school holidays and in three schools."

    assert matches_of(tagger, text, "schools") == ["schools"]


# ------------------------------------------------------------------------ hits


def test_hit_records_matched_text_field_and_offsets(tagger):
    item = Item(
        recommendation="Offer every young carer a short break.",
        progress="Forty young carers now have a CAF in place.",
    )

    tagger.tag([item])

    (caf,) = [h for h in item.theme_hits if h.slug == "caf"]
    assert (caf.matched, caf.field) == ("CAF", "progress")
    assert item.progress[caf.start : caf.end] == "CAF"
    (respite,) = [h for h in item.theme_hits if h.slug == "respite"]
    assert (respite.matched, respite.field) == ("short break", "recommendation")
    assert item.recommendation[respite.start : respite.end] == "short break"


def test_item_themes_are_the_sorted_distinct_slugs_of_its_hits(tagger):
    item = Item(recommendation="Respite for young carers; more respite in schools.", progress="Respite offered.")

    tagger.tag([item])

    assert item.themes == ["respite", "schools"]


def test_tagging_again_replaces_earlier_hits(tagger):
    item = Item(recommendation="Offer respite to young carers.", progress=None)

    tagger.tag([item])
    tagger.tag([item])

    assert [h.slug for h in item.theme_hits] == ["respite"]


def test_item_without_progress_is_tagged_on_its_recommendation_only(tagger):
    item = Item(recommendation="Offer respite to young carers.", progress=None)

    tagger.tag([item])

    assert {h.field for h in item.theme_hits} == {"recommendation"}


# -------------------------------------------------------------------- taxonomy


SMALL_TAXONOMY = """\
version: 1
themes:
  - slug: libraries
    label: Libraries
    phrases: [mobile library]
    terms: [library]
    acronyms: [LMS]
"""


def test_small_taxonomy_file_drives_the_tagger(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(SMALL_TAXONOMY)
    tagger = ThemeTagger(load_taxonomy(path))

    hits = tagger.hits("Two libraries closed; the LMS was replaced.", "progress")

    assert [(h.slug, h.matched) for h in hits] == [("libraries", "libraries"), ("libraries", "LMS")]


def test_taxonomy_lists_its_themes_in_file_order(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(SMALL_TAXONOMY + "  - slug: parks\n    label: Parks\n    phrases: [play area]\n")

    taxonomy = load_taxonomy(path)

    assert taxonomy.slugs() == ["libraries", "parks"]
    assert taxonomy.themes[0].phrases == ("mobile library",)


def test_taxonomy_version_is_the_same_for_the_same_content(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(SMALL_TAXONOMY)
    second.write_text(SMALL_TAXONOMY)

    assert load_taxonomy(first).version == load_taxonomy(second).version


def test_taxonomy_version_changes_when_the_file_content_changes(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(SMALL_TAXONOMY)
    before = load_taxonomy(path).version

    path.write_text(SMALL_TAXONOMY.replace("[mobile library]", "[mobile library, library van]"))

    assert load_taxonomy(path).version != before


def test_taxonomy_with_a_duplicate_slug_is_refused(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(SMALL_TAXONOMY + "  - slug: libraries\n    label: Libraries again\n")

    with pytest.raises(TaxonomyError, match="libraries"):
        load_taxonomy(path)


def test_taxonomy_theme_without_a_slug_is_refused(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(SMALL_TAXONOMY + "  - label: No slug\n")

    with pytest.raises(TaxonomyError, match="no slug"):
        load_taxonomy(path)


def test_taxonomy_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("themes: [unclosed\n")

    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(path)


def test_packaged_taxonomy_has_the_themes_the_papers_need():
    assert {"caf", "hidden_harm", "schools", "respite"} <= set(load_taxonomy(TAXONOMY).slugs())


# ------------------------------------------------- concepts told by words near each other


@pytest.mark.parametrize(
    "text",
    [
        "Young carers affected by a parent's drug or alcohol misuse are identified.",
        "Support young carers of parents with mental ill-health.",
        "Children whose parents have a drug or alcohol problem are referred.",
        "Children of parents with mental illness get a named worker.",
        "Children living with substance-misusing parents are assessed.",
        "A mother's drinking had gone unnoticed by the school.",
    ],
)
def test_hidden_harm_is_tagged_on_a_parent_named_near_a_harm(tagger, text):
    assert "hidden_harm" in themes_of(tagger, text)


@pytest.mark.parametrize(
    "text",
    [
        "Drug education is offered to pupils and their parents.",
        "Parents were consulted. Alcohol licensing will change next year.",
        "Parents' evenings now include a talk on careers; alcohol was not served.",
    ],
)
def test_a_parent_and_a_harm_word_apart_or_in_other_statements_are_not_hidden_harm(tagger, text):
    assert "hidden_harm" not in themes_of(tagger, text)


def test_a_near_hit_spans_both_words_so_it_shows_why(tagger):
    assert matches_of(tagger, "Support children of parents with mental illness.", "hidden_harm") == [
        "parents with mental illness"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Carers can arrange their own breaks from caring.",
        "Direct payments give carers a break from caring.",
        "Direct payments for a break were promoted at every review.",
        "A sitting service lets parent carers go out for an evening.",
        "Carers' breaks will be funded for another year.",
        "Some time off from caring is offered each month.",
    ],
)
def test_respite_is_tagged_on_breaks_from_caring_in_its_paraphrases(tagger, text):
    assert "respite" in themes_of(tagger, text)


def test_breaking_a_cycle_for_carers_is_not_respite(tagger):
    assert "respite" not in themes_of(tagger, "Break the cycle of poverty for young carers.")


def test_near_rule_without_both_word_lists_is_refused(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("themes:\n  - slug: parks\n    near:\n      - first: [park]\n")

    with pytest.raises(TaxonomyError, match="parks"):
        load_taxonomy(path)


def test_near_rule_of_a_small_taxonomy_tags_words_within_its_window(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "themes:\n  - slug: parks\n    near:\n      - first: [park]\n        then: [bench]\n        window: 2\n"
    )
    tagger = ThemeTagger(load_taxonomy(path))

    assert [h.matched for h in tagger.hits("New parks get two benches; a park far from any bench.", "progress")] == [
        "parks get two benches"
    ]


def test_hidden_harm_is_tagged_on_an_adult_service_asking_after_its_clients_children(tagger):
    assert "hidden_harm" in themes_of(tagger, "Adult treatment services ask every client whether they have children.")


def test_a_treatment_service_for_children_is_not_hidden_harm(tagger):
    assert "hidden_harm" not in themes_of(tagger, "The treatment service for children moved to the hospital.")
