#!/bin/sh
# Writes the check's login where only haproxy's user reads it (TLS, the node's certificate checked against the
# cluster's authority), then runs haproxy in the foreground as this machine's peer.
set -eu
# The cluster's authority, to check the nodes' certificates (GALERA_TLS_DIR/ca.pem). Docker makes an empty folder
# where a mounted file is missing: say so rather than fail every check.
[ -f /usr/local/etc/haproxy/galera-ca.pem ] && [ -s /usr/local/etc/haproxy/galera-ca.pem ] \
  || { echo "no ca.pem in GALERA_TLS_DIR: make the cluster's certificates with galera/make-certs.sh (docs/scaling.md); if Docker made a folder named ca.pem there, remove it" >&2; sleep 30; exit 1; }
case "${DB_CHECK_PASSWORD:-}" in *[[:cntrl:]]*) echo "DB_CHECK_PASSWORD must not hold control characters (a new line…)" >&2; exit 1 ;; esac
mkdir -p /tmp/cortege-check
chmod 700 /tmp/cortege-check
umask 077
printf '[client]\nuser = cortege_check\npassword = "%s"\nssl\nssl-ca = /usr/local/etc/haproxy/galera-ca.pem\nssl-verify-server-cert\n' "$(printf '%s' "${DB_CHECK_PASSWORD:?set DB_CHECK_PASSWORD in .env}" | sed 's/\\/\\\\/g; s/"/\\"/g')" \
  > /tmp/cortege-check/client.cnf
# This machine's name among haproxy's peers (haproxy.cfg): which of the three addresses is its own.
peer=""
[ "${NODE_ADDRESS:-}" = "${GALERA_NODE1:-}" ] && peer=node1
[ "${NODE_ADDRESS:-}" = "${GALERA_NODE2:-}" ] && peer=node2
[ "${NODE_ADDRESS:-}" = "${GALERA_NODE3:-}" ] && peer=node3
[ -n "$peer" ] || { echo "NODE_ADDRESS must be one of GALERA_NODE1, GALERA_NODE2, GALERA_NODE3" >&2; exit 1; }
exec haproxy -W -db -L "$peer" -f /usr/local/etc/haproxy/haproxy.cfg
