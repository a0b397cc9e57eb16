#!/bin/bash
# The start of one Galera node of compose.galera.yaml, before the image's own entrypoint:
#  - the very first start of a new cluster (GALERA_BOOTSTRAP=new, on one machine, empty data) bootstraps
#    it, but only when no other node answers: a machine whose disk was replaced joins the cluster that
#    runs instead of starting an empty one beside it;
#  - after a stop of the whole cluster, GALERA_BOOTSTRAP=force on the node that committed last starts
#    the cluster again from it (docs/scaling.md says how to find that node; remove it afterwards);
#  - after a planned stop of all three, the node that left last (grastate.dat: safe_to_bootstrap: 1)
#    starts the cluster again by itself, and the others join it;
#  - after a crash (grastate.dat says seqno -1), the position is recovered from InnoDB first, so that
#    the node rejoins by an incremental transfer (IST) of what it missed rather than a full copy; after a
#    crash of all three (a power cut), Galera forms the cluster again by itself once all three are back
#    (pc.recovery, from gvwstate.dat).
set -euo pipefail
datadir=/var/lib/mysql
state="$datadir/grastate.dat"
extra=()
# The buffer pool's size goes in a configuration file, not on the command line: the state transfer
# passes the server's command-line options on to mariadb-backup, and MariaDB 11.8's refuses this one
# ("unknown variable 'innodb-buffer-pool-size'"), which failed every full copy to a joining node.
printf '[mysqld]\ninnodb_buffer_pool_size = %s\n' "${DB_BUFFER_POOL:-1G}" > /etc/mysql/conf.d/cortege-memory.cnf
log() { echo "cortege-galera: $*" >&2; }

others_answer() {
  local peer
  for peer in ${GALERA_NODE1:-} ${GALERA_NODE2:-} ${GALERA_NODE3:-}; do
    [ "$peer" = "${NODE_ADDRESS:-}" ] && continue
    if timeout 2 bash -c "exec 3<>/dev/tcp/$peer/4567" 2>/dev/null; then
      log "node $peer answers on 4567"
      return 0
    fi
  done
  return 1
}

if [ ! -e "$state" ]; then   # Galera never ran here (the image may have made the database already)
  if [ "${GALERA_BOOTSTRAP:-}" = new ]; then
    if others_answer; then
      log "GALERA_BOOTSTRAP=new, but a cluster already runs: this empty node joins it (full state transfer)"
    else
      log "first start of a new cluster: bootstrapping it from this node"
      extra+=(--wsrep-new-cluster)
    fi
  else
    log "empty node: joining the cluster (full state transfer from a running node)"
  fi
elif [ "${GALERA_BOOTSTRAP:-}" = force ]; then
  log "GALERA_BOOTSTRAP=force: starting the cluster again from this node (remove the setting once the others have joined)"
  sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$state"
  extra+=(--wsrep-new-cluster)
elif grep -q '^safe_to_bootstrap: *1' "$state" && ! grep -q '^seqno: *-1' "$state"; then
  # Galera's own mark: this node was the last one of the cluster and stopped cleanly, so it holds every
  # transaction (after a planned stop of all three, whatever order they are started in again)
  log "this node left the cluster last and cleanly (safe_to_bootstrap: 1): starting the cluster again from it"
  extra+=(--wsrep-new-cluster)
elif grep -q '^seqno: *-1' "$state"; then
  log "the node stopped without writing its position: recovering it from InnoDB"
  recovered="$(mktemp)"
  chown mysql "$recovered"
  /usr/sbin/mariadbd --user=mysql "$@" --wsrep-recover --log-error="$recovered" || true
  position="$(sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:-\?[0-9]*\).*/\1/p' "$recovered" | tail -n 1)"
  rm -f "$recovered"
  if [ -n "$position" ]; then
    log "recovered position $position: rejoining from it"
    extra+=(--wsrep-start-position="$position")
  else
    log "no position recovered: the node rejoins with a full state transfer"
  fi
fi
exec docker-entrypoint.sh mariadbd "$@" "${extra[@]}"
