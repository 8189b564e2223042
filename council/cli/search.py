"""`flask search reindex`: rebuild the search index of every proposal and published minutes
(after a change of how words are folded or stemmed; migration 0010 did it once)."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from council.extensions import db
from council.minutes.models import Minutes, MinutesState
from council.minutes.operations import index_minutes
from council.proposals.models import Proposal
from council.proposals.translatable import reindex as reindex_proposal


@click.group("search", help="Full-text search of proposals and minutes.")
def search_cli():
    pass


@search_cli.command("reindex")
@with_appcontext
def reindex():
    proposals = minutes = 0
    for proposal in db.session.scalars(select(Proposal)):
        reindex_proposal(proposal)
        proposals += 1
    published = select(Minutes).where(Minutes.state == MinutesState.PUBLISHED)
    for record in db.session.scalars(published):
        index_minutes(record)
        minutes += 1
    db.session.commit()
    click.echo(f"reindexed {proposals} proposals and {minutes} published minutes")
