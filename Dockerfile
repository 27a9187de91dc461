# syntax=docker/dockerfile:1
# One Dockerfile, one target per service:
#   docker build --target users  -t clmb/users  .
#   docker build --target gyms   -t clmb/gyms   .
#   docker build --target router -t clmb/router .
# Each image holds its service's bundle (dist/) and that service's production npm dependencies,
# laid out as in the repository (/app/subgraphs/users/dist/index.js, ...), and runs as `node`.

ARG NODE_IMAGE=node:22-bookworm-slim

# The manifests alone, so the dependency layers are rebuilt only when one of them changes.
# Every workspace named in package.json must be copied, or `npm ci` rejects the lockfile.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/common/package.json packages/common/
COPY packages/testkit/package.json packages/testkit/
COPY packages/client/package.json packages/client/
COPY packages/scalars/package.json packages/scalars/
COPY drizzle/package.json drizzle/
COPY subgraphs/users/package.json subgraphs/users/
COPY subgraphs/gyms/package.json subgraphs/gyms/
COPY router/package.json router/
COPY schema/package.json schema/
COPY scripts/package.json scripts/
COPY k8s/package.json k8s/

# All dependencies, to build the three bundles once for every target.
FROM manifests AS build
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @clmb/users -w @clmb/gyms -w @clmb/router

# Production dependencies of one service, which include those of the workspace packages it
# bundles. No install scripts: none is needed at run time (@node-rs/argon2 ships its glibc
# binary as an optional dependency).
FROM manifests AS users-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund -w @clmb/users
FROM manifests AS gyms-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund -w @clmb/gyms
FROM manifests AS router-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund -w @clmb/router

FROM ${NODE_IMAGE} AS runtime
# A young generation of up to 2 × 32 MB (V8's default on 64-bit is 2 × 16): each request's garbage
# dies there instead of being copied out, for 5-10 % less CPU per request at about 30 MB more
# resident memory (docs/operations.md). The bench and npm start read these options from here.
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=32"
WORKDIR /app
# Alive = /health answers on the service's PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS users
ENV PORT=4001
COPY --from=users-deps /app/node_modules ./node_modules
COPY --from=build /app/subgraphs/users/package.json ./subgraphs/users/
COPY --from=build /app/subgraphs/users/dist ./subgraphs/users/dist
USER node
EXPOSE 4001
# The migration step runs the same image: node subgraphs/users/dist/migrate.js
CMD ["node", "subgraphs/users/dist/index.js"]

FROM runtime AS gyms
ENV PORT=4002
COPY --from=gyms-deps /app/node_modules ./node_modules
COPY --from=build /app/subgraphs/gyms/package.json ./subgraphs/gyms/
COPY --from=build /app/subgraphs/gyms/dist ./subgraphs/gyms/dist
USER node
EXPOSE 4002
# The migration step runs the same image: node subgraphs/gyms/dist/migrate.js
CMD ["node", "subgraphs/gyms/dist/index.js"]

FROM runtime AS router
ENV PORT=4000
COPY --from=router-deps /app/node_modules ./node_modules
COPY --from=build /app/router/package.json ./router/
COPY --from=build /app/router/dist ./router/dist
# The default SUPERGRAPH_PATH; Kubernetes mounts its own copy from a ConfigMap instead.
COPY --from=build /app/schema/supergraph.graphql ./schema/
# The trusted documents, TRUSTED_DOCUMENTS_PATH's default; Kubernetes mounts its own copy too.
COPY --from=build /app/schema/persisted-query-manifest.json ./schema/
USER node
EXPOSE 4000
CMD ["node", "router/dist/index.js"]
