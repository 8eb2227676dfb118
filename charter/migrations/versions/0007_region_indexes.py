"""region: each organisation's latest assessment reduced, and the indexes the Region's pages need

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa

import charter.db  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('latest_assessment',
    sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('department', sa.String(length=3), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_slug', sa.String(length=60), nullable=False),
    sa.Column('submitted_at', charter.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('index', sa.Double(), nullable=True),
    sa.Column('failed_essentials', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_latest_assessment_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_latest_assessment_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_latest_assessment'))
    )
    with op.batch_alter_table('latest_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_latest_assessment_audience', ['audience', 'department', 'index'], unique=False)

    op.create_table('latest_theme_score',
    sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('theme_id', sa.String(length=80), nullable=False),
    sa.Column('questionnaire_slug', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_latest_theme_score_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', 'theme_id', name=op.f('pk_latest_theme_score'))
    )
    with op.batch_alter_table('latest_theme_score', schema=None) as batch_op:
        batch_op.create_index('ix_latest_theme_score_theme', ['questionnaire_slug', 'theme_id', 'score'], unique=False)
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_org_submitted', ['organization_id', 'status', 'submitted_at', 'questionnaire_version_id'], unique=False)
        batch_op.create_index('ix_assessment_submitted_status', ['submitted_at', 'status', 'questionnaire_version_id'], unique=False)
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index('ix_signature_signed_at', ['signed_at'], unique=False)
    _backfill()


def _backfill():
    """Derive the rows of every organisation's latest submitted assessment already stored
    (the same rows as charter.services.statistics.latest_rows, written out here so that the
    migration does not change when the application code does)."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT a.id, a.organization_id, a.submitted_at, a.result, v.slug, v.audience, "
        "o.department FROM assessment a "
        "JOIN questionnaire_version v ON v.id = a.questionnaire_version_id "
        "JOIN organization o ON o.id = a.organization_id "
        "WHERE a.status = 'submitted' "
        "ORDER BY a.organization_id, a.submitted_at DESC, a.id DESC"
    )).all()
    latest, themes, seen = [], [], set()
    for assessment_id, organization_id, submitted_at, result, slug, audience, department in rows:
        if organization_id in seen:
            continue
        seen.add(organization_id)
        result = json.loads(result) if isinstance(result, str) else (result or {})
        latest.append({
            "organization_id": organization_id, "audience": audience, "department": department,
            "assessment_id": assessment_id, "questionnaire_slug": slug,
            "submitted_at": submitted_at, "index": result.get("index"),
            "failed_essentials": len(result.get("failed_essentials") or ()),
        })
        if audience == "sme":
            themes += [
                {"organization_id": organization_id, "theme_id": t["id"],
                 "questionnaire_slug": slug, "score": t["score"]}
                for t in result.get("themes", ()) if t.get("score") is not None
            ]
    tables = {
        name: sa.table(name, *(sa.column(c) for c in columns))
        for name, columns in (
            ("latest_assessment", ("organization_id", "audience", "department", "assessment_id",
                                   "questionnaire_slug", "submitted_at", "index",
                                   "failed_essentials")),
            ("latest_theme_score", ("organization_id", "theme_id", "questionnaire_slug", "score")),
        )
    }
    if latest:
        connection.execute(tables["latest_assessment"].insert(), latest)
    if themes:
        connection.execute(tables["latest_theme_score"].insert(), themes)


def downgrade():
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index('ix_signature_signed_at')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_submitted_status')
        batch_op.drop_index('ix_assessment_org_submitted')
    with op.batch_alter_table('latest_theme_score', schema=None) as batch_op:
        batch_op.drop_index('ix_latest_theme_score_theme')
    op.drop_table('latest_theme_score')
    with op.batch_alter_table('latest_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_latest_assessment_audience')
    op.drop_table('latest_assessment')
