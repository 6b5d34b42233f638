"""On PostgreSQL, change numbers are given by the database as a transaction commits.

A writer marks each change it makes with a provisional number below zero (in the
order it made them). A deferred constraint trigger, run by the COMMIT itself,
takes that many numbers from the ``change_seq`` counter and gives them to the
transaction's changes in their provisional order. The counter row is therefore
locked only inside the COMMIT, for the time the database takes to number a
handful of rows, and never while the service's own (Python) thread is waiting
for its turn to run, which under load was most of the time the lock was held.
Numbers still become visible in order: the row stays locked until the commit is
done. SQLite (one writer at a time) keeps numbering in the service
(``server.db``).

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

NUMBER_CHANGES = """
CREATE OR REPLACE FUNCTION hearth_number_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    waiting bigint;
    first_number bigint;
BEGIN
    -- Every committed change has a number, so the rows below zero are this
    -- transaction's own. The first firing in a commit numbers them all.
    SELECT (SELECT count(*) FROM record WHERE seq < 0)
         + (SELECT count(*) FROM scope_event WHERE seq < 0) INTO waiting;
    IF waiting = 0 THEN
        RETURN NULL;
    END IF;
    UPDATE counter SET value = value + waiting WHERE name = 'change_seq'
        RETURNING value - waiting + 1 INTO first_number;
    IF NOT FOUND THEN
        INSERT INTO counter (name, value) VALUES ('change_seq', waiting);
        first_number := 1;
    END IF;
    WITH waiting_changes AS (
        SELECT entity, id, NULL::integer AS event_pk, seq FROM record WHERE seq < 0
        UNION ALL
        SELECT NULL, NULL, pk, seq FROM scope_event WHERE seq < 0
    ), numbered AS (
        SELECT entity, id, event_pk,
               first_number - 1 + row_number() OVER (ORDER BY seq DESC) AS number
        FROM waiting_changes
    ), records AS (
        UPDATE record SET seq = numbered.number FROM numbered
        WHERE numbered.event_pk IS NULL
          AND record.entity = numbered.entity AND record.id = numbered.id
    )
    UPDATE scope_event SET seq = numbered.number FROM numbered
    WHERE scope_event.pk = numbered.event_pk;
    RETURN NULL;
END
$$
"""

TABLES = ('record', 'scope_event')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(NUMBER_CHANGES)
    for table in TABLES:
        op.execute(
            f'CREATE CONSTRAINT TRIGGER {table}_number_changes AFTER INSERT OR UPDATE ON {table} '
            'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.seq < 0) '
            'EXECUTE FUNCTION hearth_number_changes()'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute(f'DROP TRIGGER IF EXISTS {table}_number_changes ON {table}')
    op.execute('DROP FUNCTION IF EXISTS hearth_number_changes()')
