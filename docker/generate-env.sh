#!/usr/bin/env bash
# Writes a fresh .env for docker compose: random database passwords and a new Ed25519 key pair.
#   ./docker/generate-env.sh            # creates .env, refuses to overwrite one
#   ./docker/generate-env.sh other.env  # or another file
set -euo pipefail
out="${1:-.env}"
if [[ -e "$out" ]]; then
  echo "$out exists; remove it first (the database keeps the passwords it was created with)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl genpkey -algorithm ed25519 -out "$tmp/jwt.key" 2>/dev/null
openssl pkey -in "$tmp/jwt.key" -pubout -out "$tmp/jwt.pub"
one_line() { awk 1 ORS='\\n' "$1"; }
umask 077
{
  echo "POSTGRES_PASSWORD=$(openssl rand -hex 24)"
  echo "USERS_DB_PASSWORD=$(openssl rand -hex 24)"
  echo "GYMS_DB_PASSWORD=$(openssl rand -hex 24)"
  echo "SUBGRAPH_SECRET=$(openssl rand -hex 32)"
  echo "JWT_PRIVATE_KEY='$(one_line "$tmp/jwt.key")'"
  echo "JWT_PUBLIC_KEY='$(one_line "$tmp/jwt.pub")'"
} > "$out"
echo "wrote $out"
