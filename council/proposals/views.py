"""Pages of proposals: list, detail, writing and editing. Buttons live in action_views.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from council.errors import form_transaction
from council.extensions import db
from council.i18n import language
from council.input_guard import query_int
from council.notifications.theme_follows import themes_for
from council.pagecache.values import remembered_count
from council.permissions import anyone, is_member, require_object, requires
from council.proposals import operations, queries, subject
from council.proposals import permissions as can
from council.proposals.blueprint import bp
from council.proposals.choices import (
    chosen_services,
    chosen_theme,
    fill_filter_choices,
    fill_proposal_choices,
    filters_from,
)
from council.proposals.forms import FilterForm, ProposalForm
from council.proposals.models import Proposal, ProposalRevision
from council.proposals.support import cosignature_count, has_cosigned
from council.proposals.text import diff_lines
from council.proposals.timeline import proposal_timeline
from council.translations_content.queries import prefetch_translations
from council.translations_content.reading import counted_read

subject.register()


def load_visible(proposal_id: int) -> Proposal:
    """The proposal if this person may read it; otherwise 404 (a draft's existence is private)."""
    proposal = db.get_or_404(Proposal, proposal_id)
    if not can.can_view_proposal(current_user, proposal):
        abort(404)
    return proposal


@bp.route("/")
@requires(anyone)
def index():
    form = FilterForm(request.args)
    fill_filter_choices(form, str(get_locale()))
    filters = filters_from(form) if form.validate() else queries.Filters()
    page = _page_of(filters)
    asking = queries.drafts_asking_for_support() if is_member(current_user) else []
    # Each card shows its title in the reader's language: one query for the whole page.
    prefetch_translations("proposal", [p.id for p, _support in page.items] + [p.id for p in asking])
    return render_template(
        "proposals/index.html",
        form=form,
        page=page,
        asking=asking,
        theme_follows=themes_for(current_user),
    )


def _page_of(filters) -> queries.Page:
    total = remembered_count(queries.public_count_query(filters))
    number = query_int("page", 1)
    column = queries.keyset_column(filters)
    if column is None:
        return queries.paginate(queries.public_list_query(filters), number, total=total)
    before, after = query_int("before"), query_int("after")
    return queries.keyset_paginate(
        queries.public_list_query(filters), column, before=before, after=after, number=number,
        total=total,
    )  # fmt: skip


@bp.route("/<int:proposal_id>")
@requires(anyone)
def show(proposal_id: int):
    proposal = load_visible(proposal_id)
    page = render_template(
        "proposals/show.html",
        proposal=proposal,
        text_language=language(proposal.language),
        support=cosignature_count(proposal),
        cosigned=has_cosigned(current_user, proposal),
        revisions=_revisions(proposal),
        can=can,
        timeline=proposal_timeline(proposal),
    )
    return counted_read("proposal", proposal.id, page)


@bp.route("/new", methods=["GET", "POST"])
@requires(is_member)
def create():
    form = ProposalForm(language=current_user.locale or str(get_locale()))
    fill_proposal_choices(form, str(get_locale()))
    if request.method == "GET":  # "answer this question" from a referral's page
        form.referral_id.data = query_int("referral")
    if form.validate_on_submit():
        with form_transaction(form, "title") as done:
            proposal = operations.create_proposal(current_user, **_text_fields(form))
        if done:
            flash(_("Your draft is saved. Only you can read it for now."), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, proposal=None)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@requires(is_member)
def edit(proposal_id: int):
    proposal = load_visible(proposal_id)
    require_object(can.is_author(current_user, proposal))
    if not can.can_edit_proposal(current_user, proposal):
        flash(_("This proposal can no longer be edited."), "error")
        return redirect(url_for(".show", proposal_id=proposal.id))
    form = ProposalForm(obj=proposal, seen_version=proposal.version, **_current_choices(proposal))
    fill_proposal_choices(form, str(get_locale()), proposal)
    if form.validate_on_submit():
        with form_transaction(form, "title") as done:
            operations.update_proposal(
                proposal, current_user, seen_version=form.seen_version.data, **_text_fields(form)
            )
        if done:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
        form.seen_version.data = db.session.get(Proposal, proposal_id).version
    return render_template("proposals/form.html", form=form, proposal=proposal)


@bp.route("/<int:proposal_id>/revisions")
@requires(anyone)
def revisions(proposal_id: int):
    proposal = load_visible(proposal_id)
    return render_template(
        "proposals/revisions.html", proposal=proposal, revisions=_revisions(proposal)
    )


@bp.route("/<int:proposal_id>/revisions/<int:number>")
@requires(anyone)
def revision(proposal_id: int, number: int):
    proposal = load_visible(proposal_id)
    by_number = {r.number: r for r in _revisions(proposal)}
    current = by_number.get(number) or abort(404)
    previous = by_number.get(number - 1)
    changes = {
        name: diff_lines(getattr(previous, name, None), getattr(current, name))
        for name in ("title", "body", "summary")
        if previous is None or getattr(previous, name) != getattr(current, name)
    }
    return render_template(
        "proposals/revision.html",
        proposal=proposal,
        revision=current,
        previous=previous,
        changes=changes,
        text_language=language(proposal.language),
    )


def _revisions(proposal) -> list[ProposalRevision]:
    return db.session.scalars(
        db.select(ProposalRevision)
        .where(ProposalRevision.proposal_id == proposal.id)
        .order_by(ProposalRevision.number)
    ).all()


def _current_choices(proposal) -> dict:
    if request.method == "POST":
        return {}
    return {
        "theme_id": proposal.theme_id,
        "service_ids": [s.id for s in proposal.services],
        "referral_id": proposal.referral_id,
    }


def _text_fields(form) -> dict:
    return {
        "title": form.title.data,
        "body": form.body.data,
        "summary": form.summary.data,
        "theme": chosen_theme(form),
        "language": form.language.data,
        "services": chosen_services(form),
        "referral_id": form.referral_id.data,
    }
