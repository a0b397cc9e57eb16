#!/bin/bash
# The start of one Galera node of compose.galera.yaml, before the image's own entrypoint. It decides whether
# this node starts the cluster (bootstraps) or joins it:
#  - the very first start of a new cluster: GALERA_BOOTSTRAP=new on one machine, whose node has never run
#    Galera; remove the setting once the cluster runs;
#  - after a planned stop of all three, the node that left last (grastate.dat: safe_to_bootstrap: 1)
#    starts the cluster again by itself, whatever order the machines come back in, and the others join it;
#  - after a crash (grastate.dat: seqno -1), the position is recovered from InnoDB first, so that the node
#    rejoins by an incremental transfer (IST) of what it missed rather than a full copy; after a crash of
#    all three (a power cut), Galera forms the cluster again by itself once all three are back
#    (pc.recovery, from gvwstate.dat);
#  - GALERA_BOOTSTRAP=force, by hand, when a node never came back after a crash of all three (docs/scaling.md).
# Two guards against a second cluster beside the real one, or a full copy erasing a node's data:
#  - no bootstrap, whatever the settings say, while another node answers as part of a primary component
#    (asked over SQL with haproxy's check login): this node joins it instead;
#  - a node whose data belongs to another cluster history than the one running refuses to join it (a
#    full copy would erase its data: a first machine bootstrapped again on an emptied disk, for instance).
set -euo pipefail
datadir=/var/lib/mysql
state="$datadir/grastate.dat"
extra=()
log() { echo "cortege-galera: $*" >&2; }
fail() { log "$*"; sleep 30; exit 1; }   # Docker starts it again: the message repeats in the log, not in a tight loop

# Values that end up in configuration files and commands: nothing but what they should hold.
[[ "${DB_BUFFER_POOL:-1G}" =~ ^[0-9]+[KMGTkmgt]?$ ]] || fail "DB_BUFFER_POOL must be a size such as 1G or 512M"
for name in NODE_ADDRESS GALERA_NODE1 GALERA_NODE2 GALERA_NODE3; do
  [[ "${!name:-}" =~ ^[0-9A-Za-z.:-]+$ ]] || fail "$name must be an address (letters, digits, dots, colons, hyphens)"
done
case "${DB_CHECK_PASSWORD:-}" in *[[:cntrl:]]*) fail "DB_CHECK_PASSWORD must not hold control characters (a new line…)" ;; esac

# The cluster's certificates (galera.cnf): without them the node would not start, or worse, talk in clear.
tls=/etc/mysql/galera-tls
for file in ca.pem node.pem node-key.pem; do
  [ -f "$tls/$file" ] && [ -s "$tls/$file" ] \
    || fail "no $file in GALERA_TLS_DIR: make the cluster's certificates with galera/make-certs.sh and copy this machine's folder there (docs/scaling.md)"
done
[ "$(stat -c %u "$tls/node-key.pem")" = "$(id -u mysql)" ] \
  || fail "GALERA_TLS_DIR/node-key.pem must belong to MariaDB's user in the image: chown $(id -u mysql):$(id -g mysql) galera-tls/node-key.pem"

# In a configuration file, not on the command line: the state transfer passes the server's command-line
# options on to mariadb-backup, and MariaDB 11.8's refuses the buffer pool's ("unknown variable
# 'innodb-buffer-pool-size'"), which failed every full copy to a joining node. The full copy's listener
# (socat, on the joiner) is bound to the private address, not to every interface.
printf '[mysqld]\ninnodb_buffer_pool_size = %s\n\n[sst]\nsockopt = ",bind=%s"\n' "${DB_BUFFER_POOL:-1G}" "$NODE_ADDRESS" \
  > /etc/mysql/conf.d/cortege-node.cnf

# The uuid of a node of the three that is in a primary component, or nothing; tried for $1 seconds.
primary_peer() {
  local until=$((SECONDS + $1)) peer out
  while :; do
    for peer in "$GALERA_NODE1" "$GALERA_NODE2" "$GALERA_NODE3"; do
      [ "$peer" = "$NODE_ADDRESS" ] && continue
      out=$(MYSQL_PWD="${DB_CHECK_PASSWORD:-}" timeout 4 mariadb --no-defaults --connect-timeout=2 -h "$peer" -u cortege_check -N -B \
        --ssl --ssl-ca="$tls/ca.pem" \
        -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_status', 'wsrep_cluster_state_uuid')" 2>/dev/null) || continue
      if printf '%s\n' "$out" | grep -q "^wsrep_cluster_status[[:space:]]*Primary"; then
        printf '%s %s\n' "$peer" "$(printf '%s\n' "$out" | sed -n 's/^wsrep_cluster_state_uuid[[:space:]]*//p')"
        return 0
      fi
    done
    [ "$SECONDS" -ge "$until" ] && return 0
    sleep 2
  done
}

own_uuid=""
if [ -e "$state" ]; then
  own_uuid="$(sed -n 's/^uuid: *//p' "$state")"
  if grep -q '^seqno: *-1' "$state"; then
    log "the node stopped without writing its position: recovering it from InnoDB"
    recovered="$(mktemp)"
    chown mysql "$recovered"
    /usr/sbin/mariadbd --user=mysql "$@" --wsrep-recover --log-error="$recovered" || true
    position="$(sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:[0-9]*\)[[:space:]]*$/\1/p' "$recovered" | tail -n 1)"
    rm -f "$recovered"
    if [ -n "$position" ]; then
      log "recovered position $position: rejoining from it"
      extra+=(--wsrep-start-position="$position")
    else
      log "no position recovered: the node rejoins with a full state transfer"
    fi
  fi
fi

bootstrap=""
if [ ! -e "$state" ]; then
  [ "${GALERA_BOOTSTRAP:-}" = new ] && bootstrap="first start of a new cluster (GALERA_BOOTSTRAP=new)"
elif [ "${GALERA_BOOTSTRAP:-}" = force ]; then
  bootstrap="GALERA_BOOTSTRAP=force (remove it from .env and run 'up -d db' once the others have joined)"
elif grep -q '^safe_to_bootstrap: *1' "$state" && ! grep -q '^seqno: *-1' "$state"; then
  bootstrap="this node left the cluster last and cleanly (safe_to_bootstrap: 1)"
fi

if [ -n "$bootstrap" ]; then
  peer="$(primary_peer 10)"
  if [ -n "$peer" ]; then
    log "not starting a cluster (${bootstrap}): node ${peer%% *} already runs one; joining it"
    bootstrap=""
  fi
else
  peer="$(primary_peer 0)"
fi
if [ -z "$bootstrap" ] && [ -n "$peer" ] && [ -n "$own_uuid" ] && [ "$own_uuid" != 00000000-0000-0000-0000-000000000000 ] \
    && [ "$own_uuid" != "${peer#* }" ]; then
  fail "refusing to join the cluster of ${peer%% *}: it has another history (${peer#* }) than this node's data ($own_uuid), and a full copy would erase this node's data. Find out which one holds the movement's data (docs/scaling.md); empty this node's volume only if it is the other one."
fi
if [ -n "$bootstrap" ]; then
  if [ "${GALERA_BOOTSTRAP:-}" = force ] && [ -e "$state" ]; then
    sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$state"
  fi
  log "starting the cluster from this node: $bootstrap"
  extra+=(--wsrep-new-cluster)
fi
exec docker-entrypoint.sh mariadbd "$@" "${extra[@]}"
