#!/usr/bin/env bash
# Restores a dump made by backup.sh into a database (created if missing). Refuses a database that
# already holds tables unless --force, so a slip cannot overwrite the live site.
#
#   DB_NAME=cortege_restored docker/restore.sh /var/backups/cortege/cortege-20261129T030000Z.sql.gz
#   docker/restore.sh --compose [--force] <dump>     # into the compose install's database
#
# Connection as for backup.sh (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME); the user needs the
# right to create the database if it does not exist. Stop the app before restoring over its data.
set -euo pipefail

compose=0
force=0
while [ $# -gt 1 ]; do
  case "$1" in
    --compose) compose=1 ;;
    --force) force=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
file="${1:?usage: restore.sh [--compose] [--force] <dump.sql.gz>}"
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
name="${DB_NAME:-cortege}"
case "$name" in *[!A-Za-z0-9_]*) echo "DB_NAME may hold letters, digits and _ only" >&2; exit 2 ;; esac

# The dump names the database it came from (CREATE DATABASE / USE): point both at the target.
rewrite() {
  sed -E -e "s/^CREATE DATABASE \/\*!32312 IF NOT EXISTS\*\/ \`[^\`]+\`/CREATE DATABASE \/*!32312 IF NOT EXISTS*\/ \`$name\`/" \
         -e "s/^USE \`[^\`]+\`;/USE \`$name\`;/"
}

if [ "$compose" = 1 ]; then
  cd "$(dirname "$0")"
  if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
  client=("${compose_cmd[@]}" exec -T db sh -c 'exec mariadb -u"$MARIADB_USER" -p"$MARIADB_PASSWORD" "$@"' restore)
else
  mariadb_bin="$(command -v mariadb || command -v mysql || true)"
  [ -n "${MARIADB_CLIENT:-}" ] && mariadb_bin="$MARIADB_CLIENT"
  [ -n "$mariadb_bin" ] || { echo "the mariadb client is not installed (apt-get install mariadb-client)" >&2; exit 1; }
  cnf="$(mktemp)"
  trap 'rm -f "$cnf"' EXIT
  printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword="%s"\n' "${DB_HOST:-127.0.0.1}" "${DB_PORT:-3306}" \
    "${DB_USER:-cortege}" "${DB_PASSWORD:-}" > "$cnf"
  client=("$mariadb_bin" --defaults-extra-file="$cnf" --protocol=tcp)
fi

tables="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$name'")"
if [ "$tables" != "0" ] && [ "$force" != 1 ]; then
  echo "database $name already holds $tables tables: restore into an empty one, or add --force" >&2
  exit 1
fi
gzip -dc "$file" | rewrite | "${client[@]}" --default-character-set=utf8mb4
echo "restored $file into $name"
