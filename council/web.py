"""The web layer: every blueprint, and the modules that add routes, template filters and
globals to them. Only `create_app` imports this module, so importing a model, an operation or
the CLI never loads a view."""

from council.accounts import invitation_views as _accounts_invitation_views
from council.accounts import login_views as _accounts_login_views
from council.accounts import two_factor_views as _accounts_two_factor_views
from council.accounts import views as _accounts_views
from council.accounts.blueprint import bp as auth_bp
from council.accounts.blueprint import invitations_bp
from council.admin import mail_views as _admin_mail_views
from council.admin import views as _admin_views
from council.admin.blueprint import bp as admin_bp
from council.api import proposal_views as _api_proposal_views
from council.api import recommendation_views as _api_recommendation_views
from council.api import views as _api_views
from council.api import webhook_views as _api_webhook_views
from council.api.blueprint import bp as api_bp
from council.attachments import presentation as _attachments_presentation
from council.attachments import serving as _attachments_serving
from council.attachments import views as _attachments_views
from council.attachments.blueprint import bp as attachments_bp
from council.comments import moderation_views as _comments_moderation_views
from council.comments import views as _comments_views
from council.comments.blueprint import bp as comments_bp
from council.help import views as _help_views
from council.help.blueprint import bp as help_bp
from council.integrations import views as _integrations_views
from council.integrations.blueprint import bp as integrations_bp
from council.main import menu_views as _main_menu_views
from council.main import views as _main_views
from council.main.blueprint import bp as main_bp
from council.meetings import views_member as _meetings_member_views
from council.meetings import views_public as _meetings_public_views
from council.meetings import views_secretary as _meetings_secretary_views
from council.meetings.blueprint import bp as meetings_bp
from council.minutes import views_public as _minutes_public_views
from council.minutes import views_reports as _minutes_report_views
from council.minutes import views_secretary as _minutes_secretary_views
from council.minutes import views_subscribe as _minutes_subscribe_views
from council.minutes.blueprint import bp as minutes_bp
from council.notifications import views as _notifications_views
from council.notifications import views_public_follow as _public_follow_views
from council.notifications.blueprint import bp as notifications_bp
from council.polls import views as _polls_views
from council.polls import views_secretary as _polls_secretary_views
from council.polls import views_verify as _polls_verify_views
from council.polls.blueprint import bp as polls_bp
from council.privacy import views as _privacy_views
from council.privacy.blueprint import bp as privacy_bp
from council.proposals import action_views as _proposals_action_views
from council.proposals import presentation as _proposals_presentation
from council.proposals import theme_views as _proposals_theme_views
from council.proposals import views as _proposals_views
from council.proposals.blueprint import bp as proposals_bp
from council.proposals.blueprint import themes_bp
from council.recommendations import views_exports as _recommendations_export_views
from council.recommendations import views_official as _recommendations_official_views
from council.recommendations import views_public as _recommendations_public_views
from council.recommendations import views_secretary as _recommendations_secretary_views
from council.recommendations.blueprint import bp as recommendations_bp
from council.referrals import views as _referrals_views
from council.referrals.blueprint import bp as referrals_bp
from council.security_events import views as _security_events_views
from council.security_events.blueprint import bp as security_events_bp
from council.services import views as _services_views
from council.services.blueprint import bp as services_bp
from council.translations_content import views as _translations_content_views
from council.translations_content.blueprint import bp as translations_content_bp

# Importing a module above adds its routes to its blueprint; this list is what they are for.
ROUTE_MODULES = (
    _attachments_presentation,
    _attachments_serving,
    _attachments_views,
    _accounts_invitation_views,
    _accounts_login_views,
    _accounts_two_factor_views,
    _accounts_views,
    _admin_mail_views,
    _admin_views,
    _api_proposal_views,
    _api_recommendation_views,
    _api_views,
    _api_webhook_views,
    _comments_moderation_views,
    _comments_views,
    _help_views,
    _integrations_views,
    _main_menu_views,
    _main_views,
    _meetings_member_views,
    _meetings_public_views,
    _meetings_secretary_views,
    _minutes_public_views,
    _minutes_report_views,
    _minutes_secretary_views,
    _minutes_subscribe_views,
    _notifications_views,
    _public_follow_views,
    _polls_views,
    _polls_secretary_views,
    _polls_verify_views,
    _privacy_views,
    _proposals_action_views,
    _proposals_presentation,
    _proposals_theme_views,
    _proposals_views,
    _recommendations_export_views,
    _recommendations_official_views,
    _recommendations_public_views,
    _recommendations_secretary_views,
    _referrals_views,
    _security_events_views,
    _services_views,
    _translations_content_views,
)

# In this order (the first registered wins when two rules match the same URL).
BLUEPRINTS = (
    main_bp,
    auth_bp,
    invitations_bp,
    admin_bp,
    services_bp,
    proposals_bp,
    themes_bp,
    referrals_bp,
    comments_bp,
    notifications_bp,
    meetings_bp,
    minutes_bp,
    polls_bp,
    translations_content_bp,
    attachments_bp,
    help_bp,
    api_bp,
    integrations_bp,
    recommendations_bp,
    security_events_bp,
    privacy_bp,
)
