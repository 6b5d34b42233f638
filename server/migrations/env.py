"""Alembic environment of the central service. ``server.db.migrate`` passes its connection in."""

from alembic import context

from server.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Run the service's migrations with `hearth-server init` (server.db.migrate)."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
