"""The Datasette plugin `scrutiny serve` registers: a page per recommendation and
the store's own conventions in Datasette's tables.

- ``/-/recommendation/ID``: the recommendation followed across papers, its timeline
  (paper, date, page, status, update) and each paper's page drawn with the item
  outlined; ``.json`` gives the same as data. ID is the one recommendation id of the
  command line, the export and the views.
- Cells of ``recommendation_id`` (and the lineage ids that are the same thing) link
  to that page.
- ``?_search=`` on the analysts' views searches recommendation and update text with
  the store's full-text index, as ``scrutiny search`` does.
- Box coordinates are left out of the progress update table unless asked for.
- ``scrutiny_fts_query(text)`` turns plain words into a safe FTS5 query for SQL, so the
  saved search reads what a user types as words, never as query syntax.
"""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

PLUGIN_NAME = "scrutiny"
PAGE_ROUTE = "/-/recommendation/"
# Tables and views whose column of this name holds the one recommendation id.
ID_COLUMNS = {("lineage", "id"), ("recommendation", "review_lineage_id")}
# Column names that hold it wherever they appear (lineage_id is its name in the tables).
ID_NAMES = {"recommendation_id", "lineage_id"}
# Views whose rows are recommendations or updates, searchable with ?_search=.
_BY_UPDATE_OR_WORDING = (
    "({view}.progress_update_id * 2 + 1 IN (SELECT rowid FROM search_index WHERE search_index MATCH :scrutiny_q)"
    " OR EXISTS (SELECT 1 FROM recommendation r WHERE r.lineage_id = {view}.recommendation_id"
    " AND r.document_id = {view}.document_id"
    " AND r.id * 2 IN (SELECT rowid FROM search_index WHERE search_index MATCH :scrutiny_q)))"
)
SEARCHABLE_VIEWS = {
    "v_progress_updates": _BY_UPDATE_OR_WORDING,
    "v_recommendation_themes": _BY_UPDATE_OR_WORDING,
    "v_latest_status": (
        "EXISTS (SELECT 1 FROM recommendation r LEFT JOIN progress_update u ON u.recommendation_id = r.id"
        " WHERE r.lineage_id = {view}.recommendation_id"
        " AND (r.id * 2 IN (SELECT rowid FROM search_index WHERE search_index MATCH :scrutiny_q)"
        " OR u.id * 2 + 1 IN (SELECT rowid FROM search_index WHERE search_index MATCH :scrutiny_q)))"
    ),
}
# Columns of page geometry: useful to tools, noise to a reader of the table.
GEOMETRY_COLUMNS = {"progress_update": ("bbox", "cell_bboxes")}


def page_path(recommendation_id: int | str, suffix: str = "") -> str:
    return f"{PAGE_ROUTE}{recommendation_id}{suffix}"


def fts_query(text: str | None) -> str:
    """Plain words as an FTS5 query that matches them all; a query matching nothing
    when there are no words to look for."""
    from scrutiny.pipeline.query.search import fts5_query, search_words

    try:
        return fts5_query(search_words(text or ""))
    except ValueError:
        return '""'


@hookimpl
def prepare_connection(conn):
    conn.create_function("scrutiny_fts_query", 1, fts_query, deterministic=True)


@hookimpl
def register_routes():
    return [
        (r"^/-/recommendation/(?P<recommendation_id>\d+)\.json$", recommendation_json),
        (
            r"^/-/recommendation/(?P<recommendation_id>\d+)/(?P<appearance>\d+)/page-(?P<page>\d+)\.png$",
            page_image,
        ),
        (r"^/-/recommendation/(?P<recommendation_id>\d+)$", recommendation_page),
    ]


@hookimpl
def render_cell(value, column, table, datasette):
    if isinstance(value, dict):  # a foreign key shown with its label
        value = value.get("value")
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        return None
    if column in ID_NAMES or (table, column) in ID_COLUMNS:
        href = datasette.urls.path(page_path(value))
        return Markup(f'<a href="{escape(href)}" title="the recommendation and its papers">{value}</a>')
    return None


@hookimpl
def filters_from_request(request, table):
    words = request.args.get("_search")
    if table not in SEARCHABLE_VIEWS or not words:
        return None
    clause = SEARCHABLE_VIEWS[table].format(view=f"[{table}]")
    return FilterArguments(
        [clause],
        params={"scrutiny_q": fts_query(words)},
        human_descriptions=[f'recommendation or update text contains the words "{words}"'],
    )


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def without_geometry(scope, receive, send):
            target = _without_geometry(scope) if scope.get("type") == "http" else None
            if target is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 302, "headers": [(b"location", target.encode())]})
            await send({"type": "http.response.body", "body": b""})

        return without_geometry

    return wrap


