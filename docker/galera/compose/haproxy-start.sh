#!/bin/sh
# Writes the check's login where only haproxy's user reads it, then runs haproxy in the foreground.
set -eu
case "${DB_CHECK_PASSWORD:-}" in *[[:cntrl:]]*) echo "DB_CHECK_PASSWORD must not hold control characters (a new line…)" >&2; exit 1 ;; esac
mkdir -p /tmp/cortege-check
chmod 700 /tmp/cortege-check
umask 077
printf '[client]\nuser = cortege_check\npassword = "%s"\n' "$(printf '%s' "${DB_CHECK_PASSWORD:?set DB_CHECK_PASSWORD in .env}" | sed 's/\\/\\\\/g; s/"/\\"/g')" \
  > /tmp/cortege-check/client.cnf
exec haproxy -W -db -f /usr/local/etc/haproxy/haproxy.cfg
