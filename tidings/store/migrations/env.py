"""Alembic environment: runs migrations on the connection the store hands over.

Tidings never runs Alembic from an ini file: ``tidings.store.migrate`` builds the configuration in
code and passes its open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from tidings.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("run migrations through `tidings migrate`, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