def _without_geometry(scope) -> str | None:
    """Where to send a request for a table page that would show geometry columns
    nobody asked for: the same page with them left out."""
    path = scope.get("path", "")
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[1] not in GEOMETRY_COLUMNS:
        return None
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in query):
        return None
    query += [("_nocol", column) for column in GEOMETRY_COLUMNS[parts[1]]]
    return f"{scope.get('root_path', '')}{path}?{urlencode(query)}"


# -- the recommendation page ----------------------------------------------------------


def _store(datasette):
    """The served store: the database Datasette opened from a file."""
    for database in datasette.databases.values():
        if database.path:
            return database
    raise LookupError("no SQLite file is being served")


def _store_url(datasette) -> str:
    return f"sqlite:///{_store(datasette).path}"


def _search_dirs(datasette) -> list[str]:
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    return list(config.get("papers", []))


def _evidence(datasette, recommendation_id: int):
    from scrutiny.models.store import make_engine
    from scrutiny.pipeline.query.evidence import recommendation_evidence

    engine = make_engine(_store_url(datasette))
    try:
        return recommendation_evidence(engine, recommendation_id)
    finally:
        engine.dispose()


def _pages(datasette, evidence) -> list[dict]:
    """Per appearance, what the page shows of it: its page images' addresses, or why
    there are none and where the item is in words."""
    from scrutiny.pipeline.query.evidence import can_draw, find_paper, text_location

    shown = []
    for number, appearance in enumerate(evidence.appearances, start=1):
        paper = find_paper(appearance, _search_dirs(datasette))
        entry = {"number": number, "appearance": appearance, "images": [], "note": None, "where": None}
        if paper is None:
            entry["note"] = f"The paper is not at {appearance.path} (or has changed since it was stored)."
        elif not can_draw(appearance):
            entry["note"] = "Drawing a Word paper's pages needs LibreOffice."
            entry["where"] = text_location(appearance, paper)
        else:
            pages = sorted({r.page for r in appearance.regions}) or [appearance.page or 1]
            if appearance.format != "pdf":
                from scrutiny.pipeline.query.evidence import page_images

                pages = [image.page for image in page_images(appearance, paper)]
            entry["images"] = [
                {
                    "page": page,
                    "src": datasette.urls.path(page_path(evidence.recommendation_id, f"/{number}/page-{page}.png")),
                }
                for page in pages
            ]
        shown.append(entry)
    return shown


async def recommendation_page(datasette, request):
    recommendation_id = int(request.url_vars["recommendation_id"])
    evidence = await asyncio.to_thread(_evidence, datasette, recommendation_id)
    if evidence is None:
        return Response.html(f"<p>No recommendation with id {recommendation_id}.</p>", status=404)
    pages = await asyncio.to_thread(_pages, datasette, evidence)
    return Response.html(
        await datasette.render_template(
            "scrutiny_recommendation.html",
            {
                "evidence": evidence,
                "pages": pages,
                "json_url": datasette.urls.path(page_path(recommendation_id, ".json")),
                "database": _store(datasette).name,
                "papers": len({a.document_id for a in evidence.appearances}),
            },
            request=request,
        )
    )


async def recommendation_json(datasette, request):
    from dataclasses import asdict

    recommendation_id = int(request.url_vars["recommendation_id"])
    evidence = await asyncio.to_thread(_evidence, datasette, recommendation_id)
    if evidence is None:
        return Response.json({"error": f"no recommendation with id {recommendation_id}"}, status=404)
    data = asdict(evidence)
    for appearance, raw in zip(evidence.appearances, data["appearances"]):
        raw["location"] = appearance.location
    return Response.json(json.loads(json.dumps(data, default=str)))


async def page_image(datasette, request):
    from scrutiny.pipeline.query.evidence import can_draw, find_paper, page_images

    recommendation_id = int(request.url_vars["recommendation_id"])
    number = int(request.url_vars["appearance"])
    page = int(request.url_vars["page"])

    def draw() -> bytes | None:
        evidence = _evidence(datasette, recommendation_id)
        if evidence is None or not 1 <= number <= len(evidence.appearances):
            return None
        appearance = evidence.appearances[number - 1]
        paper = find_paper(appearance, _search_dirs(datasette))
        if paper is None or not can_draw(appearance):
            return None
        for image in page_images(appearance, paper):
            if image.page == page:
                buffer = io.BytesIO()
                image.image.save(buffer, format="PNG")
                return buffer.getvalue()
        return None

    png = await asyncio.to_thread(draw)
    if png is None:
        return Response.text("no such page image", status=404)
    return Response(png, content_type="image/png", headers={"Cache-Control": "max-age=3600"})


def templates_dir() -> Path:
    return Path(__file__).resolve().with_name("templates")
