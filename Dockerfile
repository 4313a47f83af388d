# Production image: gunicorn web, Celery worker and beat share it (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-wqy-microhei fonts-wqy-zenhei fonts-hanazono fontconfig gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY accounts ./accounts
COPY intake ./intake
COPY programs ./programs
COPY routing ./routing
COPY review ./review
COPY notices ./notices
RUN pip install .
COPY . .
RUN DJANGO_SETTINGS_MODULE=config.settings.base python manage.py compilemessages --ignore=.venv \
 && DJANGO_SETTINGS_MODULE=config.settings.base python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 onewindow && mkdir -p /app/var && chown -R onewindow /app/var
USER onewindow
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
