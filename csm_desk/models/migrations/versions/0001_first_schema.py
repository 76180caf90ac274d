"""First schema: the whole book (every artifact of DOMAIN.md).

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 19:54:14.512397
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('crm_id', sa.String(), nullable=True),
    sa.Column('arr', sa.Float(), nullable=False),
    sa.Column('segment', sa.String(), nullable=False),
    sa.Column('segment_pinned', sa.Boolean(), nullable=False),
    sa.Column('product_tier', sa.String(), nullable=True),
    sa.Column('industry', sa.String(), nullable=True),
    sa.Column('complexity', sa.Integer(), nullable=True),
    sa.Column('growth_potential', sa.Integer(), nullable=True),
    sa.Column('strategic_value', sa.Integer(), nullable=True),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('contract_term_months', sa.Integer(), nullable=False),
    sa.Column('lifecycle_stage', sa.String(), nullable=False),
    sa.Column('live_definition', sa.String(), nullable=True),
    sa.Column('go_live_date', sa.Date(), nullable=True),
    sa.Column('success_vision', sa.String(), nullable=True),
    sa.Column('success_statement', sa.String(), nullable=True),
    sa.Column('review_cadence', sa.String(), nullable=True),
    sa.Column('leading_indicators', sa.String(), nullable=True),
    sa.Column('plan_status', sa.String(), nullable=False),
    sa.Column('escalation_path', sa.String(), nullable=True),
    sa.Column('internal_notes', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('crm_id')
    )
    op.create_table('book',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(), nullable=False),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('settings_json', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('book_meta',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('handover_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_owner', sa.String(), nullable=False),
    sa.Column('to_owner', sa.String(), nullable=False),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('arr_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('arr_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_arr_event_account_id'), ['account_id'], unique=False)

    op.create_table('artifact_touch',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('artifact', sa.String(), nullable=False),
    sa.Column('touched_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'artifact')
    )
    op.create_table('cadence_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('touchpoint', sa.String(), nullable=False),
    sa.Column('audience_names', sa.String(), nullable=True),
    sa.Column('frequency', sa.String(), nullable=True),
    sa.Column('channel', sa.String(), nullable=True),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cadence_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadence_item_account_id'), ['account_id'], unique=False)

    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_account_id'), ['account_id'], unique=False)

    op.create_table('expansion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('readiness_signals', sa.String(), nullable=True),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('estimated_arr', sa.Float(), nullable=True),
    sa.Column('expected_close', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('expansion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expansion_account_id'), ['account_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('request', sa.String(), nullable=False),
    sa.Column('theme', sa.String(), nullable=True),
    sa.Column('severity', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('customer_told_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_account_id'), ['account_id'], unique=False)

    op.create_table('handoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('handoff_date', sa.Date(), nullable=True),
    sa.Column('sales_owner', sa.String(), nullable=True),
    sa.Column('why_bought', sa.String(), nullable=True),
    sa.Column('why_now', sa.String(), nullable=True),
    sa.Column('why_us', sa.String(), nullable=True),
    sa.Column('decision_criteria', sa.String(), nullable=True),
    sa.Column('promised_outcomes', sa.String(), nullable=True),
    sa.Column('risk_flags', sa.String(), nullable=True),
    sa.Column('competitors', sa.String(), nullable=True),
    sa.Column('internal_notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id')
    )
    op.create_table('health_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('component', sa.String(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('health_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_override_account_id'), ['account_id'], unique=False)

    op.create_table('health_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('band', sa.String(), nullable=False),
    sa.Column('components_json', sa.String(), nullable=False),
    sa.Column('detail_json', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'date')
    )
    with op.batch_alter_table('health_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_snapshot_account_id'), ['account_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('internal_attendees', sa.String(), nullable=True),
    sa.Column('decisions', sa.String(), nullable=True),
    sa.Column('open_items', sa.String(), nullable=True),
    sa.Column('next_meeting', sa.Date(), nullable=True),
    sa.Column('internal_notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_account_id'), ['account_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('phase', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('owner_side', sa.String(), nullable=True),
    sa.Column('owner_name', sa.String(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('depends_on_id', sa.Integer(), nullable=True),
    sa.Column('first_value', sa.Boolean(), nullable=False),
    sa.Column('go_live', sa.Boolean(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['depends_on_id'], ['milestone.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_account_id'), ['account_id'], unique=False)

    op.create_table('objective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_account_id'), ['account_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('horizon', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_account_id'), ['account_id'], unique=False)

    op.create_table('renewal_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('decision_milestones', sa.String(), nullable=True),
    sa.Column('value_proof_points', sa.String(), nullable=True),
    sa.Column('objections', sa.String(), nullable=True),
    sa.Column('internal_support', sa.String(), nullable=True),
    sa.Column('internal_strategy', sa.String(), nullable=True),
    sa.Column('probability_override', sa.Float(), nullable=True),
    sa.Column('probability_note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id')
    )
    op.create_table('renewal_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('phase', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('renewal_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renewal_step_account_id'), ['account_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('period', sa.String(), nullable=True),
    sa.Column('goals_recap', sa.String(), nullable=True),
    sa.Column('what_changed', sa.String(), nullable=True),
    sa.Column('outcomes', sa.String(), nullable=True),
    sa.Column('friction', sa.String(), nullable=True),
    sa.Column('recommendations', sa.String(), nullable=True),
    sa.Column('decisions_needed', sa.String(), nullable=True),
    sa.Column('agenda', sa.String(), nullable=True),
    sa.Column('next_steps', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('internal_notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_account_id'), ['account_id'], unique=False)

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('statement', sa.String(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('evidence', sa.String(), nullable=True),
    sa.Column('severity', sa.String(), nullable=True),
    sa.Column('likelihood', sa.String(), nullable=True),
    sa.Column('impact', sa.String(), nullable=True),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('next_action', sa.String(), nullable=True),
    sa.Column('reassess_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=True),
    sa.Column('trigger_signal', sa.String(), nullable=True),
    sa.Column('mitigation', sa.String(), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('customer_wording', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_account_id'), ['account_id'], unique=False)

    op.create_table('signal_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'key', 'date')
    )
    with op.batch_alter_table('signal_reading', schema=None) as batch_op:
        batch_op.create_index('ix_signal_reading_key_date', ['key', 'date'], unique=False)
        batch_op.create_index('ix_signal_reading_latest', ['account_id', 'key', 'date', 'value'], unique=False)

    op.create_table('stakeholder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('roles', sa.String(), nullable=False),
    sa.Column('influence', sa.Integer(), nullable=True),
    sa.Column('relationship_strength', sa.Integer(), nullable=True),
    sa.Column('stance', sa.String(), nullable=True),
    sa.Column('cares_about', sa.String(), nullable=True),
    sa.Column('preferred_communication', sa.String(), nullable=True),
    sa.Column('renewal_role', sa.String(), nullable=True),
    sa.Column('last_contact', sa.Date(), nullable=True),
    sa.Column('departed', sa.Boolean(), nullable=False),
    sa.Column('departed_on', sa.Date(), nullable=True),
    sa.Column('sentiment_notes', sa.String(), nullable=True),
    sa.Column('canvas_x', sa.Float(), nullable=True),
    sa.Column('canvas_y', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_account_id'), ['account_id'], unique=False)

    op.create_table('value_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('quantified_value', sa.Float(), nullable=True),
    sa.Column('customer_validated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('value_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_value_item_account_id'), ['account_id'], unique=False)

    op.create_table('action_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('side', sa.String(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('kpi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=True),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('current', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('by_when', sa.Date(), nullable=True),
    sa.Column('data_source', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_account_id'), ['account_id'], unique=False)

    op.create_table('meeting_attendee',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'stakeholder_id')
    )
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendee_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('renewal_approver',
    sa.Column('renewal_plan_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['renewal_plan_id'], ['renewal_plan.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('renewal_plan_id', 'stakeholder_id')
    )
    with op.batch_alter_table('renewal_approver', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renewal_approver_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('renewal_next_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('renewal_plan_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('side', sa.String(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['renewal_plan_id'], ['renewal_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('renewal_next_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renewal_next_step_renewal_plan_id'), ['renewal_plan_id'], unique=False)

    op.create_table('stakeholder_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('from_id', sa.Integer(), nullable=True),
    sa.Column('to_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_id'], ['stakeholder.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_id'], ['stakeholder.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stakeholder_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_link_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_link_from_id'), ['from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_link_to_id'), ['to_id'], unique=False)

    op.create_table('use_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('use_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_use_case_account_id'), ['account_id'], unique=False)

    op.create_table('kpi_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kpi_reading', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_reading_kpi_id'), ['kpi_id'], unique=False)



def downgrade() -> None:  # pragma: no cover - books are never migrated backwards
    with op.batch_alter_table('kpi_reading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_reading_kpi_id'))

    op.drop_table('kpi_reading')
    with op.batch_alter_table('use_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_use_case_account_id'))

    op.drop_table('use_case')
    with op.batch_alter_table('stakeholder_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_link_to_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_link_from_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_link_account_id'))

    op.drop_table('stakeholder_link')
    with op.batch_alter_table('renewal_next_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renewal_next_step_renewal_plan_id'))

    op.drop_table('renewal_next_step')
    with op.batch_alter_table('renewal_approver', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renewal_approver_stakeholder_id'))

    op.drop_table('renewal_approver')
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendee_stakeholder_id'))

    op.drop_table('meeting_attendee')
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_account_id'))

    op.drop_table('kpi')
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_item_account_id'))

    op.drop_table('action_item')
    with op.batch_alter_table('value_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_value_item_account_id'))

    op.drop_table('value_item')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_account_id'))

    op.drop_table('stakeholder')
    with op.batch_alter_table('signal_reading', schema=None) as batch_op:
        batch_op.drop_index('ix_signal_reading_latest')
        batch_op.drop_index('ix_signal_reading_key_date')

    op.drop_table('signal_reading')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_account_id'))

    op.drop_table('risk')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_account_id'))

    op.drop_table('review')
    with op.batch_alter_table('renewal_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renewal_step_account_id'))

    op.drop_table('renewal_step')
    op.drop_table('renewal_plan')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_account_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_account_id'))

    op.drop_table('objective')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_account_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_account_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('health_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_snapshot_account_id'))

    op.drop_table('health_snapshot')
    with op.batch_alter_table('health_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_override_account_id'))

    op.drop_table('health_override')
    op.drop_table('handoff')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_account_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('expansion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expansion_account_id'))

    op.drop_table('expansion')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_account_id'))

    op.drop_table('commitment')
    with op.batch_alter_table('cadence_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadence_item_account_id'))

    op.drop_table('cadence_item')
    op.drop_table('artifact_touch')
    with op.batch_alter_table('arr_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_arr_event_account_id'))

    op.drop_table('arr_event')
    op.drop_table('handover_log')
    op.drop_table('book_meta')
    op.drop_table('book')
    op.drop_table('account')
