"""What every template can use: languages, direction, role-aware navigation."""

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from council.db_types import utcnow
from council.i18n import LOCALES, language
from council.links import absolute_url_for
from council.markdown import render_markdown
from council.moments import moment
from council.permissions import can_invite, is_admin, is_official, is_secretary
from council.plain_text import isolate
from council.roles import Role
from council.translations_content.permissions import can_translate_texts
from council.typography import typography
from council.version import __version__


def lang_url(code: str) -> str:
    """The current page in another language (query string kept, `lang` replaced)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    endpoint = request.endpoint or "main.index"
    view_args = request.view_args or {}
    try:
        return url_for(endpoint, **view_args, **args)
    except Exception:  # error pages have no buildable endpoint: fall back to the home page
        return url_for("main.index", lang=code)


def navigation() -> list[tuple[str, str]]:
    items = [
        (url_for("main.index"), _l("Home")),
        (url_for("proposals.index"), _l("Proposals")),
        (url_for("meetings.index"), _l("Meetings")),
        (url_for("recommendations.index"), _l("Recommendations")),
        (url_for("recommendations.dashboard"), _l("City responses")),
        (url_for("referrals.index"), _l("Questions from the city")),
        (url_for("services.index"), _l("Services")),
        (url_for("minutes.search"), _l("Search")),
    ]
    if current_user.is_authenticated:
        items.append((url_for("main.home"), _l("My page")))
        if can_translate_texts(current_user):
            items.append((url_for("translations_content.queue"), _l("Translate")))
        if is_official(current_user):
            items.append((url_for("recommendations.inbox"), _l("My service’s inbox")))
        if is_secretary(current_user):
            items.append((url_for("comments.moderation_queue_page"), _l("Moderation")))
        if can_invite(current_user):
            items.append((url_for("invitations.index"), _l("Invitations")))
        if is_admin(current_user):
            items.append((url_for("admin.users"), _l("People")))
            items.append((url_for("themes.index"), _l("Themes")))
            items.append((url_for("integrations.index"), _l("Integrations")))
            items.append((url_for("admin.mail"), _l("Outgoing mail")))
    return items


def council_name():
    return _l("Council of foreign residents")


def bdi(value) -> Markup:
    """Isolate user text inside a sentence, so an Arabic name does not reorder French words."""
    return Markup("<bdi>{}</bdi>").format(value)


def init_app(app: Flask) -> None:
    app.add_template_filter(bdi)
    app.add_template_filter(isolate)
    app.add_template_filter(moment)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(typography)
    app.add_template_global(absolute_url_for)

    @app.context_processor
    def inject_page_context():
        current = language(str(get_locale()))
        return {
            "LANGUAGES": LOCALES,
            "current_language": current,
            "lang_url": lang_url,
            "navigation": navigation,
            "Role": Role,
            "council_name": council_name(),
            "now": utcnow,
            "council_version": __version__,
        }
