#!/usr/bin/env bash
# Cortège backup: a consistent dump of the MariaDB database while the site keeps running
# (one InnoDB snapshot, --single-transaction: no table is locked), gzipped, readable only by its
# owner. Old dumps are removed after KEEP_DAYS days (default 14).
#
#   docker/backup.sh /var/backups/cortege                 # a server you run (reads DB_* below)
#   docker/backup.sh --compose /var/backups/cortege       # the compose install (docker compose exec db …)
#
# Connection, from the environment: DB_HOST (127.0.0.1), DB_PORT (3306), DB_NAME (cortege),
# DB_USER (cortege), DB_PASSWORD; or DB_SOCKET instead of host and port. The password goes through a private option file, never the
# command line. Prints the dump's path. docs/backup.md explains restoring and testing it.
#
# Where the server keeps a binary log (compose does; docs/install.md turns it on), the dump records the
# log's position at its snapshot ("-- CHANGE MASTER TO MASTER_LOG_FILE=…, MASTER_LOG_POS=…" near the
# top): restore.sh --until replays the log from there, up to a chosen moment. Without a binary log the
# dump is taken all the same and the script says that it has no such point.
#
# Encrypted for a key the server does not hold: BACKUP_ENCRYPT_TO set to an age public key
# (age1…: the dump becomes cortege-….sql.gz.age) or to a GPG key in the keyring (its full
# fingerprint: ….sql.gz.gpg). The dump is never written to disk in clear; restore.sh decrypts with
# the private key (BACKUP_AGE_IDENTITY, or the GPG keyring).
set -euo pipefail
umask 077
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/db-connection.sh"

compose=0
if [ "${1:-}" = "--compose" ]; then compose=1; shift; fi
dir="${1:?usage: backup.sh [--compose] <backup folder>}"
keep_days="${KEEP_DAYS:-14}"
name="${DB_NAME:-cortege}"
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# BACKUP_PREFIX: restore.sh --rollback saves the database it replaces as before-rollback-…, which the
# rotation below (cortege-… only) never deletes.
prefix="${BACKUP_PREFIX:-cortege}"
case "$prefix" in *[!A-Za-z0-9_-]*|"") echo "BACKUP_PREFIX may hold letters, digits, - and _ only" >&2; exit 2 ;; esac
out="$dir/$prefix-$stamp.sql.gz"
encrypt_to="${BACKUP_ENCRYPT_TO:-}"
case "$encrypt_to" in
  "") encrypt() { cat; } ;;
  age1*)
    command -v age >/dev/null || { echo "BACKUP_ENCRYPT_TO is an age key but age is not installed (apt-get install age)" >&2; exit 1; }
    out="$out.age"; encrypt() { age -r "$encrypt_to"; } ;;
  *)
    command -v gpg >/dev/null || { echo "BACKUP_ENCRYPT_TO names a GPG key but gpg is not installed" >&2; exit 1; }
    # a full fingerprint: a name or an address could match another key of the keyring
    [[ "$encrypt_to" =~ ^[0-9A-Fa-f]{40}$ ]] || { echo "BACKUP_ENCRYPT_TO: give the GPG key's full fingerprint (40 hexadecimal digits)" >&2; exit 1; }
    gpg --batch --list-keys "$encrypt_to" >/dev/null 2>&1 || { echo "no GPG public key $encrypt_to in the keyring" >&2; exit 1; }
    out="$out.gpg"; encrypt() { gpg --batch --yes --trust-model always --encrypt --recipient "$encrypt_to"; } ;;
esac
tmp="$out.partial"
last="$(mktemp)"
trap 'rm -f "$tmp" "$last"' EXIT
# Passes the dump through and notes whether it is whole: a whole dump ends with "-- Dump completed".
# Only a yes goes to that file, never the line itself (a dump cut short ends in the middle of people's rows).
keep_last() { awk -v f="$last" '{ print; l = $0 } END { if (l ~ /^-- Dump completed/) print "complete" > f }'; }

options=(--single-transaction --quick --hex-blob --no-tablespaces --skip-lock-tables
         --default-character-set=utf8mb4 --databases "$name")

if [ "$compose" = 1 ]; then
  cd "$(dirname "$0")"
  # Inside the db container, with the credentials compose gave it.
  # Docker's compose plugin, or Debian 12's docker-compose (1.29): the same commands.
  if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
  # The password through MYSQL_PWD (the process's environment), never its command line (ps shows that).
  in_db() { local tool="$1"; shift; "${compose_cmd[@]}" exec -T db sh -c 'MYSQL_PWD="$MARIADB_PASSWORD" exec "$0" -u"$MARIADB_USER" "$@"' "$tool" "$@"; }
  dump=mariadb-dump
  client=mariadb
else
  dump="$(command -v mariadb-dump || command -v mysqldump || true)"
  [ -n "${MARIADB_DUMP:-}" ] && dump="$MARIADB_DUMP"
  [ -n "$dump" ] || { echo "mariadb-dump not found (apt-get install mariadb-client)" >&2; exit 1; }
  client="$(command -v mariadb || command -v mysql || true)"
  [ -n "${MARIADB_CLIENT:-}" ] && client="$MARIADB_CLIENT"
  [ -n "$client" ] || { echo "the mariadb client is not installed (apt-get install mariadb-client)" >&2; exit 1; }
  cnf="$(mktemp)"
  trap 'rm -f "$tmp" "$cnf" "$last"' EXIT
  write_client_options "$cnf"
  in_db() { local tool="$1"; shift; "$tool" --defaults-extra-file="$cnf" "$protocol" "$@"; }
fi

# The binary log's position at the dump's snapshot (with --single-transaction MariaDB reads it from the
# snapshot itself, no lock taken): the start of a point-in-time recovery.
if [ "$(in_db "$client" -N -e 'SELECT @@log_bin')" = 1 ]; then
  options=(--master-data=2 "${options[@]}")
else
  echo "note: the server keeps no binary log, so this dump is the only point it can be restored to (docs/backup.md)" >&2
fi
in_db "$dump" "${options[@]}" | keep_last | gzip -6 | encrypt > "$tmp"

# A dump that stopped halfway has no completion line: keep only whole ones.
if ! grep -q '^complete$' "$last"; then
  echo "the dump is incomplete; the previous backups are kept" >&2
  exit 1
fi
mv "$tmp" "$out"
find "$dir" -maxdepth 1 -name 'cortege-*.sql.gz*' ! -name '*.partial' -mtime +"$keep_days" -delete
# what a run killed before its end left behind (its trap never ran)
find "$dir" -maxdepth 1 \( -name 'cortege-*.partial' -o -name 'before-rollback-*.partial' \) -mmin +1440 -delete
echo "$out"
