"""Alembic environment: models' metadata, URL from the caller or `DATABASE_URL`, psycopg 3 driver."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tdm_metadata_store.migrations import MIGRATION_LOCK_KEY, comparison_options, database_url
from tdm_metadata_store.settings import sqlalchemy_url

config = context.config

# Only the plain `alembic` command (with alembic.ini) configures logging; programmatic callers keep theirs.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    context.configure(
        url=sqlalchemy_url(database_url(config)),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **comparison_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(sqlalchemy_url(database_url(config)), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, **comparison_options())
            with context.begin_transaction():
                # Held until commit: a second process waits here, then finds nothing left to do.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
