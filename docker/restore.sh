#!/usr/bin/env bash
# Restores a dump made by backup.sh into a database (created if missing). Refuses a database that
# already holds tables unless --force, so a slip cannot overwrite the live site.
#
#   DB_NAME=cortege_restored docker/restore.sh /var/backups/cortege/cortege-20261129T030000Z.sql.gz
#   docker/restore.sh --compose [--force] <dump>     # into the compose install's database
#   docker/restore.sh [--compose] --test <dump>      # the monthly test: into a scratch database
#                                                    # cortege_restore_…, counted, then dropped
#   docker/restore.sh [--compose] --rollback <dump>  # back to the dump taken before an upgrade: the app
#       stopped (refused while anything is connected to the database), the current database saved
#       as a dump beside the one given, emptied (a newer version's tables do not stay behind to break
#       the next upgrade), the dump loaded, and what is lost counted (docs/upgrade.md)
#   docker/restore.sh [--compose] --until '2026-11-29 14:31:00' <dump>
#       point-in-time recovery: the dump, then the server's binary log replayed from the position the
#       dump recorded (backup.sh) up to that moment (the server's clock: UTC in the compose install),
#       read through the server (it decrypts an encrypted log). Needs a MariaDB account allowed to
#       read the log and replay it: root (without Docker: DB_USER=root DB_SOCKET=/run/mysqld/mysqld.sock,
#       as root on the server; with --compose the db container's root). Restore into a new database
#       (DB_NAME=cortege_recovered) while the damaged one is kept, then point the app at it.
#
# An encrypted dump (….sql.gz.age, ….sql.gz.gpg: BACKUP_ENCRYPT_TO in backup.sh) is decrypted on the
# way: age with the identity file BACKUP_AGE_IDENTITY, GPG with the private key in the keyring.
#
# Connection as for backup.sh (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME); the user needs the
# right to create the database if it does not exist (for --test: on cortege\_restore\_%, as
# docs/install.md grants). DB_SOCKET instead of host and port connects through the server's socket.
# With --compose, --test and --until run as the db container's root. Stop the app before restoring
# over its data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

compose=0
force=0
scratch=0
rollback=0
until=""
while [ $# -gt 1 ]; do
  case "$1" in
    --compose) compose=1 ;;
    --force) force=1 ;;
    --test) scratch=1 ;;
    --rollback) rollback=1 ;;
    --until) until="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
