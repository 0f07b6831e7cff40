# syntax=docker/dockerfile:1
# Service Coach as a container image: built on Node 20 slim in two stages. The build stage has the
# compilers better-sqlite3 needs (it compiles from source) and runs the same `npm ci` and build
# commands as the README; the runtime stage has only the pruned node_modules, the compiled code,
# the deck, the chart font and the dashboard's own CSS and script, and runs as the unprivileged
# `node` user. The SQLite file (the default store) lives on the /data volume; set
# DATABASE_URL=postgres://… to use PostgreSQL. Podman and Buildah keep the HEALTHCHECK only with
# `--format docker`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled here against this image's own Node headers (/usr/local/include/node):
# without these two, its install first downloads a prebuilt binary from github.com and then the
# headers from nodejs.org, and fails where the build has only the npm registry and Debian mirrors.
# (npm 11 warns that it does not know build-from-source: it is prebuild-install's, which reads it.)
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Dependencies first: this layer is reused until package*.json change.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/service-coach.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY content ./content
COPY assets ./assets
# The dashboard serves these from the source tree (its pages link /dashboard/assets/dashboard.css).
COPY adapters/dashboard/assets ./adapters/dashboard/assets
# Like the data folder the coach makes itself: only its own user may read the database.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The process is alive when it answers /healthz (no curl in slim images: Node's own fetch).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
