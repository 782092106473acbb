"""Full-text search over recommendation and progress update texts.

SQLite: one FTS5 table, ``search_index``, holds a copy of every recommendation text
and every non-null update text, kept in step by triggers. Its rowid says where a text
came from: ``2 * recommendation.id`` or ``2 * progress_update.id + 1``, so a trigger
finds the row to drop by rowid instead of scanning the index.

PostgreSQL: ``recommendation.search_vector`` and ``progress_update.search_vector``,
tsvectors generated from ``text`` and stored, each with a GIN index; the database
computes them for existing rows when the column is added and for every write after.

Both stem English words (FTS5 ``porter``, PostgreSQL ``english``) so "school" finds
"schools". None of these objects are in the ORM models: migrations/env.py leaves them
out of autogenerate comparisons. A later migration that rebuilds ``recommendation`` or
``progress_update`` in SQLite batch mode drops their triggers and must create them again.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Diacritics are kept, as PostgreSQL's english configuration keeps them, so both
# backends match the same words.
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 0"

# Where each table's rows go in search_index; "{}" stands for the row (new, old or
# the table itself).
SQLITE_ROWIDS = {"recommendation": "{}.id * 2", "progress_update": "{}.id * 2 + 1"}

PG_TABLES = ("recommendation", "progress_update")


def upgrade() -> None:
    # Search is offered on these two databases only; pipeline.search refuses others.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    elif dialect == "postgresql":
        _postgresql_upgrade()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_downgrade()
    elif dialect == "postgresql":
        _postgresql_downgrade()


def _sqlite_upgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize = '{SQLITE_TOKENIZER}')")
    for table, rowid in SQLITE_ROWIDS.items():
        op.execute(
            f"INSERT INTO search_index (rowid, text) "
            f"SELECT {rowid.format(table)}, text FROM {table} WHERE text IS NOT NULL"
        )
        op.execute(
            f"CREATE TRIGGER search_index_{table}_insert AFTER INSERT ON {table} "
            f"WHEN new.text IS NOT NULL BEGIN "
            f"INSERT INTO search_index (rowid, text) VALUES ({rowid.format('new')}, new.text); END"
        )
        # Also fires for rows removed by ON DELETE CASCADE when a document is replaced.
        op.execute(
            f"CREATE TRIGGER search_index_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {rowid.format('old')}; END"
        )
        # Only a change of text matters: ingest sets lineage columns after the insert.
        op.execute(
            f"CREATE TRIGGER search_index_{table}_update AFTER UPDATE OF id, text ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {rowid.format('old')}; "
            f"INSERT INTO search_index (rowid, text) "
            f"SELECT {rowid.format('new')}, new.text WHERE new.text IS NOT NULL; END"
        )


def _sqlite_downgrade() -> None:
    for table in SQLITE_ROWIDS:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER search_index_{table}_{event}")
    op.execute("DROP TABLE search_index")


def _postgresql_upgrade() -> None:
    for table in PG_TABLES:
        op.add_column(
            table,
            sa.Column(
                "search_vector",
                postgresql.TSVECTOR(),
                # The regconfig cast makes the expression immutable, which a
                # generated column requires.
                sa.Computed("to_tsvector('english'::regconfig, text)", persisted=True),
                nullable=True,
            ),
        )
        op.create_index(op.f(f"ix_{table}_search_vector"), table, ["search_vector"], postgresql_using="gin")


def _postgresql_downgrade() -> None:
    for table in reversed(PG_TABLES):
        op.drop_index(op.f(f"ix_{table}_search_vector"), table_name=table)
        op.drop_column(table, "search_vector")
