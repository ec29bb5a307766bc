# One image, one entry point per service: `tocsin serve ingest|classify|notify` (see docker-compose.yml).
# syntax=docker/dockerfile:1.7

ARG PYTHON_VERSION=3.11

# ---------------------------------------------------------------- build: a virtual environment from uv.lock
FROM python:${PYTHON_VERSION}-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file or a package's metadata changes.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/pyproject.toml
COPY services/ingest/pyproject.toml services/ingest/pyproject.toml
COPY services/classify/pyproject.toml services/classify/pyproject.toml
COPY services/notify/pyproject.toml services/notify/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-install-workspace

# Then Tocsin itself, installed (not editable) into the same environment.
COPY shared shared
COPY services services
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-editable

# ---------------------------------------------------------------- runtime: slim, non-root
FROM python:${PYTHON_VERSION}-slim AS runtime
RUN groupadd --system --gid 10001 tocsin \
 && useradd --system --uid 10001 --gid tocsin --home-dir /var/lib/tocsin --create-home tocsin
COPY --from=build --chown=tocsin:tocsin /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    TOCSIN_HOME=/var/lib/tocsin \
    TOCSIN_LOG__JSON=true \
    TOCSIN_HTTP_PORT=8080
USER tocsin
WORKDIR /var/lib/tocsin
EXPOSE 8080
# Every service answers /healthz on its HTTP port; compose and Kubernetes set that port to 8080.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['TOCSIN_HTTP_PORT'] + '/healthz', timeout=2)"]
ENTRYPOINT ["tocsin"]
CMD ["--help"]
