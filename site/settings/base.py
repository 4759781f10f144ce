"""Settings shared by every environment.

Safe for production on its own: DEBUG is off and the secret key only comes from the
environment. dev.py and test.py relax it; production.py hardens it. Everything a deployer
may change is read from the environment and documented in `.env.example`.
"""

from datetime import timedelta
from pathlib import Path

import environ

from search.config import backends_from_environment

CONFIG_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = CONFIG_DIR.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "resources",
    "bases",
    "search",
    "home.signup",
    "wagtailmedia",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    # After axes and auth: its post_migrate handler grants the editors the unlock permission.
    "home.security",
]

MIDDLEWARE = [
    # The page cache (home/page_cache.py) comes first: a hit is answered before anything below
    # runs (it replays the headers they added to the response it stored); a miss is stored
    # with the final response of the whole chain.
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS headers of the open-data API (/api/), before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Base and reviewer accounts: admin URLs naming a page outside their scope are refused.
    "bases.middleware.AdminScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy and Permissions-Policy headers (home/security/headers.py).
    "home.security.headers.SiteCSPMiddleware",
    "home.security.headers.PermissionsPolicyMiddleware",
    # Turns a login refused by the lockout into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

# Login lockout (django-axes, home/security/lockout.py): after LOGIN_FAILURE_LIMIT failed logins for
# one username (from any address) or from one address (for any username), logins for it are
# refused with a Chinese page (429) for LOGIN_LOCKOUT_MINUTES, or until an editor unlocks it
# under 设置 → 登录锁定. A successful login clears that username's failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "home.security.lockout.lockout_response"
AXES_VERBOSE = False
# Behind reverse proxies the client address is read from X-Forwarded-For (as the API does).
if env.int("API_NUM_PROXIES", default=0):
    AXES_IPWARE_PROXY_COUNT = env.int("API_NUM_PROXIES")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite file in the project by default; PostgreSQL in production and CI via DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(config):
    """A CACHES entry of CACHE_URL: on Redis, django-redis with the page cache's client
    (home/redis_cache.py: its fast read of the generation, through the CLIENT_CLASS option)."""
    redis_backends = ("django.core.cache.backends.redis.RedisCache", "django_redis.cache.RedisCache")
    if config["BACKEND"] not in redis_backends:
        return config
    options = {**config.get("OPTIONS", {}), "CLIENT_CLASS": "home.redis_cache.Client"}
    return {**config, "BACKEND": "django_redis.cache.RedisCache", "OPTIONS": options}


# Local memory by default; Redis in production via CACHE_URL (redis://host:6379/1), with
# django-redis and the pinned `redis` client. With more than one worker process the page cache
# and its invalidation are only shared through Redis.
CACHES = {"default": redis_cache(env.cache("CACHE_URL", default="locmemcache://"))}

# Server-side page cache (home/page_cache.py): anonymous GET/HEAD of public pages, kept this
# many seconds at most (0 disables it) and invalidated on every content change.
PAGE_APP_CACHE_SECONDS = env.int("PAGE_APP_CACHE_SECONDS", default=3600)
PAGE_APP_CACHE_ALIAS = "default"
PAGE_APP_CACHE_EXCLUDED_PATHS = ["/admin/", "/api/", "/documents/"]
# Each worker also keeps a copy of the pages it answered from the cache, up to this many bytes
# (0: none), so that a hit reads only the generation (home.page_cache.PageCacheWSGIMiddleware).
PAGE_APP_CACHE_LOCAL_BYTES = env.int("PAGE_APP_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)

# Front cache (Varnish, site/deploy/varnish.vcl): FRONT_CACHE_URL is where it listens, e.g.
# http://127.0.0.1:6081; published pages are purged there, other changes ban every page.
FRONT_CACHE_URL = env("FRONT_CACHE_URL", default="")
FRONT_CACHE_PURGE_ALL_PATH = "/.purge-all"
if FRONT_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONT_CACHE_URL,
        }
    }

