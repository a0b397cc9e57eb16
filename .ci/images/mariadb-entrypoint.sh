#!/bin/bash
# The official mariadb image's start-up, as far as Cortège's tests and compose file use it: on an
# empty data directory, the root password, a database and a user from MARIADB_* (or MYSQL_*)
# variables (root@MARIADB_ROOT_HOST, '%' by default), mysql@localhost from MARIADB_MYSQL_LOCALHOST_USER/_GRANTS, the scripts of
# /docker-entrypoint-initdb.d (*.sql, *.sh); the temporary server runs with Galera off, as the
# official one does; arguments starting with "-" are options of mariadbd. Test images only.
set -euo pipefail
if [ "${1:0:1}" = '-' ]; then set -- mariadbd "$@"; fi
if [ "$1" != mariadbd ] && [ "$1" != mysqld ]; then exec "$@"; fi
shift
set -- /usr/sbin/mariadbd --user=mysql --bind-address=0.0.0.0 --port=3306 "$@"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if [ ! -d /var/lib/mysql/mysql ]; then
  chown -R mysql:mysql /var/lib/mysql
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal --skip-test-db >/dev/null
  "$@" --skip-networking --socket=/run/mysqld/init.sock --wsrep_on=OFF &
  pid=$!
  for _ in $(seq 1 120); do
    mariadb -uroot --socket=/run/mysqld/init.sock -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
  quote() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\\\'}"; }
  root_password="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
  database="${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}"
  user="${MARIADB_USER:-${MYSQL_USER:-}}"
  password="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"
  {
    # mariadb-install-db also made root@127.0.0.1, root@::1 and root@<hostname> without a password:
    # only root@localhost stays, with root@'%' below, as in the official image
    mariadb -uroot --socket=/run/mysqld/init.sock -N \
      -e "SELECT CONCAT('DROP USER ', QUOTE(User), '@', QUOTE(Host), ';') FROM mysql.user WHERE User = 'root' AND Host <> 'localhost'"
    if [ -n "$root_password" ]; then
      echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(quote "$root_password");"
      [ "${MARIADB_ROOT_HOST:-%}" = localhost ] || echo "CREATE USER 'root'@$(quote "${MARIADB_ROOT_HOST:-%}") IDENTIFIED BY $(quote "$root_password");"
    else
      [ -n "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}" ] \
        || { echo "set MARIADB_ROOT_PASSWORD (or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD)" >&2; kill "$pid"; exit 1; }
      [ "${MARIADB_ROOT_HOST:-%}" = localhost ] || echo "CREATE USER 'root'@$(quote "${MARIADB_ROOT_HOST:-%}");"
    fi
    [ "${MARIADB_ROOT_HOST:-%}" = localhost ] || echo "GRANT ALL ON *.* TO 'root'@$(quote "${MARIADB_ROOT_HOST:-%}") WITH GRANT OPTION;"
    if [ -n "$database" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${database//\`/}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
    fi
    if [ -n "$user" ] && [ "$user" != root ]; then
      echo "CREATE USER $(quote "$user")@'%' IDENTIFIED BY $(quote "$password");"
      [ -z "$database" ] || echo "GRANT ALL ON \`${database//\`/}\`.* TO $(quote "$user")@'%';"
    fi
    if [ -n "${MARIADB_MYSQL_LOCALHOST_USER:-}" ]; then
      echo "CREATE USER IF NOT EXISTS 'mysql'@'localhost' IDENTIFIED VIA unix_socket;"
      echo "GRANT ${MARIADB_MYSQL_LOCALHOST_GRANTS:-USAGE} ON *.* TO 'mysql'@'localhost';"
    fi
  } | mariadb -uroot --socket=/run/mysqld/init.sock
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) mariadb -uroot --socket=/run/mysqld/init.sock < "$f" ;;
      *.sh) SOCKET=/run/mysqld/init.sock . "$f" ;;
    esac
  done
  kill "$pid"
  wait "$pid" || true
fi
exec "$@"
