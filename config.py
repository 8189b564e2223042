"""Class-based configuration, read from environment variables.

`COUNCIL_ENV` picks the class (development, testing, production). Production refuses to start
with the default secret key, because every session and every emailed link is signed with it.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("COUNCIL_INSTANCE_DIR", BASE_DIR / "instance"))
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 — refused in production


def database_url(raw: str | None) -> str:
    """Normalise DATABASE_URL so that PostgreSQL always goes through psycopg 3."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'council.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def default_base_url() -> str:
    """Where emailed links point: BASE_URL, else the development server on PORT (which
    `make run PORT=8080` sets), else Flask's usual port."""
    return os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"


def trusted_hosts(base_url: str, extra: str | None, *always: str) -> list[str]:
    """The host names requests may use: BASE_URL's, plus TRUSTED_HOSTS (comma-separated, e.g.
    an internal name a health check uses). Any other Host header is answered 400."""
    hosts = [urlsplit(base_url).hostname or "", *always, *(extra or "").split(",")]
    return sorted({host.strip().lower() for host in hosts if host.strip()})


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # Former keys, comma-separated, while rotating SECRET_KEY: old sessions and links stay
    # valid, and secret ballots sealed under an old key still open at the close.
    SECRET_KEY_FALLBACKS = [
        key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
    ]
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # A database that is down, locked or frozen fails a request in seconds (a 503 page) instead
    # of holding the worker: see council/database.py.
    DATABASE_CONNECT_TIMEOUT = float(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "10"))
    INSTANCE_DIR = INSTANCE_DIR

    # Public base URL used in emailed links (invitations, password resets), API links, feeds.
    BASE_URL = default_base_url()
    # Flask refuses (400) a request whose Host header is not one of these (issue 11: a forged
    # Host went into API links).
    TRUSTED_HOSTS = trusted_hosts(BASE_URL, os.environ.get("TRUSTED_HOSTS"))

    # The accessibility statement (RGAA): who to write to when a page cannot be used, and the
    # date the statement was last established (update it after each audit).
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
        "ACCESSIBILITY_CONTACT_EMAIL", "accessibilite@ville.example"
    )
    ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-25")

    # The help guides (docs/guides/) and their pictures (docs/screenshots/), served at /help.
    HELP_DIR = os.environ.get("COUNCIL_HELP_DIR", str(BASE_DIR / "docs"))

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # A larger request body is refused (413) before it is read; the routes that take files
    # have their own limit (ATTACHMENT_MAX_BYTES and room for the form).
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(2 * 2**20)))

    WTF_CSRF_TIME_LIMIT = None  # a member may take an hour to write; the session still binds it
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SECURE_COOKIES = False
    HSTS = False

    # werkzeug's scrypt: memory-hard; parameters are stored with each hash so they can change.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:1"  # noqa: S105 — an algorithm name
    PASSWORD_MIN_LENGTH = 12
    INVITATION_DAYS = 7
    PASSWORD_RESET_MINUTES = 60

    # Failed-login throttling, shared by all workers through Redis in production.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get(
        "REDIS_URL", "memory://"
    )
    # Public pages for visitors without an account: `memory://` (one machine), `redis://…`
    # (shared by every machine) or `off`; see council/pagecache/__init__.py.
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL") or os.environ.get("REDIS_URL", "memory://")
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    PAGE_CACHE_PREFIX = os.environ.get("PAGE_CACHE_PREFIX", "council:page:")
    # A signed-in person's pages, kept in the same store for that one session only (see
    # council/pagecache/private.py); "0" turns it off.
    PRIVATE_PAGE_CACHE = os.environ.get("PRIVATE_PAGE_CACHE", "1") != "0"
    PRIVATE_PAGE_CACHE_SECONDS = int(os.environ.get("PRIVATE_PAGE_CACHE_SECONDS", "60"))
    # Redis is given this long to answer; when it does not, counters fall back to each
    # process's memory (logged as degraded) and Redis is tried again after RETRY seconds.
    RATELIMIT_STORAGE_TIMEOUT = float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT", "1"))
    RATELIMIT_RETRY_SECONDS = float(os.environ.get("RATELIMIT_RETRY_SECONDS", "30"))
    # The counters' keys in Redis start with this: give each site sharing a Redis its own.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "LIMITS")
    # Reads of public texts are added to their counts at most this often (seconds).
    READ_COUNT_SECONDS = 10
    # Counted per account *from one address* (an attacker elsewhere never blocks the member's
    # own address), per address (one address trying many accounts) and per account from all
    # addresses (many addresses against one account); an emailed sign-in link or a password
    # reset lifts the account's block. IPv6 addresses count by /64 network.
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = "5 per 15 minutes"
    LOGIN_FAILURES_PER_ADDRESS = "20 per 15 minutes"
    LOGIN_FAILURES_PER_ACCOUNT = "50 per hour"
    SECOND_FACTOR_FAILURES_PER_ACCOUNT = "5 per 15 minutes"
    # Emailed links (password reset, sign-in link) asked per address and per typed address.
    EMAILED_LINKS_PER_ADDRESS = "10 per hour"
    EMAILED_LINKS_PER_ACCOUNT = "3 per hour"
    SIGN_IN_LINK_MINUTES = 15

    # Sessions. A shared phone in a community centre is the case to design for: a session
    # left open ends after 30 minutes without a request, and any session after 12 hours.
    # "Stay logged in" (the person's own device) skips the idle limit and lasts at most
    # REMEMBER_DAYS (never more than 30).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    REMEMBER_DAYS = int(os.environ.get("REMEMBER_DAYS", "30"))
    # Time to type the code of the authenticator app after the password.
    SECOND_FACTOR_PENDING_MINUTES = 5

    # Security events (logins, failures, 2FA, role changes, refusals) are kept this long;
    # `flask security purge` (daily, from cron) deletes older ones.
    SECURITY_EVENTS_DAYS = int(os.environ.get("SECURITY_EVENTS_DAYS", "180"))

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")  # smtp | file
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "conseil@localhost")
    MAIL_MAX_ATTEMPTS = 6
    # Seconds the SMTP server has to answer each step (a server that accepts the connection
    # and never answers costs this long, not a stuck sender).
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # A message claimed longer ago than this (its sender died) is taken again.
    MAIL_CLAIM_TIMEOUT = 300
    # How long a sender waits for the database to record that a message went out.
    MAIL_RECORD_PATIENCE = 300
    # Deliver the outbox at the end of the request that filled it (development convenience);
    # production runs `flask mail deliver --loop` as its own process instead.
    MAIL_DELIVER_AFTER_REQUEST = env_bool("MAIL_DELIVER_AFTER_REQUEST", False)
    # At most this many messages per request, so one request never waits on a slow SMTP server
    # for long (None: all of them).
    MAIL_DELIVER_AFTER_REQUEST_LIMIT: int | None = 20

    # Minutes are approved by a vote at a later meeting; a council may also let its bureau
    # approve them (with a recorded decision). The working language is the default language
    # declared on the secretary's passages.
    # Retention (`flask retention purge`, daily): days a record is kept once it has served.
    RETENTION_INVITATION_DAYS = int(os.environ.get("RETENTION_INVITATION_DAYS", "30"))
    RETENTION_PASSWORD_RESET_DAYS = int(os.environ.get("RETENTION_PASSWORD_RESET_DAYS", "7"))
    RETENTION_OUTBOX_DAYS = int(os.environ.get("RETENTION_OUTBOX_DAYS", "30"))
    RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS = int(
        os.environ.get("RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS", "7")
    )

    MINUTES_BUREAU_APPROVAL = env_bool("MINUTES_BUREAU_APPROVAL", False)
    MINUTES_WORKING_LANGUAGE = os.environ.get("MINUTES_WORKING_LANGUAGE", "fr")

    # Attachments (council/attachments): where their bytes live (`database`, the default, or
    # `s3`: see README "Attachments"), how large a file and all the files of one object may be,
    # and the bounds that refuse decompression bombs. The request limit of the routes that take
    # files is ATTACHMENT_MAX_BYTES plus room for the form's fields.
    ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", "database")
    ATTACHMENT_S3_BUCKET = os.environ.get("ATTACHMENT_S3_BUCKET", "")
    ATTACHMENT_S3_PREFIX = os.environ.get("ATTACHMENT_S3_PREFIX", "attachments/")
    ATTACHMENT_S3_ENDPOINT_URL = os.environ.get("ATTACHMENT_S3_ENDPOINT_URL", "")
    ATTACHMENT_S3_REGION = os.environ.get("ATTACHMENT_S3_REGION", "")
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 2**20)))
    ATTACHMENTS_MAX_BYTES_PER_OBJECT = int(
        os.environ.get("ATTACHMENTS_MAX_BYTES_PER_OBJECT", str(60 * 2**20))
    )
    ATTACHMENT_MAX_IMAGE_PIXELS = int(os.environ.get("ATTACHMENT_MAX_IMAGE_PIXELS", "50000000"))
    ATTACHMENT_IMAGE_MAX_SIDE = 2000
    ATTACHMENT_PREVIEW_SIDE = 480
    ATTACHMENT_ZIP_MAX_MEMBERS = 2000
    ATTACHMENT_ZIP_MAX_RATIO = 100
    ATTACHMENT_MAX_UNPACKED = 200 * 2**20

    @classmethod
    def validate(cls) -> None:
        """Raise when the configuration is unsafe for this environment."""
        if not 1 <= cls.REMEMBER_DAYS <= 30:
            raise RuntimeError("REMEMBER_DAYS must be between 1 and 30")
        if cls.SESSION_IDLE_MINUTES < 1 or cls.SESSION_MAX_HOURS < 1:
            raise RuntimeError("SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be positive")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    TRUSTED_HOSTS = trusted_hosts(
        Config.BASE_URL, os.environ.get("TRUSTED_HOSTS"), "localhost", "127.0.0.1"
    )
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_DELIVER_AFTER_REQUEST = env_bool("MAIL_DELIVER_AFTER_REQUEST", True)
    # Writing .eml files is quick: deliver everything waiting, so that the mail a newcomer
    # triggers appears in instance/mail/ at once even behind the demo's own mail.
    MAIL_DELIVER_AFTER_REQUEST_LIMIT = None


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'test.db'}"
    )
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests count each request's statements: pages are rendered every time, unless a test
    # turns the cache on (tests/test_page_cache.py).
    PAGE_CACHE_URL = "off"
    READ_COUNT_SECONDS = 0  # tests read the counts right after the page
    # SQLite's busy timeout (how long a writer waits for the lock) is this too: the suite runs
    # in one process per core beside other work, and fifty ballots at once must queue, not
    # fail. Tests of the timeout itself set their own (tests/test_faults_database.py).
    DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "30"))
    # Same algorithm, cheaper cost: the suite hashes hundreds of passwords.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 — an algorithm name
    MAIL_BACKEND = "file"
    SERVER_NAME = None
    TRUSTED_HOSTS = None  # the test client says "localhost"; tests/test_hosts.py sets it


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SECURE_COOKIES = True
    HSTS = True

    @classmethod
    def validate(cls) -> None:
        super().validate()
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEFAULT_SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("COUNCIL_ENV", "development")]
