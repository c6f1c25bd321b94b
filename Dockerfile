# Triage's Discord bot in a container: non-root, data in a volume, the token from the environment.
#   docker build -t triage .
#   docker run -d --name triage --env-file .env -v triage-data:/data -p 127.0.0.1:9108:9108 triage
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TRIAGE_HOME=/data \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY classifier ./classifier
COPY responses ./responses
COPY data ./data
RUN pip install . && rm -rf build ./*.egg-info

# The database, models and search index live in TRIAGE_HOME, a volume owned by an unprivileged user.
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin triage \
    && mkdir -p /data && chown triage:triage /data
USER triage
VOLUME ["/data"]

# Prometheus metrics and /healthz (bound to all interfaces inside the container; publish it on 127.0.0.1).
EXPOSE 9108
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:9108/healthz', timeout=4).status != 200)"]

# DISCORD_TOKEN and the TRIAGE_* ids come from the environment (docker run --env-file .env); no .env is baked in.
ENTRYPOINT ["triage"]
CMD ["run", "--metrics", "0.0.0.0:9108"]
