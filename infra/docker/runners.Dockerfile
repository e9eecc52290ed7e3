# syntax=docker/dockerfile:1
# The runners (node runners/dist/main.js) and, in the same image, the one-shot migration
# (node db/dist/migrate-cli.mjs). Both are self-contained esbuild bundles, so the runtime has no
# node_modules. Build from the repository root:
#   docker build -f infra/docker/runners.Dockerfile .

# Same first stage as functions.Dockerfile, so one build of the stack installs once.
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
COPY . .
RUN npm run build -w runners \
 && npx esbuild db/src/migrate-cli.ts --bundle --platform=node --format=esm --target=node20 \
      --log-level=warning --outfile=db/dist/migrate-cli.mjs

FROM node:20-alpine
ENV NODE_ENV=production
# pg_dump/pg_restore for system backups (same major as the postgres:16 service); git and the
# compose CLI for deploys from git.
RUN apk add --no-cache postgresql16-client git docker-cli docker-cli-compose
WORKDIR /app
# runners/package.json marks dist/main.js as an ES module; the migrations sit where the
# bundled migrate CLI looks for them (../migrations from db/dist).
COPY runners/package.json runners/
COPY db/migrations db/migrations
COPY --from=build /app/db/dist db/dist
COPY --from=build /app/runners/dist runners/dist
USER node
EXPOSE 8788
# Every internal route wants a signed call and logs unsigned ones as refused, so the probe only
# checks that the internal API accepts connections.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8788/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "runners/dist/main.js"]
