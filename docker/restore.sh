#!/usr/bin/env bash
# Restores a dump made by backup.sh into a database (created if missing). Refuses a database that
# already holds tables unless --force, so a slip cannot overwrite the live site.
#
#   DB_NAME=cortege_restored docker/restore.sh /var/backups/cortege/cortege-20261129T030000Z.sql.gz
#   docker/restore.sh --compose [--force] <dump>     # into the compose install's database
#   docker/restore.sh [--compose] --test <dump>      # the monthly test: into a scratch database
#                                                    # cortege_restore_…, counted, then dropped
#
# An encrypted dump (….sql.gz.age, ….sql.gz.gpg: BACKUP_ENCRYPT_TO in backup.sh) is decrypted on the
# way: age with the identity file BACKUP_AGE_IDENTITY, GPG with the private key in the keyring.
#
# Connection as for backup.sh (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME); the user needs the
# right to create the database if it does not exist (for --test: on cortege\_restore\_%, as
# docs/install.md grants). With --compose, --test runs as the db container's root. Stop the app
# before restoring over its data.
set -euo pipefail

compose=0
force=0
scratch=0
while [ $# -gt 1 ]; do
  case "$1" in
    --compose) compose=1 ;;
    --force) force=1 ;;
    --test) scratch=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
file="${1:?usage: restore.sh [--compose] [--force|--test] <dump.sql.gz[.age|.gpg]>}"
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
name="${DB_NAME:-cortege}"
if [ "$scratch" = 1 ]; then name="cortege_restore_$(date -u +%Y%m%d%H%M%S)_$$"; force=0; fi
case "$name" in *[!A-Za-z0-9_]*) echo "DB_NAME may hold letters, digits and _ only" >&2; exit 2 ;; esac

# The dump as SQL text, decrypted if it was encrypted; a wrong key or a cut file fails the pipe.
read_dump() {
  case "$file" in
    *.age) command -v age >/dev/null || { echo "age is not installed (apt-get install age)" >&2; return 1; }
           age --decrypt -i "${BACKUP_AGE_IDENTITY:?set BACKUP_AGE_IDENTITY to the age identity file}" "$file" | gzip -dc ;;
    *.gpg) gpg --batch --quiet --decrypt "$file" | gzip -dc ;;
    *) gzip -dc "$file" ;;
  esac
}

# The dump names the database it came from (CREATE DATABASE / USE): point both at the target.
rewrite() {
  sed -E -e "s/^CREATE DATABASE \/\*!32312 IF NOT EXISTS\*\/ \`[^\`]+\`/CREATE DATABASE \/*!32312 IF NOT EXISTS*\/ \`$name\`/" \
         -e "s/^USE \`[^\`]+\`;/USE \`$name\`;/"
}

if [ "$compose" = 1 ]; then
  cd "$(dirname "$0")"
  if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
  if [ "$scratch" = 1 ]; then
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mariadb -uroot "$@"' restore)
  else
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_PASSWORD" exec mariadb -u"$MARIADB_USER" "$@"' restore)
  fi
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
if [ "$scratch" = 1 ]; then
  # Whatever happens, the scratch copy of people's data does not stay behind.
  trap '"${client[@]}" -e "DROP DATABASE IF EXISTS \`$name\`" >/dev/null 2>&1 || true; rm -f "${cnf:-}"' EXIT
fi
read_dump | rewrite | "${client[@]}" --default-character-set=utf8mb4
if [ "$scratch" = 1 ]; then
  read -r people groups actions last < <("${client[@]}" -N -e "SELECT (SELECT COUNT(*) FROM \`$name\`.person),
    (SELECT COUNT(*) FROM \`$name\`.support_group), (SELECT COUNT(*) FROM \`$name\`.event),
    COALESCE(DATE_FORMAT((SELECT MAX(created_at) FROM \`$name\`.person), '%Y-%m-%dT%H:%i'), 'none')")
  echo "the dump restores: $people people, $groups groups, $actions actions, last sign-up $last (UTC); scratch database $name dropped"
  exit 0
fi
echo "restored $file into $name"
