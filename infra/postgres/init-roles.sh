#!/bin/sh
# First start of the postgres container only (docker-entrypoint-initdb.d runs this while the data
# volume is empty). Creates the database, its owner (which the migrate service uses) and the
# login role the app runs as. The app role owns nothing and cannot bypass Row-Level Security, so
# tenant policies hold against the app's own queries; migrations grant it row access.
#
# Passwords reach SQL as psql variables (:'name' quotes them), never spliced into the text.
set -e
: "${HOMELAB_OWNER_PASSWORD:?set HOMELAB_OWNER_PASSWORD for the schema owner role}"
: "${HOMELAB_APP_PASSWORD:?set HOMELAB_APP_PASSWORD for the homelab_app role}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v db="${HOMELAB_DB:-homelab}" \
  -v owner_password="$HOMELAB_OWNER_PASSWORD" \
  -v app_password="$HOMELAB_APP_PASSWORD" <<'SQL'
CREATE ROLE homelab_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'owner_password';
CREATE ROLE homelab_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT
  PASSWORD :'app_password';

CREATE DATABASE :"db" OWNER homelab_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO homelab_app;
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;

\connect :"db"
ALTER SCHEMA public OWNER TO homelab_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
