# syntax=docker/dockerfile:1
# Functions in production: the wrangler-built bundle and the built web app served by a
# standalone `workerd serve` with infra/workerd/config.capnp. Build from the repository root:
#   docker build -f infra/docker/functions.Dockerfile .
# workerd's binary links against glibc, so this image is Debian-based, not Alpine.

# Same first stage as runners.Dockerfile, so one build of the stack installs once.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY runners/package.json runners/
COPY functions/package.json functions/
COPY web/package.json web/
COPY infra/package.json infra/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV WRANGLER_SEND_METRICS=false
COPY . .
RUN npm run build -w web && npm run build -w functions
# The workerd npm package's postinstall leaves the native binary for this platform in bin/.
RUN cp node_modules/workerd/bin/workerd /usr/local/bin/workerd && workerd --version

# Node stays only for the healthcheck's fetch.
FROM node:20-bookworm-slim
ARG APP_VERSION=dev
ENV APP_VERSION=$APP_VERSION
WORKDIR /app
COPY --from=build /usr/local/bin/workerd /usr/local/bin/workerd
COPY infra/workerd/config.capnp infra/workerd/config.capnp
COPY --from=build /app/functions/dist functions/dist
COPY --from=build /app/web/dist web/dist
USER node
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["workerd", "serve", "/app/infra/workerd/config.capnp"]
