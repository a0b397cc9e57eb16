#!/bin/bash
# The official mariadb image's healthcheck.sh for "--connect --innodb_initialized": the server
# answers and InnoDB is up. Test images only.
exec mariadb -uroot -p"${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}" -h 127.0.0.1 -N \
  -e "SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB' AND SUPPORT IN ('YES', 'DEFAULT')" >/dev/null
