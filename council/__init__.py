"""Council: the platform of a city's consultative council of foreign residents."""

from flask import Flask, g
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, config_from_env


def create_app(config: type[Config] | None = None, overrides: dict | None = None) -> Flask:
    config = config or config_from_env()
    config.validate()
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_object(config)
    app.config.update(overrides or {})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    if app.config.get("PROXY_FIX"):  # outermost: the page cache sees the visitor's scheme/host
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def _init_extensions(app: Flask) -> None:
    from council import (
        database,  # noqa: F401 — registers the SQLite connection pragmas
        errors,
        i18n,
        models,
        pagecache,
        permissions,
        security,
        templating,
    )
    from council.accounts import session  # noqa: F401 — registers the user loader
    from council.extensions import babel, csrf, db, limiter, login_manager, migrate

    models.import_all()
    db.init_app(app)
    pagecache.init_app(app)  # first: its after_request hook runs last, on the final response
    migrate.init_app(
        app,
        db,
        render_as_batch=True,
        compare_type=True,
        include_name=models.include_in_migrations,
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # our login page says why on its own
    login_manager.session_protection = "basic"
    babel.init_app(app, locale_selector=i18n.select_locale)
    # Permissions are checked before CSRF so an unauthorised POST is a 403, not a 400.
    permissions.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    app.before_request(_resolve_locale_early)
    from council.mail.hooks import init_app as init_mail

    init_mail(app)


def _resolve_locale_early() -> None:
    # Resolving the locale now lets `?lang=` be remembered even on pages without text.
    g.locale_code = str(get_locale())


def _register_blueprints(app: Flask) -> None:
    from council.accounts import bp as auth_bp
    from council.accounts import invitations_bp
    from council.admin import bp as admin_bp
    from council.api import bp as api_bp
    from council.api import init_app as init_api
    from council.comments import bp as comments_bp
    from council.integrations import bp as integrations_bp
    from council.main import bp as main_bp
    from council.meetings import bp as meetings_bp
    from council.minutes import bp as minutes_bp
    from council.notifications import bp as notifications_bp
    from council.polls import bp as polls_bp
    from council.proposals import bp as proposals_bp
    from council.proposals import themes_bp
    from council.recommendations import bp as recommendations_bp
    from council.referrals import bp as referrals_bp
    from council.services import bp as services_bp
    from council.translations_content import bp as translations_content_bp

    for blueprint in (
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
        api_bp,
        integrations_bp,
        recommendations_bp,
    ):
        app.register_blueprint(blueprint)
    init_api(app)


def _register_cli(app: Flask) -> None:
    from council.cli import register

    register(app)
