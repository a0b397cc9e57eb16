#!/bin/sh
# haproxy's health check of a Galera node (arguments: haproxy's, then the node's address and port):
# up only when the node is Synced (or donating a copy with mariadb-backup, which does not stop its
# writes: the only node left must not count as down while it copies itself to the others) and ready for
# queries, not merely when it answers a handshake. A node that is joining or cut off from the primary
# component gets no traffic.
# haproxy clears the environment of its checks: the login is in the file haproxy-start.sh wrote.
out=$(timeout 3 mariadb --defaults-file=/tmp/cortege-check/client.cnf --connect-timeout=2 -h "$3" -P "$4" -N -B \
  -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_ready')" 2>/dev/null) || exit 1
echo "$out" | grep -Eq "wsrep_local_state_comment.(Synced|Donor/Desynced)$" && echo "$out" | grep -q "wsrep_ready.ON"
