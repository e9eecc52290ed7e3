#!/bin/sh
# The role system backups run as: it reads every row of HomeLabHub's database (pg_read_all_data,
# and BYPASSRLS so tenant policies do not hide rows from the dump) and may create databases, for
# restore drills and restores into a new database. It owns nothing and cannot write HomeLabHub's
# tables. The `backup-role-init` compose service runs this on every `docker compose up`: it
# creates what is missing and sets the password to the current HOMELAB_BACKUP_PASSWORD.
#
# Connection comes from the libpq variables (PGHOST, PGUSER, PGPASSWORD) as a superuser.
# Passwords reach SQL as psql variables (:'name' quotes them), never spliced into the text.
set -e
: "${HOMELAB_BACKUP_PASSWORD:?set HOMELAB_BACKUP_PASSWORD for the homelab_backup role}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname postgres \
  -v role="${HOMELAB_BACKUP_USER:-homelab_backup}" \
  -v db="${HOMELAB_DB:-homelab}" \
  -v password="$HOMELAB_BACKUP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
ALTER ROLE :"role" LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS PASSWORD :'password';
GRANT pg_read_all_data TO :"role";
GRANT CONNECT ON DATABASE :"db" TO :"role";
SQL
