"""Settings for the Selvhjelp portal.

Everything that differs between machines comes from environment variables (see
docs/configuration.md). The defaults are safe for a developer's laptop: SQLite, an
in-process cache, Celery on kombu's filesystem transport and email printed to the
console. With ``SELVHJELP_ENV=production`` the portal refuses to start on an unsafe
value instead of falling back to a default.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

ENVIRONMENT = env.str("SELVHJELP_ENV", default="development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"SELVHJELP_ENV must be development, test or production, not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

_INSECURE_SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_INSECURE_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=ENVIRONMENT == "development")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    # The portal's own apps, in layering order: later ones may import earlier ones.
    "regions",
    "accounts",
    "contactpoints",
    "groups",
    "events",
    "enquiries",
    "notifications",
    # Last: project-wide templates tags and commands (seed_demo).
    "selvhjelp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "selvhjelp.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns django-ratelimit's refusal into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "accounts.middleware.RequireTwoFactorForRegionAdminsMiddleware",
]

if PRODUCTION:
    # Serves the collected, hashed files; in development runserver serves static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "selvhjelp.urls"
WSGI_APPLICATION = "selvhjelp.wsgi.application"
ASGI_APPLICATION = "selvhjelp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file under `make run`.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_REDIS_URL", default=REDIS_URL),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="selvhjelp"),
            # An unreachable Redis must not hang a request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One process serves the site under `make run`, so a local-memory cache is real
    # enough for allauth's rate limits there.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database so web processes keep no local state.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Accounts -----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Everyone with an account works at a contact point or a district office.
LOGIN_REDIRECT_URL = "workspace:index"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Selvhjelp] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, made a little stricter for failed sign-ins.
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Selvhjelp"

# --- Email --------------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Selvhjelp <ikke-svar@selvhjelp.local>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where links in emails and SMS point (the portal's public address).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="selvhjelp.local")
# How long a link inviting someone to a contact point's team works.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)

# --- Retention (notifications/retention.py, nightly) ----------------------------------

ENQUIRY_RETENTION_DAYS = env.int("ENQUIRY_RETENTION_DAYS", default=183)  # after closing
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=30)  # after event
INTEREST_RETENTION_DAYS = env.int("INTEREST_RETENTION_DAYS", default=365)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=90)
# Rows of the enquiry access log (who read which enquiry), by the time of the reading.
ENQUIRY_ACCESS_LOG_RETENTION_DAYS = env.int("ENQUIRY_ACCESS_LOG_RETENTION_DAYS", default=730)

# --- Text messages (notifications/sms.py) ---------------------------------------------

SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.sms.ConsoleSmsBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(VAR_DIR / "sms.log"))
SMS_SENDER = env.str("SMS_SENDER", default="Selvhjelp")
SMS_SVEVE_USER = env.str("SMS_SVEVE_USER", default="")
SMS_SVEVE_PASSWORD = env.str("SMS_SVEVE_PASSWORD", default="")
SMS_SVEVE_TEST = env.bool("SMS_SVEVE_TEST", default=False)

# --- Celery -------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Publishing from a web request gives up at once when Redis is down (the outbox
    # sweep sends the message later); workers reconnect with their own retry loop.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Oslo"
# A web request that queues a task must not hang when the broker is down: fail fast,
# the outbox sweep sends the message later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The static beat schedule lives in selvhjelp/celery.py, next to the tasks it names.

# --- Language and time --------------------------------------------------------------

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files and front end ------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Every asset is self-hosted: public pages make no third-party requests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing frames the portal; the embeddable lists for municipalities' pages lift this
# for their own responses only.
X_FRAME_OPTIONS = "DENY"
# No file uploads: a form body beyond this is refused with a 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# --- Public forms: spam and abuse resistance (selvhjelp/abuse.py) -------------------

PUBLIC_FORM_MIN_FILL_SECONDS = env.int("PUBLIC_FORM_MIN_FILL_SECONDS", default=3)
PUBLIC_FORM_RATE = env.str("PUBLIC_FORM_RATE", default="20/h")
RATELIMIT_VIEW = "selvhjelp.abuse.ratelimited_view"
# Which request header holds the client's address. Behind a load balancer that sets
# X-Forwarded-For, use "HTTP_X_FORWARDED_FOR" only if it overwrites what clients send.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# If the cache (Redis) is down, let people through: a resident in need must reach a
# contact point; the honeypot and the fill-time check still stand.
RATELIMIT_FAIL_OPEN = True
# django_ratelimit is not an installed app, so its cache checks (which flag even
# Django's RedisCache) do not run; production counts in Redis.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # Subdomains and the preload list are the domain owner's decision.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Refuse unsafe production values --------------------------------------------------


def _check_production_settings():
    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG must be off")
    if SECRET_KEY == _INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
        problems.append("DJANGO_SECRET_KEY must be set to a random value of 50+ characters")
    if not env.str("DJANGO_ALLOWED_HOSTS", default=""):
        problems.append("DJANGO_ALLOWED_HOSTS must name the site's host names")
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not REDIS_URL:
        problems.append("REDIS_URL must be set (cache, rate limits and the Celery broker)")
    if CELERY_BROKER_URL.startswith("filesystem://"):
        problems.append("CELERY_BROKER_URL must not be the filesystem transport")
    if not (EMAIL_BACKEND.endswith("smtp.EmailBackend") or EMAIL_BACKEND.startswith("anymail.")):
        problems.append("EMAIL_URL must name a real mail server (smtp:// or an anymail backend)")
    if not env.str("SITE_URL", default=""):
        problems.append("SITE_URL must be the portal's public address (links in messages)")
    if SMS_BACKEND.rsplit(".", 1)[-1] in {"ConsoleSmsBackend", "FakeSmsBackend"}:
        problems.append(
            "SMS_BACKEND must send or keep text messages (a gateway, or FileSmsBackend)"
        )
    if DEFAULT_FROM_EMAIL.endswith(".local>"):
        problems.append("DEFAULT_FROM_EMAIL must be an address mail servers accept")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with SELVHJELP_ENV=production: " + "; ".join(problems) + "."
        )


if PRODUCTION:
    _check_production_settings()
