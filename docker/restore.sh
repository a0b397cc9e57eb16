#!/usr/bin/env bash
# Restores a dump made by backup.sh into a database (created if missing). Refuses a database that
# already holds tables unless --force, so a slip cannot overwrite the live site.
#
#   DB_NAME=cortege_restored docker/restore.sh /var/backups/cortege/cortege-20261129T030000Z.sql.gz
#   docker/restore.sh --compose [--force] <dump>     # into the compose install's database
#   docker/restore.sh [--compose] --test <dump>      # the monthly test: into a scratch database
#                                                    # cortege_restore_…, counted, then dropped
#   docker/restore.sh [--compose] --rollback <dump>  # the live database replaced by the dump (the
#       rollback of docs/upgrade.md): refused while anything is connected to the database; the
#       current database saved first (before-rollback-….sql.gz beside the dump, outside the nightly
#       rotation); emptied, so that a newer version's tables do not stay behind to break the next
#       upgrade; the dump loaded; what is lost counted.
#   docker/restore.sh [--compose] [--rollback] --until '2026-11-29 14:31:00' <dump>
#       point-in-time recovery: the dump, then the server's binary log replayed from the position the
#       dump recorded (backup.sh) up to that moment (the server's clock: UTC in the compose install),
#       read through the server (it decrypts an encrypted log). Into a new, empty database
#       (DB_NAME=cortege_recovered) to look at it, or with --rollback in place of the live one.
#       Reading and replaying the log need MariaDB's root: without Docker DB_USER=root
#       DB_SOCKET=/run/mysqld/mysqld.sock as root on the server; with --compose the db container's root.
#
# Every dump is read through once before anything is written: an unreadable, undecryptable or cut
# dump changes nothing. The SQL goes through the client's sandbox mode where it has one: a dump
# someone tampered with cannot run shell commands on this machine (mariadb's "\!").
#
# An encrypted dump (….sql.gz.age, ….sql.gz.gpg: BACKUP_ENCRYPT_TO in backup.sh) is decrypted on the
# way: age with the identity file BACKUP_AGE_IDENTITY, GPG with the private key in the keyring.
#
# Connection as for backup.sh (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME, or DB_SOCKET instead
# of host and port); the user needs the right to create the database if it does not exist (for
# --test: on cortege\_restore\_%, as docs/install.md grants). With --compose, --test and --until run
# as the db container's root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/db-connection.sh"

compose=0
force=0
scratch=0
rollback=0
replay=0
until=""
while [ $# -gt 1 ]; do
  case "$1" in
    --compose) compose=1 ;;
    --force) force=1 ;;
    --test) scratch=1 ;;
    --rollback) rollback=1 ;;
    --until) replay=1; until="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
file="${1:?usage: restore.sh [--compose] [--force|--test|--rollback] [--until 'YYYY-MM-DD HH:MM:SS'] <dump.sql.gz[.age|.gpg]>}"
if [ "$replay" = 1 ]; then
  [[ "$until" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] \
    || { echo "--until takes the server's date and time as 'YYYY-MM-DD HH:MM:SS'" >&2; exit 2; }
  { [ "$scratch" = 0 ] && [ "$force" = 0 ]; } \
    || { echo "--until goes into a new database (DB_NAME=cortege_recovered) or, with --rollback, in place of the live one" >&2; exit 2; }
fi
if [ "$rollback" = 1 ] && { [ "$scratch" = 1 ] || [ "$force" = 1 ]; }; then
  echo "--rollback goes with --compose and --until only" >&2; exit 2
fi
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
file="$(realpath "$file")"
if [ -n "${BACKUP_AGE_IDENTITY:-}" ]; then BACKUP_AGE_IDENTITY="$(realpath "$BACKUP_AGE_IDENTITY")"; fi
name="${DB_NAME:-cortege}"
if [ "$scratch" = 1 ]; then name="cortege_restore_$(date -u +%Y%m%d%H%M%S)_$$"; force=0; fi
case "$name" in *[!A-Za-z0-9_]*) echo "DB_NAME may hold letters, digits and _ only" >&2; exit 2 ;; esac
if [ "$rollback" = 1 ] && [ -z "${BACKUP_ENCRYPT_TO:-}" ] && [[ "$file" == *.age || "$file" == *.gpg ]]; then
  echo "your dumps are encrypted but BACKUP_ENCRYPT_TO is not set here: the database saved before the rollback" \
    "would be written in clear. Set it as for the nightly dumps; nothing was changed" >&2
  exit 1