# Sessions end after SESSION_IDLE_MINUTES without a request (the admin's idle timeout): every
# request of a logged-in user moves the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: public pages and the admin.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's wording for what Wagtail, wagtailmedia and Django lack in Chinese, looked up
# before their own catalogues; compiled to .mo by `make install` (locale/README in README.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [CONFIG_DIR / "static"]
# Front-end libraries of the map, installed from npm by `make install` (package-lock.json) into
# node_modules and served from there under static/vendor/; never copied into the repository.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS += [
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/gcoord", NODE_MODULES / "gcoord" / "dist"),
]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Browsers and proxies keep public images and audio/video this many seconds (bases.files).
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=3600)

# Media files: a local folder by default, S3-compatible storage when MEDIA_STORAGE=s3.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        # One line per background task (search index, reference index) is noise.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="INFO")},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "家庭教育资源平台"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No page makes a request to another host: no avatars from gravatar.com (blocked in mainland
# China; Wagtail then shows its own default avatar) and no release check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Everyone works in Chongqing: one time zone, so the account page offers no list of the world's.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"
# No autosave: the editor shows what was stored, and a refused publish never reads as saved.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
# Documents are always served by Wagtail's view, which applies the privacy rules
# (bases.wagtail_hooks), never as plain files under MEDIA_URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decoding an image costs memory by pixels, not bytes (a 353 KB PNG of 11000 x 11000 took 486 MB):
# at most 40 megapixels.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Audio and video (wagtailmedia has no limit of its own; home/security/forms.py applies this one).
MEDIA_MAX_UPLOAD_SIZE = env.int("MEDIA_MAX_UPLOAD_MB", default=500) * 1024 * 1024
# Database backend with Chinese segmentation; OpenSearch/Elasticsearch when SEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = backends_from_environment(env, env("SEARCH_ENVIRONMENT", default="production"))
# After an engine failure, searches use the database backend for this many seconds (search/breaker.py).
SEARCH_BREAKER_SECONDS = env.int("SEARCH_BREAKER_SECONDS", default=30)
# Index writes on save and publish give up after this many seconds (and open the breaker), so a
# hung engine delays one publish at most this long; `update_index` catches up.
SEARCH_WRITE_TIMEOUT = env.float("SEARCH_WRITE_TIMEOUT", default=1.0)
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "MEDIA_FORM_BASE": "home.security.forms.LimitedMediaForm",
}
TAGGIT_CASE_INSENSITIVE = True

