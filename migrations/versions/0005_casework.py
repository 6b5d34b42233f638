"""Casework from meeting to closure: meetings and reviews, the plan (needs,
outcomes, actions and snapshots), visits and addenda, manual chronology
entries, step changes and closures.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
    ]


def _family_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['family_id'], ['family.id'],
                                   name=op.f(f'fk_{table}_family_id_family'))


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('chair', sa.String(length=160), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('family_views', sa.Text(), nullable=False),
    sa.Column('child_views', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    *_sync_columns(),
    _family_fk('meeting'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    _indexes('meeting', 'family_id')

    op.create_table('plan_need',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('domain', sa.String(length=30), nullable=False),
    sa.Column('assessment_id', sa.String(length=36), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                            name=op.f('fk_plan_need_assessment_id_assessment')),
    _family_fk('plan_need'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_need'))
    )
    _indexes('plan_need', 'assessment_id', 'family_id')

    op.create_table('plan_outcome',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('need_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    *_sync_columns(),
    _family_fk('plan_outcome'),
    sa.ForeignKeyConstraint(['need_id'], ['plan_need.id'],
                            name=op.f('fk_plan_outcome_need_id_plan_need')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_outcome'))
    )
    _indexes('plan_outcome', 'family_id', 'need_id')

    op.create_table('plan_action',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('outcome_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_kind', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('owner_name', sa.String(length=160), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress_note', sa.Text(), nullable=False),
    sa.Column('domain', sa.String(length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('from_visit_id', sa.String(length=36), nullable=True),
    sa.Column('from_follow_up', sa.Integer(), nullable=True),
    *_sync_columns(),
    _family_fk('plan_action'),
    sa.ForeignKeyConstraint(['outcome_id'], ['plan_outcome.id'],
                            name=op.f('fk_plan_action_outcome_id_plan_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action'))
    )
    _indexes('plan_action', 'family_id', 'outcome_id')

    op.create_table('plan_snapshot',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('taken_by', sa.String(length=120), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    *_sync_columns(),
    _family_fk('plan_snapshot'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'],
                            name=op.f('fk_plan_snapshot_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_snapshot'))
    )
    _indexes('plan_snapshot', 'family_id', 'meeting_id')

    op.create_table('visit',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('planned', sa.Boolean(), nullable=False),
    sa.Column('seen', sa.JSON(), nullable=False),
    sa.Column('children_seen', sa.JSON(), nullable=False),
    sa.Column('child_words', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('follow_ups', sa.JSON(), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.Column('finalised_by', sa.String(length=120), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    *_sync_columns(),
    _family_fk('visit'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
    )
    _indexes('visit', 'family_id')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_family_occurred', ['family_id', 'occurred_at'],
                              unique=False)

    op.create_table('visit_addendum',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('by', sa.String(length=120), nullable=False),
    *_sync_columns(),
    _family_fk('visit_addendum'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'],
                            name=op.f('fk_visit_addendum_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_addendum'))
    )
    _indexes('visit_addendum', 'family_id', 'visit_id')

    op.create_table('chronology_entry',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('event', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=160), nullable=False),
    sa.Column('impact_on_child', sa.Text(), nullable=False),
    sa.Column('significant', sa.Boolean(), nullable=False),
    sa.Column('child_person_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    *_sync_columns(),
    sa.ForeignKeyConstraint(['child_person_id'], ['person.id'],
                            name=op.f('fk_chronology_entry_child_person_id_person')),
    _family_fk('chronology_entry'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_entry'))
    )
    _indexes('chronology_entry', 'child_person_id', 'family_id')

    op.create_table('step_change',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('destination', sa.String(length=160), nullable=False),
    sa.Column('referral_outcome', sa.Text(), nullable=False),
    sa.Column('referral_outcome_on', sa.Date(), nullable=True),
    sa.Column('new_lead_professional', sa.String(length=120), nullable=False),
    sa.Column('new_lead_agency', sa.String(length=120), nullable=False),
    sa.Column('from_level', sa.String(length=40), nullable=False),
    sa.Column('to_level', sa.String(length=40), nullable=False),
    sa.Column('level_change_id', sa.String(length=36), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=False),
    *_sync_columns(),
    _family_fk('step_change'),
    sa.ForeignKeyConstraint(['level_change_id'], ['level_change.id'],
                            name=op.f('fk_step_change_level_change_id_level_change')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_change'))
    )
    _indexes('step_change', 'family_id')

    op.create_table('closure',
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('reason_detail', sa.Text(), nullable=False),
    sa.Column('outcomes_achieved', sa.JSON(), nullable=False),
    sa.Column('family_feedback', sa.Text(), nullable=False),
    sa.Column('child_feedback', sa.Text(), nullable=False),
    sa.Column('closed_by', sa.String(length=120), nullable=False),
    sa.Column('reopened_on', sa.Date(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('reopened_by', sa.String(length=120), nullable=False),
    sa.Column('is_rereferral', sa.Boolean(), nullable=False),
    *_sync_columns(),
    _family_fk('closure'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closure'))
    )
    _indexes('closure', 'family_id')


def downgrade() -> None:
    op.drop_table('closure')
    op.drop_table('step_change')
    op.drop_table('chronology_entry')
    op.drop_table('visit_addendum')
    op.drop_table('visit')
    op.drop_table('plan_snapshot')
    op.drop_table('plan_action')
    op.drop_table('plan_outcome')
    op.drop_table('plan_need')
    op.drop_table('meeting')
