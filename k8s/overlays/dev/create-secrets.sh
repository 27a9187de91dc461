#!/usr/bin/env bash
# Creates the Secrets the dev overlay expects, once, in namespace clmb-dev (kept if they exist):
#   postgres        POSTGRES_PASSWORD, USERS_DB_PASSWORD, GYMS_DB_PASSWORD (in-cluster Postgres)
#   users-database  DATABASE_URL (role users, database users)
#   gyms-database   DATABASE_URL (role gyms, database gyms)
#   clmb-jwt        JWT_PRIVATE_KEY, JWT_PUBLIC_KEY (a fresh Ed25519 pair)
#   users-smtp      SMTP_URL (the in-cluster Mailpit)
# Production creates users-database, gyms-database, clmb-jwt, clmb-subgraph-secret,
# users-smtp (SMTP_URL of its mail server) and router-redis (REDIS_URL) its own way (see docs/deployment.md). Dev's Redis needs no Secret.
set -euo pipefail
ns="${NAMESPACE:-clmb-dev}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
if kubectl -n "$ns" get secret postgres >/dev/null 2>&1; then
  echo "secrets exist in $ns; delete them (and the postgres volume) to start over"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
users_pw="$(openssl rand -hex 24)"
gyms_pw="$(openssl rand -hex 24)"
openssl genpkey -algorithm ed25519 -out "$tmp/jwt.key" 2>/dev/null
openssl pkey -in "$tmp/jwt.key" -pubout -out "$tmp/jwt.pub"
kubectl -n "$ns" create secret generic postgres \
  --from-literal=POSTGRES_PASSWORD="$(openssl rand -hex 24)" \
  --from-literal=USERS_DB_PASSWORD="$users_pw" \
  --from-literal=GYMS_DB_PASSWORD="$gyms_pw"
kubectl -n "$ns" create secret generic users-database \
  --from-literal=DATABASE_URL="postgres://users:$users_pw@postgres:5432/users"
kubectl -n "$ns" create secret generic gyms-database \
  --from-literal=DATABASE_URL="postgres://gyms:$gyms_pw@postgres:5432/gyms"
kubectl -n "$ns" create secret generic clmb-subgraph-secret \
  --from-literal=SUBGRAPH_SECRET="$(openssl rand -hex 32)"
kubectl -n "$ns" create secret generic users-smtp \
  --from-literal=SMTP_URL="smtp://mailpit:1025"
kubectl -n "$ns" create secret generic clmb-jwt \
  --from-file=JWT_PRIVATE_KEY="$tmp/jwt.key" \
  --from-file=JWT_PUBLIC_KEY="$tmp/jwt.pub"
