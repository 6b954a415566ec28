"""PostgreSQL metadata store: typed models, Alembic migrations, repositories holding all SQL."""
