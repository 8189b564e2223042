"""Council: the platform of a city's consultative council of foreign residents."""

from flask import Flask, g, request
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
    # Imported here, as in the two functions below: `import council.<anything>` runs this file
    # first, and importing a model must not load the app's machinery.
    from council import (
        database,
        errors,
        i18n,
        input_guard,
        load_watch,
        models,  # every domain's models, before the database is set up
        pagecache,
        permissions,
        receivers,  # noqa: F401 — connects the receivers of council.signals
        security,
        templating,
    )
    from council.accounts import session  # also registers the user loader
    from council.attachments.setup import init_app as attachments_init_app
    from council.extensions import babel, csrf, db, limiter, login_manager, migrate
    from council.mail.hooks import init_app as init_mail
    from council.pagecache import private as private_pages

    input_guard.register_converters(app)  # before any route is added
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(app.config)
    db.init_app(app)
    pagecache.init_app(app)  # first: its after_request hook runs last, on the final response
    database.init_app(app)
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
    # Sessions are checked (expiry, second factor to set up) before the route's permission,
    # and permissions before CSRF so an unauthorised POST is a 403, not a 400.
    session.init_app(app)
    permissions.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    attachments_init_app(app)
    input_guard.init_app(app)  # after the permission gate, CSRF and the upload limit
    load_watch.init_app(app)
    app.before_request(_resolve_locale_early)
    init_mail(app)
    private_pages.init_app(app)  # last: after every check, and its store hook runs first


def _resolve_locale_early() -> None:
    if request.endpoint == "static":
        return  # static files are served even when the database (the account's language) is down
    # Resolving the locale now lets `?lang=` be remembered even on pages without text.
    g.locale_code = str(get_locale())


def _register_blueprints(app: Flask) -> None:
    # Imported here: `import council.polls.models` must not load the web layer.
    from council import web
    from council.api.blueprint import init_app as init_api

    for blueprint in web.BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_api(app)


def _register_cli(app: Flask) -> None:
    # Imported here: the commands import most of the project.
    from council.cli import register

    register(app)