# Public pages are cached by browsers and proxies for this many seconds (0 disables).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# Practice-site map (/map/). The default base layer is Chongqing's district boundaries, served by
# the site itself: no tiles from another host, no key, works offline and in mainland China.
# MAP_TILE_URL: a tile URL template ({z}/{x}/{y}, optional {s}) to draw under the boundaries;
# MAP_TILE_ATTRIBUTION: the credit line its provider requires; MAP_COORDINATE_SYSTEM: "wgs84" or
# "gcj02", the system of those tiles (Chinese providers such as AutoNavi use GCJ-02, and markers
# are then shifted to match). Published data (GeoJSON, iCal) is always WGS-84.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
MAP_COORDINATE_SYSTEM = env("MAP_COORDINATE_SYSTEM", default="wgs84").lower()
if MAP_COORDINATE_SYSTEM not in ("wgs84", "gcj02"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('MAP_COORDINATE_SYSTEM must be "wgs84" or "gcj02"')
# Chongqing's districts (map/json/province/chongqing.json of the npm package echarts 4.9.0,
# ECharts-compressed GeoJSON, extracted by `make install`; see Makefile).
MAP_DISTRICTS_GEOJSON = NODE_MODULES / ".districts" / "chongqing.json"

# Open-data API (/api/v2/, home/api): read-only, public content only, no accounts.
# API_CORS_ALLOWED_ORIGINS: origins (scheme://host[:port], comma separated) whose web pages may
# call the API from a browser, e.g. a district app's web view; empty allows none (server-side
# clients and mini-programs' own servers need no CORS).
# API_RATE_LIMIT: requests per client address, e.g. "120/minute" (counted in the cache).
# API_NUM_PROXIES: how many reverse proxies stand in front (the client address is then read
# from X-Forwarded-For); 0 uses the connection's address.
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/minute")
API_CACHE_SECONDS = 300
REST_FRAMEWORK = {
    # No accounts on the open-data API: its views set authentication_classes = [] themselves
    # (home/api), so that Wagtail's admin API keeps DRF's session authentication.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["home.api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "家庭教育资源平台开放数据接口",
    "DESCRIPTION": (
        "重庆家庭教育资源平台的只读数据接口，供各区县的家长学校应用和小程序使用："
        "课程、微课、创新实践基地、实践点位和开放日。只包含已发布并公开的内容。"
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v2",
    "COMPONENT_SPLIT_REQUEST": False,
    # The schema reads the filters' choices from the database: generate it on request (and in
    # tests/api), never in `manage.py check --deploy`, which runs before migrations.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# Sign-ups for open days and course sessions, night-school certificates (home/signup).
# SIGNUP_HASH_KEY: the key of the keyed hash (HMAC-SHA256) of mobile numbers that makes one
# sign-up per number and event; defaults to SECRET_KEY. Changing it breaks the link between old
# and new sign-ups of the same number (class-hours are counted per hash).
# SIGNUP_RETENTION_DAYS: names and numbers are removed this many days after the event (course
# sessions: after the end of their school year), by `manage.py purge_signups`.
# SIGNUP_RATE_LIMIT_PER_ADDRESS / _PER_MOBILE: sign-up attempts per SIGNUP_RATE_WINDOW seconds.
# CERTIFICATE_FONT: a CJK font file for the certificate PDF (default: Debian's fonts-noto-cjk);
# CERTIFICATE_FONT_INDEX: the face in a .ttc collection (2 = Noto Sans CJK SC).
SIGNUP_HASH_KEY = env("SIGNUP_HASH_KEY", default="")
SIGNUP_RETENTION_DAYS = env.int("SIGNUP_RETENTION_DAYS", default=90)
SIGNUP_RATE_WINDOW = env.int("SIGNUP_RATE_WINDOW", default=3600)
SIGNUP_RATE_LIMIT_PER_ADDRESS = env.int("SIGNUP_RATE_LIMIT_PER_ADDRESS", default=30)
SIGNUP_RATE_LIMIT_PER_MOBILE = env.int("SIGNUP_RATE_LIMIT_PER_MOBILE", default=10)
SIGNUP_NUM_PROXIES = env.int("API_NUM_PROXIES", default=0)
CERTIFICATE_FONT_CANDIDATES = [
    env("CERTIFICATE_FONT", default=""),
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]
CERTIFICATE_FONT_INDEX = env.int("CERTIFICATE_FONT_INDEX", default=2)


# Content-Security-Policy (django-csp, home/security/headers.py): the public pages load only this
# site's own scripts, styles, images, media and data; no inline script or style, no plugins, no
# framing by other sites. Map tiles (MAP_TILE_URL) and media on S3 (MEDIA_URL or
# AWS_S3_CUSTOM_DOMAIN) are allowed as images / media when configured.
def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


_extra_media = [
    origin
    for origin in (
        _origin(MEDIA_URL),
        _origin(f"https://{env('AWS_S3_CUSTOM_DOMAIN', default='')}") if MEDIA_STORAGE == "s3" else None,
        _origin(env("AWS_S3_ENDPOINT_URL", default="") or "") if MEDIA_STORAGE == "s3" else None,
    )
    if origin
]
_tiles = [origin for origin in (_origin(MAP_TILE_URL),) if origin]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tiles, *_extra_media],
        "media-src": ["'self'", *_extra_media],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin (under WAGTAILADMIN_PATH) still writes inline styles, inline scripts and
# event handlers (Wagtail 8, the image cropper), and previews uploads from blob: URLs: these
# are added there, and only there.
WAGTAILADMIN_PATH = "/admin/"
CSP_ADMIN_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "media-src": ["blob:"],
}
# Browser features no page of the site uses.
PERMISSIONS_POLICY_DISABLED = [
    "camera",
    "microphone",
    "payment",
    "usb",
    "serial",
    "bluetooth",
    "midi",
    "magnetometer",
    "gyroscope",
    "accelerometer",
    "display-capture",
    "browsing-topics",
]
# Features only the site's own pages may use: location, for the map's 我附近 button (the browser
# still asks the parent first).
PERMISSIONS_POLICY_SELF = ["geolocation"]