file="${1:?usage: restore.sh [--compose] [--force|--test|--until 'YYYY-MM-DD HH:MM:SS'] <dump.sql.gz[.age|.gpg]>}"
if [ -n "$until" ]; then
  [[ "$until" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] \
    || { echo "--until takes the server's date and time as 'YYYY-MM-DD HH:MM:SS'" >&2; exit 2; }
  [ "$scratch" = 0 ] || { echo "--until and --test do not go together" >&2; exit 2; }
fi
if [ "$rollback" = 1 ] && { [ "$scratch" = 1 ] || [ -n "$until" ] || [ "$force" = 1 ]; }; then
  echo "--rollback goes alone (with --compose at most)" >&2; exit 2
fi
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
file="$(realpath "$file")"
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
  if [ "$scratch" = 1 ] || [ -n "$until" ]; then
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mariadb -uroot "$@"' restore)
    binlog=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mariadb-binlog -uroot "$@"' binlog)
  else
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_PASSWORD" exec mariadb -u"$MARIADB_USER" "$@"' restore)
  fi
else
  mariadb_bin="$(command -v mariadb || command -v mysql || true)"
  [ -n "${MARIADB_CLIENT:-}" ] && mariadb_bin="$MARIADB_CLIENT"
  [ -n "$mariadb_bin" ] || { echo "the mariadb client is not installed (apt-get install mariadb-client)" >&2; exit 1; }
  cnf="$(mktemp)"
  trap 'rm -f "$cnf"' EXIT
  if [ -n "${DB_SOCKET:-}" ]; then
    printf '[client]\nsocket=%s\nuser=%s\npassword="%s"\n' "$DB_SOCKET" "${DB_USER:-cortege}" "${DB_PASSWORD:-}" > "$cnf"
    protocol=--protocol=socket
  else
    printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword="%s"\n' "${DB_HOST:-127.0.0.1}" "${DB_PORT:-3306}" \
      "${DB_USER:-cortege}" "${DB_PASSWORD:-}" > "$cnf"
    protocol=--protocol=tcp
  fi
  client=("$mariadb_bin" --defaults-extra-file="$cnf" "$protocol")
  binlog_bin="$(command -v mariadb-binlog || command -v mysqlbinlog || true)"
  [ -n "${MARIADB_BINLOG:-}" ] && binlog_bin="$MARIADB_BINLOG"
  binlog=("${binlog_bin:-mariadb-binlog}" --defaults-extra-file="$cnf" "$protocol")
fi

# Point-in-time recovery: where the dump's snapshot stands in the binary log, read from its header
# before anything is written (a dump without it cannot be replayed forward).
if [ -n "$until" ]; then
  start="$(read_dump | awk '/^-- CHANGE MASTER TO MASTER_LOG_FILE=/ && !p { p = $0 } /^USE `/ && !u { u = $0 } END { print p; print u }')"
  position="$(sed -n 1p <<<"$start")"
  source_db="$(sed -n 2p <<<"$start" | sed -E 's/^USE `([^`]+)`;$/\1/')"
  if [[ ! "$position" =~ MASTER_LOG_FILE=\'([^\']+)\',\ MASTER_LOG_POS=([0-9]+) ]]; then
    echo "this dump records no binary-log position (made without a binary log, or before backup.sh recorded it):" \
      "it can be restored as it is, not replayed forward" >&2
    exit 1
  fi
  start_file="${BASH_REMATCH[1]}"
  start_pos="${BASH_REMATCH[2]}"
  # the logs the server still keeps, from the dump's on (binlog_expire_logs_seconds: 7 days in the docs)
  mapfile -t logs < <("${client[@]}" -N -e "SHOW BINARY LOGS" | awk -v f="$start_file" '$1 == f { on = 1 } on { print $1 }')
  if [ "${#logs[@]}" = 0 ]; then
    echo "the server no longer keeps $start_file, where this dump's position is: replay impossible (restore it as it is)" >&2
    exit 1
  fi
fi

tables="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$name'")"

# What a person would look at to know what a rollback loses.
summary() {
  "${client[@]}" -N -e "SELECT CONCAT_WS(' ',
      (SELECT COALESCE(MAX(CAST(version AS UNSIGNED)), 0) FROM \`$name\`.flyway_schema_history WHERE success),
      (SELECT COUNT(*) FROM \`$name\`.person), (SELECT COUNT(*) FROM \`$name\`.support_group),
      (SELECT COUNT(*) FROM \`$name\`.event), (SELECT COUNT(*) FROM \`$name\`.event_rsvp),
      COALESCE(DATE_FORMAT((SELECT MAX(created_at) FROM \`$name\`.person), '%Y-%m-%dT%H:%i'), 'none'))"
}

if [ "$rollback" = 1 ]; then
  # Anything still connected (the app, another node, a script) would write into the database while
  # it is replaced, or keep a newer version's idea of it: stop them first.
  connected="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.processlist WHERE db = '$name' AND id <> CONNECTION_ID()")"
  if [ "$connected" != 0 ]; then
    echo "$connected connection(s) to $name are open: stop the app (every node) before rolling back; nothing was changed" >&2
    exit 1
  fi
  [ "$tables" != 0 ] || { echo "database $name holds no tables: nothing to roll back, restore the dump normally" >&2; exit 1; }
  read -r now_version now_people now_groups now_actions now_answers now_last < <(summary)
  # The current database, newer schema and writes since the dump included, is kept as a dump first.
  # (KEEP_DAYS: this run must not delete old dumps, the one being restored among them)
  aside="$(KEEP_DAYS=36500 bash "$here/backup.sh" $([ "$compose" = 1 ] && echo --compose) "$(dirname "$file")" | tail -n 1)" \
    || { echo "could not save the current database first (backup.sh failed): nothing was changed" >&2; exit 1; }
  [ -f "$aside" ] || { echo "could not save the current database first: nothing was changed" >&2; exit 1; }
  # Emptied, not overwritten: a table only the newer version has would otherwise stay and make its
  # migration fail at the next upgrade ("table already exists").
  "${client[@]}" -e "DROP DATABASE \`$name\`; CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  tables=0
fi
if [ "$tables" != "0" ] && [ "$force" != 1 ]; then
  echo "database $name already holds $tables tables: restore into an empty one, or add --force" >&2
  exit 1
fi
if [ "$scratch" = 1 ]; then
  # Whatever happens, the scratch copy of people's data does not stay behind.
  trap '"${client[@]}" -e "DROP DATABASE IF EXISTS \`$name\`" >/dev/null 2>&1 || true; rm -f "${cnf:-}"' EXIT
fi
read_dump | rewrite | "${client[@]}" --default-character-set=utf8mb4
if [ "$rollback" = 1 ]; then
  read -r version people groups actions answers last < <(summary)
  echo "rolled $name back to the dump $file: schema V$version (it was V$now_version)."
  echo "Lost since the dump, unless copied back by hand: $((now_people - people)) people ($now_people → $people)," \
    "$((now_groups - groups)) groups, $((now_actions - actions)) actions, $((now_answers - answers)) answers to actions;" \
    "last sign-up now $last (it was $now_last). What the database held before the rollback is kept in $aside."
  echo "Start the previous version now (docs/upgrade.md); a newer one would migrate this database again."
  exit 0
fi
if [ -n "$until" ]; then
  # The log's statements name the database the dump came from: only those, renamed to the target.
  "${binlog[@]}" --read-from-remote-server --start-position="$start_pos" --stop-datetime="$until" \
      --database="$source_db" --rewrite-db="$source_db->$name" "${logs[@]}" \
    | "${client[@]}" --default-character-set=utf8mb4 --database="$name"
  echo "restored $file into $name and replayed the binary log from $start_file:$start_pos up to $until;" \
    "what was written after that moment is not in $name"
  exit 0
fi
if [ "$scratch" = 1 ]; then
  read -r people groups actions last < <("${client[@]}" -N -e "SELECT (SELECT COUNT(*) FROM \`$name\`.person),
    (SELECT COUNT(*) FROM \`$name\`.support_group), (SELECT COUNT(*) FROM \`$name\`.event),
    COALESCE(DATE_FORMAT((SELECT MAX(created_at) FROM \`$name\`.person), '%Y-%m-%dT%H:%i'), 'none')")
  echo "the dump restores: $people people, $groups groups, $actions actions, last sign-up $last (UTC); scratch database $name dropped"
  exit 0
fi
echo "restored $file into $name"
