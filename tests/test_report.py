"""The HTML report: its figures on both backends, self-containment, escaping, and how
it renders in a real browser."""

from __future__ import annotations

import base64
import dataclasses
import re
import struct
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import SAMPLE_PAPERS, copy_papers
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from scrutiny.models.schema import Committee, Council, Document, ProgressUpdate, Recommendation
from scrutiny.models.store import make_engine, upgrade
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.run import ingest
from scrutiny.pipeline.query.report import build_report, render_html, write_report

CHROMIUM = Path("/usr/bin/chromium")
GENERATED_AT = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
SECTIONS = [
    "Themes by year",
    "Status by committee",
    "Outstanding recommendations",
    "Papers missing a meeting date or council",
]


@pytest.fixture(scope="module")
def sqlite_store(sample_sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sample_sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pg_store(pg_schema, tmp_path_factory) -> Engine:
    with pg_schema() as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            ingest([copy_papers(tmp_path_factory.mktemp("report_pg") / "papers")], engine)
            yield engine
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request) -> Engine:
    return request.getfixturevalue(f"{'sqlite' if request.param == 'sqlite' else 'pg'}_store")


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The parts of the report the tests read: headings, tables, elements by id,
    attributes that point somewhere, and the chart."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.text_by_id: dict[str, str] = {}
        self.references: list[str] = []
        self.images: list[dict[str, str]] = []
        self.title = ""
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of the elements we are inside
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._ids: dict[str, list[str]] = {}
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "poster", "data"):
            if attrs.get(name) is not None:
                self.references.append(attrs[name])
        if attrs.get("style") and "url(" in attrs["style"]:
            self.references.append(attrs["style"])
        if tag == "img":
            self.images.append({k: v or "" for k, v in attrs.items()})
        if tag == "title":
            self._in_title = True
        if tag == "table":
            self._table = attrs.get("id", f"table{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in ("h1", "h2"):
            self._heading = []
        elif tag in ("div", "p", "br") and self._cell is not None:
            self._cell.append(" ")
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self._ids[attrs["id"]] = []

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass
        if tag == "title":
            self._in_title = False
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        for _, element_id in self._open:
            if element_id:
                self._ids[element_id].append(data)

    def text(self, element_id: str) -> str:
        return " ".join("".join(self._ids[element_id]).split())


def _render(engine: Engine, **kwargs) -> str:
    return render_html(build_report(engine, generated_at=GENERATED_AT, **kwargs))


def _expected(engine: Engine) -> tuple[dict[tuple[str, str], Counter], list[tuple]]:
    """Status per committee and outstanding rows, worked out row by row in Python
    rather than with the report's window queries."""
    with Session(engine) as session:
        recs = session.execute(
            select(Recommendation, Document, Council.name, Committee.name)
            .join(Document, Document.id == Recommendation.document_id)
            .outerjoin(Council, Council.id == Document.council_id)
            .outerjoin(Committee, Committee.id == Document.committee_id)
        ).all()
        updates = session.execute(
            select(ProgressUpdate, Recommendation, Document, Council.name, Committee.name)
            .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
            .join(Document, Document.id == ProgressUpdate.document_id)
            .outerjoin(Council, Council.id == Document.council_id)
            .outerjoin(Committee, Committee.id == Document.committee_id)
        ).all()

        def newest(document: Document, ordinal: int) -> tuple:
            day = document.meeting_date
            return (day is not None, day or date.min, document.id, ordinal)

        def followed(rec: Recommendation) -> int:
            return rec.lineage_id if rec.lineage_id is not None else -rec.id

        where: dict[int, tuple] = {}
        for rec, document, council, committee in recs:
            key = followed(rec)
            candidate = (newest(document, rec.ordinal), council, committee)
            if key not in where or candidate[0] > where[key][0]:
                where[key] = candidate
        latest: dict[int, tuple] = {}
        for pu, rec, document, council, committee in updates:
            key = followed(rec)
            row = (
                str(rec.lineage_id),
                rec.ref or "",
                rec.text + (f" {pu.text}" if pu.text else ""),
                council or "",
                committee or "",
                document.title,
                str(document.meeting_date or "undated"),
                str(pu.page or ""),
            )
            candidate = (newest(document, pu.ordinal), pu.status, row)
            if key not in latest or candidate[0] > latest[key][0]:
                latest[key] = candidate
    statuses: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for key, (_, council, committee) in where.items():
        statuses[(council, committee)][latest[key][1] if key in latest else "unknown"] += 1
    outstanding = [row for _, status, row in latest.values() if status == "outstanding"]
    return statuses, outstanding


def _normalise(text: str) -> str:
    return " ".join(text.split())


def test_report_has_its_sections_and_the_stores_figures(store: Engine, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    written = write_report(store, out, generated_at=GENERATED_AT)
    page = Page(out.read_text(encoding="utf-8"))

    assert page.headings == ["Scrutiny recommendations: themes and progress", *SECTIONS]
    assert page.text("generated") == "2024-05-01 09:30 UTC"
    assert page.text("store") == store.url.render_as_string(hide_password=True)
    assert page.text("period") == "all meeting dates"
    assert int(page.text("papers")) == len(SAMPLE_PAPERS)

    statuses, outstanding = _expected(store)
    status_rows = page.tables["status-table"]
    assert status_rows[0] == [
        "Council",
        "Committee",
        "Completed",
        "In progress",
        "Outstanding",
        "Unknown",
        "Total",
        "Share",
    ]
    body = status_rows[1:-1]
    shown = {(row[0], row[1]): [int(n) for n in row[2:7]] for row in body}
    assert shown == {
        key: [c["completed"], c["in_progress"], c["outstanding"], c["unknown"], sum(c.values())]
        for key, c in statuses.items()
    }
    assert [row[:2] for row in body] == sorted(
        (row[:2] for row in body), key=lambda r: (r[0].casefold(), r[1].casefold())
    )
    assert status_rows[-1][0] == "All committees"
    assert int(status_rows[-1][5]) == sum(sum(c.values()) for c in statuses.values()) == written.recommendations

    table = page.tables["outstanding-table"]
    assert table[0] == ["ID", "Ref", "Recommendation", "Council", "Committee", "Document", "Meeting", "Page"]
    assert sorted(table[1:]) == sorted([_normalise(cell) for cell in row] for row in outstanding)
    assert int(page.text("outstanding-count")) == len(outstanding) > 0
    # The sample tracker's missed Wi-Fi target is outstanding in its only paper.
    wifi = next(row for row in table if row[2].startswith("Provide free public Wi-Fi in every branch library"))
    assert wifi[1] == "LS5"
    assert wifi[3:7] == [
        "Calderbrook Metropolitan Borough Council",
        "Communities and Neighbourhoods Scrutiny Panel",
        "Library Service Review: Monitoring of Scrutiny Recommendations",
        "2013-04-23",
    ]

    themes = page.tables["themes-table"]
    years = themes[0][1:-1]
    assert years == sorted(years) and set(years) == {str(d) for d in (2012, 2013, 2014)}
    grid = {(row[0], year): int(n) for row in themes[1:] for year, n in zip(years, row[1:-1])}
    assert {(c.label, str(c.year)): c.recommendations for c in written.themes} == {k: v for k, v in grid.items() if v}
    assert all(int(row[-1]) == sum(int(n) for n in row[1:-1]) for row in themes[1:])
    assert grid[("Hidden Harm", "2012")] > 0 and grid[("Respite and short breaks", "2012")] > 0

    assert "Recommendations per theme and year of meeting (all " in page.text("themes-chart")
    # Each outstanding recommendation shows the outlined place in its paper.
    assert len(page.images) == len(outstanding)
    for image in page.images:
        png = base64.b64decode(image["src"].removeprefix("data:image/png;base64,"), validate=True)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_sqlite_and_postgresql_give_the_same_report(sqlite_store: Engine, pg_store: Engine) -> None:
    pages = [
        render_html(
            dataclasses.replace(build_report(engine, generated_at=GENERATED_AT, evidence=True), store="the store")
        )
        for engine in (sqlite_store, pg_store)
    ]
    assert pages[0] == pages[1]


def test_the_report_references_nothing_outside_itself(sqlite_store: Engine) -> None:
    html = _render(sqlite_store, evidence=True)
    # The chart's SVG names its XML namespaces by URL; nothing is fetched from them.
    outside = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", html)
    assert not re.search(r"https?:", outside, re.IGNORECASE)
    page = Page(html)
    assert page.references and all(ref.startswith("data:") for ref in page.references)
    assert "<link" not in html and "<script" not in html and "@import" not in html
    # url() and xlink:href point within the page only (the chart's clip paths and tick marks).
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", html))
    assert all(ref.startswith("#") for ref in re.findall(r'xlink:href="([^"]*)"', html))


def test_a_period_keeps_only_the_papers_of_those_years(sqlite_store: Engine, tmp_path: Path) -> None:
    out = tmp_path / "2013.html"
    url = sqlite_store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["report", str(out), "--db", url, "--from", "2013", "--to", "2014"])
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert page.text("period") == "meetings 2013\u20132014"
    with Session(sqlite_store) as session:
        dates = session.scalars(select(Document.meeting_date)).all()
    assert int(page.text("papers")) == sum(1 for d in dates if d and 2013 <= d.year <= 2014)
    assert page.tables["themes-table"][0][1:-1] == ["2013", "2014"]
    assert all(row[6] >= "2013" for row in page.tables["outstanding-table"][1:])
    assert f"wrote {out}" in result.output


def test_a_period_that_ends_before_it_starts_is_refused(sqlite_store: Engine, tmp_path: Path) -> None:
    url = sqlite_store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main, ["report", str(tmp_path / "r.html"), "--db", url, "--from", "2014", "--to", "2012"]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_an_empty_store_gives_a_report_that_says_so(engine: Engine) -> None:
    page = Page(_render(engine))
    assert page.headings[1:] == SECTIONS
    assert page.text("papers") == "0"
    assert page.images == []
    assert "No recommendation in this period is tagged" in page.text("themes")
    assert page.text("outstanding-empty")


def test_papers_without_a_meeting_date_are_listed_with_the_manifest_row_that_fixes_them(
    engine: Engine, tmp_path: Path
) -> None:
    tracker = next(p for p in SAMPLE_PAPERS if "calderbrook" in p.name)
    ingest([copy_papers(tmp_path / "papers", [tracker])], engine)
    with Session(engine) as session, session.begin():
        session.execute(update(Document).values(meeting_date=None))
        path = session.scalar(select(Document.path))

    page = Page(_render(engine))
    assert page.tables["missing-table"][1:] == [[_normalise(path), "meeting date"]]
    manifest = page.text("missing-manifest")
    assert manifest.startswith("path,council,committee,meeting_date")
    assert path in manifest


def test_a_report_says_when_every_paper_has_its_date_and_council(sqlite_store: Engine) -> None:
    assert Page(_render(sqlite_store)).text("missing-empty")


NASTY_TITLE = '<script>alert("title")</script> & Sons\' "Review"'
NASTY_COMMITTEE = "Scrutiny <b>Panel</b> & Co"
NASTY_TEXT = "Provide <img src=x onerror=alert(1)> Wi-Fi & more"


def test_text_from_the_papers_is_escaped(engine: Engine, tmp_path: Path) -> None:
    tracker = next(p for p in SAMPLE_PAPERS if "calderbrook" in p.name)
    ingest([copy_papers(tmp_path / "papers", [tracker])], engine)
    with Session(engine) as session, session.begin():
        session.execute(update(Document).values(title=NASTY_TITLE))
        session.execute(update(Committee).values(name=NASTY_COMMITTEE))
        session.execute(update(Recommendation).where(Recommendation.ref == "LS5").values(text=NASTY_TEXT))

    html = _render(engine, title="Q&A <draft>")
    for raw in (NASTY_TITLE, NASTY_COMMITTEE, NASTY_TEXT, "<script", "<b>", "<img src=x", "<draft>"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; Sons&#39; &#34;Review&#34;" in html
    page = Page(html)
    assert page.title == "Q&A <draft>"
    assert [row[1] for row in page.tables["status-table"][1:-1]] == [NASTY_COMMITTEE]
    outstanding = page.tables["outstanding-table"][1:]
    assert [row[5] for row in outstanding] == [_normalise(NASTY_TITLE)]
    assert outstanding[0][2].startswith(NASTY_TEXT)
    assert "themes-chart" in html


# -- in a browser -------------------------------------------------------------------


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,1600",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# Once the page has loaded, measures every bar of the chart against its panel's grid
# lines, as a reader would against the axis, and leaves the readings on the body for
# --dump-dom to carry out of the browser.
CHART_PROBE = """<script>
window.addEventListener("load", function () {
  function middle(element) {
    var box = element.getBoundingClientRect();
    return (box.top + box.bottom) / 2;
  }
  var readings = {};
  document.querySelectorAll('#themes-chart g[id^="bar-"]').forEach(function (bar) {
    var parts = bar.id.split("-");
    var slug = parts[1], period = parts[2];
    var grid = Array.prototype.slice.call(document.querySelectorAll('[id^="grid-' + slug + '-"]'))
      .map(function (line) { return [Number(line.id.split("-")[2]), middle(line)]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    var pixelsPerUnit = (grid[0][1] - grid[1][1]) / (grid[1][0] - grid[0][0]);
    var box = bar.getBoundingClientRect();
    readings[slug + "/" + period] = box.height / pixelsPerUnit;
  });
  document.body.setAttribute("data-bars", JSON.stringify(readings));
});
</script>
"""


def _recommendations_per_theme_and_year(engine: Engine) -> Counter:
    """Recommendations (followed across papers) about each theme in each year,
    counted from the stored tags row by row."""
    from scrutiny.models.schema import ProgressUpdateTheme, RecommendationTheme, Theme

    with Session(engine) as session:
        recs = {
            rec.id: (rec.lineage_id, meeting.year)
            for rec, meeting in session.execute(
                select(Recommendation, Document.meeting_date).join(Document, Document.id == Recommendation.document_id)
            )
        }
        tags = set(
            session.execute(
                select(RecommendationTheme.recommendation_id, Theme.slug).join(
                    Theme, Theme.id == RecommendationTheme.theme_id
                )
            ).all()
        )
        tags |= set(
            session.execute(
                select(ProgressUpdate.recommendation_id, Theme.slug)
                .join(ProgressUpdateTheme, ProgressUpdateTheme.progress_update_id == ProgressUpdate.id)
                .join(Theme, Theme.id == ProgressUpdateTheme.theme_id)
            ).all()
        )
    followed: dict[tuple[str, int], set[int]] = defaultdict(set)
    for rec_id, slug in tags:
        lineage, year = recs[rec_id]
        followed[(slug, year)].add(lineage)
    return Counter({key: len(lineages) for key, lineages in followed.items()})


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")
def test_chromium_shows_each_bar_as_the_recommendations_of_its_theme_and_year(
    sqlite_store: Engine, tmp_path: Path
) -> None:
    import json

    from matplotlib.image import imread

    out = tmp_path / "report.html"
    write_report(sqlite_store, out, generated_at=GENERATED_AT, evidence=False)
    shot = tmp_path / "shot.png"
    result = _chromium(tmp_path, out.as_uri(), f"--screenshot={shot}")
    assert shot.exists(), result.stderr[-2000:]
    rgb = imread(shot)[..., :3]
    assert rgb.shape[:2] == (1600, 1200)
    assert rgb.std() > 0.05, "the screenshot is blank"

    probed = tmp_path / "probed.html"
    probed.write_text(out.read_text(encoding="utf-8").replace("</body>", CHART_PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(tmp_path, probed.as_uri(), "--dump-dom", "--virtual-time-budget=10000")
    match = re.search(r"data-bars=\"([^\"]+)\"", dom.stdout)
    assert match, dom.stderr[-2000:]
    readings = json.loads(match.group(1).replace("&quot;", '"'))
    expected = _recommendations_per_theme_and_year(sqlite_store)
    years = sorted({year for _, year in expected})
    # A bar for every theme in every year from the first to the last, empty or not.
    assert set(readings) == {f"{slug}/{year}" for slug, _ in expected for year in range(years[0], years[-1] + 1)}
    for key, height in readings.items():
        slug, year = key.split("/")
        assert height == pytest.approx(expected[(slug, int(year))], abs=0.05), key
    # A recommendation about several themes is in several panels: the bars of a year
    # add up to more than that year's recommendations, which is why they are not stacked.
    assert any(readings[k] for k in readings)
