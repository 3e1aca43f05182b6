"""near-duplicate index: MinHash signatures and LSH band keys of stored articles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:35:00

Articles stored before this revision are not in the index; they are still found by their
canonical URL and content hash.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('article_signatures',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_table('signature_bands',
    sa.Column('band_key', sa.String(length=24), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band_key', 'article_id')
    )
    with op.batch_alter_table('signature_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_bands_article_id'), ['article_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signature_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_bands_article_id'))

    op.drop_table('signature_bands')
    op.drop_table('article_signatures')
