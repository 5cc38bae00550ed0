"""
Settings for the newsroom, read from the environment.

The defaults suit a laptop: SQLite and uploads under ``var/``, a local-memory
cache and email printed to the console. Production sets ``DATABASE_URL``,
``REDIS_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and the HTTPS switches.
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import process_figure
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG")


def _secret_key():
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    # Serving a site (WSGI/ASGI) without a real key is refused; management commands on a laptop
    # (manage.py check, migrate, shell) may fall back to the laptop key under var/.
    if not DEBUG and not env_bool("NEWSROOM_MANAGEMENT_COMMAND"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work, set DEBUG=1 and a key is generated under var/."
        )
    # A laptop key, generated once and kept outside git.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with the desk's site: a second sign-in step for the accounts that need one.
    "accounts.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "reversion",
    "axes",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "corsheaders",
    "accounts.apps.AuthenticatorAppsConfig",
    "accounts.apps.RecoveryCodesConfig",
    # The domain, lowest first: pictures, people, stories.
    "media.apps.MediaConfig",
    "authors.apps.AuthorsConfig",
    "articles.apps.ArticlesConfig",
    # Built on the domain: the page cache, the reader's site, imports, the desk, the demo content.
    "pagecache.apps.PageCacheConfig",
    "public.apps.PublicConfig",
    "importer.apps.ImporterConfig",
    "api.apps.ApiConfig",
    "desk.apps.DeskConfig",
    "demo.apps.DemoConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database each request reads (newsroom.replicas), before anything below reads one.
    "newsroom.replicas.ReplicaReadsMiddleware",
    # The content API is public: any origin may read it (no cookie is honoured there, so no credentials).
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache: every API request counts against its caller's rate, cached answers too.
    "api.middleware.ContentApiMiddleware",
    # Outside the page cache, which keeps only the query parameters public views read: /?p=123 is a story's
    # address on the WordPress site the newsroom moved from.
    "public.middleware.FormerAddressMiddleware",
    # Outside the security headers: a stored page keeps the headers it was first served with, so a
    # hit does not build the policies again.
    "pagecache.middleware.PageCacheMiddleware",
    "newsroom.security.PermissionsPolicyMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified when this session passed the second sign-in step.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees every login attempt the admin makes.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins while an account/address pair is locked out, then hands over to Django.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once on a laptop.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Read replicas (comma-separated URLs): readers' pages read from one, the desk and every write use the
# primary (newsroom.replicas). A test run reads the replicas' copy of the test database (MIRROR).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
# How long a staff member reads the primary after their own change, wherever they go.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else memory local to the process.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            # Each process's own: room for a thousand pages (Django's default of 300 would keep
            # dropping a busy site's pages); Redis is the cache to share between workers.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 1000)},
        }
    }

# Public pages: kept up to PAGE_CACHE_SECONDS (never past the second a scheduled story falls due),
# and marked for a CDN with a short max-age, the same on every page whatever is scheduled.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 300)
# The state every request reads is a prepared statement on PostgreSQL; a connection pooler in
# transaction mode (PgBouncer's default) shares connections between clients, so turn it off there.
PAGE_CACHE_PREPARED = env_bool("PAGE_CACHE_PREPARED", True)
# On PostgreSQL each process hears of changes (LISTEN/NOTIFY) on a connection of its own instead of
# reading the state on every request. Through a pooler in transaction mode, turn it off too.
PAGE_CACHE_LISTEN = env_bool("PAGE_CACHE_LISTEN", True)
# A CDN in front is purged of the pages each change made stale (``pagecache.purging``): fastly,
# cloudflare, varnish, or none. A failed purge is made again, waiting twice as long each time.
CDN_PURGE = os.environ.get("CDN_PURGE", "none").strip().lower() or "none"
if CDN_PURGE not in {"none", "fastly", "cloudflare", "varnish"}:
    raise ImproperlyConfigured(f"CDN_PURGE is fastly, cloudflare, varnish or none, not {CDN_PURGE!r}.")
CDN_PURGE_ATTEMPTS = env_int("CDN_PURGE_ATTEMPTS", 5)
CDN_PURGE_RETRY_SECONDS = env_int("CDN_PURGE_RETRY_SECONDS", 2)
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 10)
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "https://api.fastly.com").rstrip("/")
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
CLOUDFLARE_API_URL = os.environ.get("CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4").rstrip("/")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
# Each Varnish server in front, by the address its VCL takes BAN requests on.
VARNISH_URLS = [url.rstrip("/") for url in env_list("VARNISH_URLS")]
# Story teasers each process keeps drawn (``public.teasers``), the least recently shown let go first:
# some 2 KB each.
KEPT_TEASERS = env_int("KEPT_TEASERS", 5000)

# The content API (/api/v1/): requests a minute for an anonymous address, and the default for a
# partner's key (each key may have its own), counted in the shared cache across workers.
API_ANONYMOUS_REQUESTS_PER_MINUTE = env_int("API_ANONYMOUS_REQUESTS_PER_MINUTE", 60)
API_KEY_REQUESTS_PER_MINUTE = env_int("API_KEY_REQUESTS_PER_MINUTE", 1200)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "x-api-key")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
CORS_PREFLIGHT_MAX_AGE = 86400

# How often an open story form keeps a recovery copy of what has been typed.
ADMIN_AUTOSAVE_SECONDS = env_int("ADMIN_AUTOSAVE_SECONDS", 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-us")
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

SITE_NAME = os.environ.get("SITE_NAME", "The Orbital Desk")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Space exploration news and analysis")
# The public origin, used for canonical URLs, feeds, sitemaps and structured data. Unset, it is the
# development server's own address: `make run PORT=8123` serves on 127.0.0.1:8123 and passes PORT on.
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

# Static files: hashed names, served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploads live under var/uploads/, never in the ``media`` package.
MEDIA_URL = os.environ.get("MEDIA_URL", "/uploads/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))

STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DEFAULT_FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Pictures in S3-compatible object storage when a bucket is named (media.storage): originals stay private
# and reach readers and the desk through the app at MEDIA_URL; renditions are public, at RENDITIONS_URL
# (a CDN in front of the bucket; the bucket's own address unless set). The credentials come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from the machine's role.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
# Where pages' pictures come from besides the site itself (the Content-Security-Policy lets them in).
PICTURE_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/")
    _region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    _bucket_url = (
        f"{_endpoint}/{AWS_STORAGE_BUCKET_NAME}/"
        if _endpoint
        else f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region or 'us-east-1'}.amazonaws.com/"
    )
    RENDITIONS_URL = os.environ.get("RENDITIONS_URL", "").strip() or _bucket_url
    PICTURE_ORIGINS.append("{0.scheme}://{0.netloc}".format(urlsplit(RENDITIONS_URL)))
    STORAGES["default"] = {
        "BACKEND": "media.storage.PictureStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            # S3-compatible servers on an address of their own name the bucket in the path.
            "addressing_style": "path" if _endpoint else None,
            "renditions_url": RENDITIONS_URL.rstrip("/") + "/",
            "renditions_acl": os.environ.get("RENDITIONS_ACL", "public-read").strip(),
            "originals_url": MEDIA_URL,
        },
    }

# The app serves uploads itself on a laptop, and originals from a private bucket; production serves other
# storages' files from the storage or a CDN.
SERVE_UPLOADS = env_bool("SERVE_UPLOADS", DEBUG or bool(AWS_STORAGE_BUCKET_NAME))
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Slow work (newsroom.tasks): at once, in the process whose change asked for it, unless TASKS_BACKEND names the
# queue in the database that `manage.py db_worker` processes work through.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip().lower() or "immediate"
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Email: console on a laptop, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe everywhere, HTTPS switches for production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The proxies in front of the app (a load balancer, a CDN): their X-Forwarded-For entries are
# trusted, counted from the right; with none, the header is ignored so nobody can choose an address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY") else 0)

# Login throttling: five failures for one username from one address lock that pair for a while,
# so a stranger's failures never lock the account's owner out from their own address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries made during a lockout are refused without being counted, so the lockout still ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_address"
AXES_VERBOSE = False

# Two-factor sign-in for the desk (django-otp: an authenticator app, plus recovery codes).
# Editors and superusers always, journalists when TWO_FACTOR_FOR_JOURNALISTS is on, and anyone
# who set one up. Off only where DEBUG is on (the demo), unless TWO_FACTOR_REQUIRED says otherwise.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
TWO_FACTOR_FOR_JOURNALISTS = env_bool("TWO_FACTOR_FOR_JOURNALISTS")
OTP_TOTP_ISSUER = SITE_NAME
# Superusers manage colleagues' devices in the admin, without seeing their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Codes typed at the second step are never written to the log of failed attempts.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Content-Security-Policy: strict on the public site, its own policy in the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *PICTURE_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    # The admin's widgets and the editor set inline styles; scripts stay strict.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *PICTURE_ORIGINS],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

HTTPS = env_bool("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Rich text: the editor's extensions are also the server's allowlist. The editor turns the
# browser's spellcheck off unless told otherwise; writers want it on.
PROSE_EDITOR_BODY = {
    "NoSpellCheck": False,
    "FieldName": True,
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto"]},
    "Figure": {"pickerUrl": "/admin/media/image/picker/"},
    "Image": True,
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}
PROSE_EDITOR_BIO = {
    "NoSpellCheck": False,
    "FieldName": True,
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "ListItem": True,
    "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto"]},
}


def allows_no_markup(config, allowlist):
    """The sanitizer's share of an editor extension that changes the editor, not the text."""


# The body's Figure button opens the library's picker, and a figure goes with its caption (static/media).
# Every rich-text box is named after its field's label, for screen readers (static/admin/newsroom).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("media/editor-figure.js")],
        "extensions": {"Figure": process_figure},
    },
    {
        "js": [static_lazy("admin/newsroom/prose-editor-name.js")],
        "extensions": {"FieldName": allows_no_markup},
    },
]

# Logs go to the console: lines of text, or one JSON object a line with LOG_FORMAT=json (for a log collector).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
