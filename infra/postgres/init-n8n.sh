#!/bin/sh
# n8n's own database and login role on the shared PostgreSQL server, kept apart from HomeLabHub's:
# the role owns only its database, cannot create roles or databases, and cannot connect to
# `homelab` (init-roles.sh revokes CONNECT there from PUBLIC). The `n8n-db-init` compose service
# runs this on every `docker compose up`, so it is idempotent: it creates what is missing and sets
# the role's password to the current N8N_DB_PASSWORD (rotating it is editing .env).
#
# Connection comes from the libpq variables (PGHOST, PGUSER, PGPASSWORD) as a superuser.
# Passwords reach SQL as psql variables (:'name' quotes them), never spliced into the text.
set -e
: "${N8N_DB_PASSWORD:?set N8N_DB_PASSWORD for the n8n role}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname postgres \
  -v role="${N8N_DB_USER:-n8n}" \
  -v db="${N8N_DB_NAME:-n8n}" \
  -v password="$N8N_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
ALTER ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';

SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
