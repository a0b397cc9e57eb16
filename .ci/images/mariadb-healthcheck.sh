#!/bin/bash
# The official mariadb image's healthcheck.sh, as far as Cortège's compose files use it: the server
# answers and InnoDB is up ("--connect --innodb_initialized", as root over TCP on 127.0.0.1), or, with
# "--su-mysql" first, the same asked as the mysql user over the socket (mysql@localhost, made by
# MARIADB_MYSQL_LOCALHOST_USER), for a server that does not listen on 127.0.0.1. Test images only.
query="SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB' AND SUPPORT IN ('YES', 'DEFAULT')"
if [ "${1:-}" = --su-mysql ]; then
  out=$(runuser -u mysql -- mariadb -N -e "$query") || exit 1
else
  out=$(mariadb -uroot -p"${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}" -h 127.0.0.1 -N -e "$query") || exit 1
fi
[ "$out" = 1 ]
