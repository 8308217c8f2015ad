# One image for every process of the portal: web (gunicorn, the default command),
# Celery worker, Celery beat and one-off management commands. docker-compose.yml shows
# how they run together; docs/operations.md says how to operate them.

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=selvhjelp.settings

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Every package comes
# from the direct requirements, pinned to the exact versions in the lock file; all
# of them ship wheels, so no compiler is needed.
COPY requirements/ requirements/
RUN pip install -r requirements/base.in -c requirements/lock.txt

COPY . .

# The static files are collected into the image, hashed and compressed, and WhiteNoise
# serves them. This must run with the production storage (settings.py picks the
# manifest storage only when SELVHJELP_ENV=production): files collected under
# development settings have no staticfiles.json, and every {% static %} tag then fails
# at runtime. The values below exist only for this one command so that the production
# checks pass; nothing connects to them, and they are not part of the image's
# environment. The real values come from the environment at runtime.
RUN SELVHJELP_ENV=production \
    DJANGO_SECRET_KEY=build-time-placeholder-build-time-placeholder-never-used-at-runtime \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    EMAIL_URL=smtp://build.invalid:25 \
    DEFAULT_FROM_EMAIL=build@build.invalid \
    SITE_URL=https://build.invalid \
    SMS_BACKEND=notifications.sms.FileSmsBackend \
    python manage.py collectstatic --noinput

# Run as an unprivileged user who cannot change the code. var/ is where Celery beat
# keeps its schedule by default (compose points it at /tmp instead).
RUN useradd --create-home --uid 10001 selvhjelp \
    && mkdir -p var \
    && chown selvhjelp:selvhjelp var
USER selvhjelp

EXPOSE 8000

CMD ["gunicorn", "selvhjelp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