fi

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
  cd "$here"
  if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
  if [ "$scratch" = 1 ] || [ "$replay" = 1 ]; then
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mariadb -uroot "$@"' restore)
    binlog=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" TZ=UTC exec mariadb-binlog -uroot "$@"' binlog)
  else
    client=("${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_PASSWORD" exec mariadb -u"$MARIADB_USER" "$@"' restore)
  fi
else
  mariadb_bin="$(command -v mariadb || command -v mysql || true)"
  [ -n "${MARIADB_CLIENT:-}" ] && mariadb_bin="$MARIADB_CLIENT"
  [ -n "$mariadb_bin" ] || { echo "the mariadb client is not installed (apt-get install mariadb-client)" >&2; exit 1; }
  cnf="$(mktemp)"
  trap 'rm -f "$cnf"' EXIT
  write_client_options "$cnf"
  client=("$mariadb_bin" --defaults-extra-file="$cnf" "$protocol")
  binlog_bin="$(command -v mariadb-binlog || command -v mysqlbinlog || true)"
  [ -n "${MARIADB_BINLOG:-}" ] && binlog_bin="$MARIADB_BINLOG"
  binlog=(env TZ=UTC "${binlog_bin:-mariadb-binlog}" --defaults-extra-file="$cnf" "$protocol")
fi
# The client that loads SQL refuses shell commands in it ("\!") where it knows how (MariaDB 10.5.25, 10.11.8, 11.4.2 on).
load=("${client[@]}" --default-character-set=utf8mb4)
# (The help is read whole before it is searched: piped into "grep -q", which stops reading at the first
# match, the client could die of SIGPIPE while still writing, and with pipefail the test then failed and
# the sandbox was silently left out: a tampered dump's "\!" ran, once in a while, in a test run.)
client_help="$("${client[@]}" --help 2>/dev/null || true)"
if grep -q -- '--sandbox' <<<"$client_help"; then load+=(--sandbox); fi

# The whole dump read once before anything is written: whole (backup.sh's dumps end with
# "-- Dump completed"), decryptable, and where it stands in the binary log.
info="$(read_dump | awk '/^-- CHANGE MASTER TO MASTER_LOG_FILE=/ && !p { p = $0 } /^USE `/ && !u { u = $0 } { l = $0 } END { print p; print u; print l }')" \
  || { echo "the dump cannot be read (a wrong key, a damaged file): nothing was changed" >&2; exit 1; }
if [[ "$(sed -n 3p <<<"$info")" != "-- Dump completed"* ]]; then
  echo "the dump is cut short (it does not end with \"-- Dump completed\"): nothing was changed" >&2
  exit 1
fi
if [ "$replay" = 1 ]; then
  position="$(sed -n 1p <<<"$info")"
  source_db="$(sed -n 2p <<<"$info" | sed -E 's/^USE `([^`]+)`;$/\1/')"
  if [[ ! "$position" =~ MASTER_LOG_FILE=\'([^\']+)\',\ MASTER_LOG_POS=([0-9]+) ]]; then
    echo "this dump records no binary-log position (made without a binary log, or before backup.sh recorded it):" \
      "it can be restored as it is, not replayed forward" >&2
    exit 1
  fi
  start_file="${BASH_REMATCH[1]}"
  start_pos="${BASH_REMATCH[2]}"
  # mariadb-binlog reads --stop-datetime in its own time zone (the shell's TZ, the machine's), which
  # need not be the server's: the moment is read on the server's clock, as SELECT NOW() shows it, and
  # handed to mariadb-binlog in UTC, which it is then told to use (TZ=UTC above).
  stop_utc="$("${client[@]}" -N -e "SELECT DATE_FORMAT(CONVERT_TZ('$until', @@session.time_zone, '+00:00'), '%Y-%m-%d %H:%i:%s')")" \
    || { echo "cannot read the server's clock; nothing was changed" >&2; exit 1; }
  [[ "$stop_utc" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] \
    || { echo "$until is not a moment on the server's clock; nothing was changed" >&2; exit 1; }
  binary_logs="$("${client[@]}" -N -e "SHOW BINARY LOGS")" \
    || { echo "cannot list the server's binary logs: connect as MariaDB's root (see the top of this script); nothing was changed" >&2; exit 1; }
  # the logs the server still keeps, from the dump's on (binlog_expire_logs_seconds: 7 days in the docs)
  mapfile -t logs < <(awk -v f="$start_file" '$1 == f { on = 1 } on { print $1 }' <<<"$binary_logs")
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
# Anything still connected (the app, another node, a script) would write into the database while it
# is replaced, or keep a newer version's idea of it. (The app's own account sees its own connections,
# which is what the app uses; on a Galera cluster, stop every node's app: others are not seen here.)
check_nobody_connected() {
  local connected
  connected="$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.processlist WHERE (db = '$name' OR (user = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND user <> 'root')) AND id <> CONNECTION_ID()")"
  if [ "$connected" != 0 ]; then
    echo "$connected connection(s) to $name are open: stop the app (every node) before rolling back; nothing was changed" >&2
    exit 1
  fi
}

if [ "$rollback" = 1 ]; then
  check_nobody_connected
  [ "$tables" != 0 ] || { echo "database $name holds no tables: nothing to roll back, restore the dump normally" >&2; exit 1; }
  read -r now_version now_people now_groups now_actions now_answers now_last < <(summary)
  # The current database, newer schema and writes since the dump included, saved first, outside the
  # nightly rotation (KEEP_DAYS: this run deletes no old dump, the one being restored among them).
  aside="$(BACKUP_PREFIX=before-rollback KEEP_DAYS=36500 bash "$here/backup.sh" $([ "$compose" = 1 ] && echo --compose) "$(dirname "$file")" | tail -n 1)" \
    || { echo "could not save the current database first (backup.sh failed): nothing was changed" >&2; exit 1; }
  [ -f "$aside" ] || { echo "could not save the current database first: nothing was changed" >&2; exit 1; }
  check_nobody_connected
  trap 'echo "the rollback stopped halfway: what $name held before is in $aside (restore.sh --force $aside puts it back)" >&2; rm -f "${cnf:-}"' EXIT
  # Emptied, not overwritten: a table only the newer version has would otherwise stay and make its
  # migration fail at the next upgrade ("table already exists").
  "${client[@]}" -e "DROP DATABASE \`$name\`; CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  tables=0
fi
if [ "$tables" != "0" ] && [ "$force" != 1 ]; then
  if [ "$replay" = 1 ]; then
    echo "database $name already holds $tables tables: recover into a new one (DB_NAME=cortege_recovered), or in place with --rollback" >&2
  else
    echo "database $name already holds $tables tables: restore into an empty one, or add --force" >&2
  fi
  exit 1
fi
if [ "$scratch" = 1 ]; then
  # Whatever happens, the scratch copy of people's data does not stay behind.
  trap '"${client[@]}" -e "DROP DATABASE IF EXISTS \`$name\`" >/dev/null 2>&1 || true; rm -f "${cnf:-}"' EXIT
fi
read_dump | rewrite | "${load[@]}"
if [ "$replay" = 1 ]; then
  # Only the statements on the dump's database, renamed to the target (row events name their tables'
  # database too: the compose file and install.md log rows, binlog_format=ROW). --binary-mode: the log
  # carries binary values (rate-limit buckets) with zero bytes, in its row events and in the comments
  # that annotate them, which the client otherwise refuses.
  rename=()
  [ "$source_db" = "$name" ] || rename=(--rewrite-db="$source_db->$name")
  "${binlog[@]}" --read-from-remote-server --start-position="$start_pos" --stop-datetime="$stop_utc" \
      --database="$source_db" "${rename[@]}" "${logs[@]}" \
    | "${load[@]}" --binary-mode --database="$name"
fi
if [ "$rollback" = 1 ]; then
  trap 'rm -f "${cnf:-}"' EXIT
  read -r version people groups actions answers last < <(summary)
  echo "rolled $name back to the dump $file$([ "$replay" = 1 ] && echo " and its binary log up to $until"): schema V$version (it was V$now_version)."
  echo "Lost, net, unless copied back by hand: $((now_people - people)) people ($now_people → $people)," \
    "$((now_groups - groups)) groups, $((now_actions - actions)) actions, $((now_answers - answers)) answers to actions;" \
    "last sign-up now $last (it was $now_last). Erasures made since then are undone: make them again." \
    "What the database held before is kept in $aside."
  [ "$replay" = 1 ] || echo "Start the previous version now (docs/upgrade.md); a newer one would migrate this database again."
  exit 0
fi
if [ "$replay" = 1 ]; then
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
