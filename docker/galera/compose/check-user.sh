# Run once by the image's entrypoint on a new node (/docker-entrypoint-initdb.d): the user with no rights
# that haproxy's check logs in as, to read whether the node is Synced. Galera is off while the entrypoint
# runs, so each node makes it for itself; a joining node then receives the first node's copy with the rest.
quoted="${DB_CHECK_PASSWORD:?set DB_CHECK_PASSWORD in .env}"
quoted="${quoted//\\/\\\\}"
# Its password is required; it may open 5 connections at most and no statement of its may run for more
# than 2 s: the password sits in the environment of several containers.
echo "CREATE USER IF NOT EXISTS 'cortege_check'@'%' IDENTIFIED BY '${quoted//\'/\\\'}' WITH MAX_USER_CONNECTIONS 5 MAX_STATEMENT_TIME 2;" \
  | MYSQL_PWD="${MARIADB_ROOT_PASSWORD:-}" mariadb -uroot --protocol=socket --socket="${SOCKET:-/run/mysqld/mysqld.sock}"
