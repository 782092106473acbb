"""Alembic environment for the scrutiny store.

The caller supplies the database: an open Connection in ``config.attributes
["connection"]`` (what :func:`scrutiny.models.store.upgrade` does) or a URL in the config's
``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from scrutiny.models.schema import Base


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text search objects of migration 0003 out of autogenerate: they
    are not in the ORM models (an FTS5 table and its shadow tables on SQLite, tsvector
    columns and their indexes on PostgreSQL)."""
    if type_ == "table":
        return name != "search_index" and not name.startswith("search_index_")
    if type_ == "column":
        return name != "search_vector"
    if type_ == "index":
        return not (name or "").endswith("_search_vector")
    return True


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )


def run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        include_object=include_object,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: set config.attributes['connection'] or sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
