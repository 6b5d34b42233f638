"""Accounts: users can be deactivated; devices remember their last pull; failed
enrolments are counted and lock an account or an address for a while.

Revision ID: 0007_accounts
Revises: 0006_custody
"""
import sqlalchemy as sa
from alembic import op

from server.models import UTCDateTime

revision = '0007_accounts'
down_revision = "0006_custody"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it): rebuilding user_account would trip the devices'
    # foreign keys to it.
    op.add_column('user_account', sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                            nullable=False))
    op.add_column('user_account', sa.Column('deactivated_at', UTCDateTime(), nullable=True))
    op.add_column('device', sa.Column('last_cursor', sa.BigInteger(), nullable=True))
    op.add_column('device', sa.Column('last_sync_at', UTCDateTime(), nullable=True))
    op.create_table(
        'login_failure',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_login_failure')),
    )
    op.create_index(op.f('ix_login_failure_at'), 'login_failure', ['at'])
    op.create_index('ix_login_failure_username_at', 'login_failure', ['username', 'at'])
    op.create_index('ix_login_failure_address_at', 'login_failure', ['address', 'at'])
    op.create_table(
        'lockout',
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('subject', sa.String(length=80), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locked_at', UTCDateTime(), nullable=False),
        sa.Column('until', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'subject', name=op.f('pk_lockout')),
    )


def downgrade() -> None:
    op.drop_table('lockout')
    op.drop_index('ix_login_failure_address_at', table_name='login_failure')
    op.drop_index('ix_login_failure_username_at', table_name='login_failure')
    op.drop_index(op.f('ix_login_failure_at'), table_name='login_failure')
    op.drop_table('login_failure')
    for table, column in (('device', 'last_sync_at'), ('device', 'last_cursor'),
                          ('user_account', 'deactivated_at'), ('user_account', 'active')):
        op.drop_column(table, column)
