#!/usr/bin/env bash
# A three-node MariaDB Galera cluster behind haproxy (one writer at a time), on loopback, from
# Debian's packages (mariadb-server, galera-4, rsync, haproxy). The scale-out tests run it; an
# operator can use it to rehearse a failover before doing one for real (docs/scaling.md).
#
#   cluster.sh DIR up          create and start the three nodes and haproxy (database "cortege",
#                              user cortege/cortege on 127.0.0.1), wait until all are Synced
#   cluster.sh DIR kill N      kill -9 node N (1-3), as a crash or a pulled cable would
#   cluster.sh DIR start N     bring node N back: recover its position, rejoin by IST, wait Synced
#   cluster.sh DIR status      each node's state and the cluster's size
#   cluster.sh DIR writer      which node haproxy sends connections to now
#   cluster.sh DIR down        stop haproxy and the nodes, keep DIR (remove it yourself)
#
# Ports (loopback only): haproxy $BASE (3310), SQL $BASE+1..3, Galera 4567-4569, IST 4577-4579,
# SST 4444-4446. Run as root (the nodes then run as the mysql user) or as any user owning DIR.
set -euo pipefail

DIR=${1:?"usage: cluster.sh DIR up|down|kill N|start N|status|writer"}
CMD=${2:?"usage: cluster.sh DIR up|down|kill N|start N|status|writer"}
BASE=${GALERA_BASE_PORT:-3310}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

sql_port() { echo $((BASE + $1)); }
client() { # client N SQL...: as root through the node's socket (root has no TCP login)
  local n=$1; shift
  mariadb --no-defaults --socket="$DIR/run/n$n.sock" -uroot -N -B -e "$*"
}
state() { client "$1" "SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2 || true; }
size() { client "$1" "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | cut -f2 || true; }
pid_of() { cat "$DIR/run/n$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

wait_synced() { # wait_synced N SECONDS
  local n=$1 deadline=$((SECONDS + $2))
  until [ "$(state "$n")" = "Synced" ]; do
    if [ $SECONDS -ge "$deadline" ]; then
      echo "node $n not Synced after $2 s; its log:" >&2
      tail -n 30 "$DIR/logs/n$n.err" >&2 || true
      exit 1
    fi
    sleep 0.3
  done
}

config() { # config N: the node's option file
  local n=$1 user_line=""
  [ "$(id -u)" = 0 ] && user_line="user = mysql"
  cat > "$DIR/n$n.cnf" <<EOF
[mysqld]
$user_line
datadir                   = $DIR/n$n
socket                    = $DIR/run/n$n.sock
pid-file                  = $DIR/run/n$n.pid
log-error                 = $DIR/logs/n$n.err
port                      = $(sql_port "$n")
bind-address              = 127.0.0.1
skip-name-resolve
character-set-server      = utf8mb4
collation-server          = utf8mb4_unicode_ci
binlog_format             = ROW
default_storage_engine    = InnoDB
innodb_autoinc_lock_mode  = 2
innodb_buffer_pool_size   = 64M
innodb_log_file_size      = 16M
innodb_flush_log_at_trx_commit = 2
performance_schema        = OFF
max_connections           = 80
wsrep_on                  = ON
wsrep_provider            = /usr/lib/galera/libgalera_smm.so
wsrep_cluster_name        = cortege
wsrep_cluster_address     = gcomm://127.0.0.1:4567,127.0.0.1:4568,127.0.0.1:4569
wsrep_node_name           = n$n
wsrep_node_address        = 127.0.0.1:$((4566 + n))
wsrep_node_incoming_address = 127.0.0.1:$(sql_port "$n")
wsrep_provider_options    = "gmcast.listen_addr=tcp://127.0.0.1:$((4566 + n));ist.recv_addr=127.0.0.1:$((4576 + n));gcache.size=32M;pc.wait_prim_timeout=PT30S;evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_check_period=PT0.5S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S"
wsrep_sst_method          = rsync
wsrep_sst_receive_address = 127.0.0.1:$((4443 + n))
EOF
}

launch() { # launch N [extra mariadbd options]
  local n=$1; shift
  rm -f "$DIR/run/n$n.pid"
  setsid mariadbd --defaults-file="$DIR/n$n.cnf" "$@" </dev/null >>"$DIR/logs/n$n.out" 2>&1 &
}

haproxy_up() {
  cat > "$DIR/check.sh" <<'EOF'
#!/bin/sh
# haproxy's health check: the node must be Synced and ready, not merely accept a handshake.
# Arguments from haproxy: proxy address, proxy port, server address, server port.
out=$(timeout 3 mariadb --no-defaults --connect-timeout=2 -h "$3" -P "$4" -u haproxy_check -N -B \
  -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_ready')" 2>/dev/null) || exit 1
echo "$out" | grep -q "^wsrep_local_state_comment[[:space:]]Synced$" && echo "$out" | grep -q "^wsrep_ready[[:space:]]ON$"
EOF
  chmod 755 "$DIR/check.sh"
  sed -e "s#@BASE@#$BASE#g" -e "s#@N1@#$(sql_port 1)#g" -e "s#@N2@#$(sql_port 2)#g" -e "s#@N3@#$(sql_port 3)#g" \
      -e "s#@CHECK@#$DIR/check.sh#g" -e "s#@STATS@#$DIR/run/haproxy.sock#g" "$HERE/haproxy.cfg" > "$DIR/haproxy.cfg"
  setsid haproxy -db -f "$DIR/haproxy.cfg" </dev/null >>"$DIR/logs/haproxy.out" 2>&1 &
  echo $! > "$DIR/run/haproxy.pid"
}

case "$CMD" in
  up)
    [ -x /usr/sbin/mariadbd ] && [ -f /usr/lib/galera/libgalera_smm.so ] && command -v haproxy >/dev/null && command -v rsync >/dev/null \
      || { echo "needs mariadb-server, galera-4, rsync and haproxy (apt-get install galera-4 rsync haproxy)" >&2; exit 3; }
    mkdir -p "$DIR/run" "$DIR/logs" "$DIR/n1" "$DIR/n2" "$DIR/n3"
    if [ "$(id -u)" = 0 ]; then chown -R mysql:mysql "$DIR/run" "$DIR/logs" "$DIR"/n?; chmod 755 "$DIR"; fi
    for n in 1 2 3; do config "$n"; done
    mariadb-install-db --no-defaults --datadir="$DIR/n1" $( [ "$(id -u)" = 0 ] && echo --user=mysql ) \
      --auth-root-authentication-method=socket >"$DIR/logs/install.out" 2>&1
    launch 1 --wsrep-new-cluster
    wait_synced 1 60
    client 1 "CREATE DATABASE IF NOT EXISTS cortege CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER IF NOT EXISTS 'cortege'@'127.0.0.1' IDENTIFIED BY 'cortege';
      GRANT ALL PRIVILEGES ON cortege.* TO 'cortege'@'127.0.0.1';
      CREATE USER IF NOT EXISTS 'haproxy_check'@'127.0.0.1';"
    launch 2
    wait_synced 2 90
    launch 3
    wait_synced 3 90
    haproxy_up
    # haproxy marks a server up after two good checks
    for _ in $(seq 1 50); do
      mariadb --no-defaults -h 127.0.0.1 -P "$BASE" -ucortege -pcortege -N -e "SELECT 1" >/dev/null 2>&1 && break
      sleep 0.2
    done
    echo "cluster up: haproxy 127.0.0.1:$BASE, nodes $(sql_port 1) $(sql_port 2) $(sql_port 3), size $(size 1)"
    ;;
  kill)
    n=${3:?node}
    p=$(pid_of "$n")
    [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
    echo "node $n killed"
    ;;
  start)
    n=${3:?node}
    if alive "$n"; then echo "node $n already runs"; exit 0; fi
    # After a crash grastate.dat says seqno -1: without the recovered position the node would ask for a full copy (SST).
    : > "$DIR/logs/n$n.recover"
    [ "$(id -u)" = 0 ] && chown mysql:mysql "$DIR/logs/n$n.recover"
    mariadbd --defaults-file="$DIR/n$n.cnf" --wsrep-recover --log-error="$DIR/logs/n$n.recover" >/dev/null 2>&1 || true
    pos=$(grep -o "Recovered position: [^ ]*" "$DIR/logs/n$n.recover" | tail -n 1 | cut -d' ' -f3 || true)
    if [ -n "$pos" ]; then launch "$n" --wsrep-start-position="$pos"; else launch "$n"; fi
    wait_synced "$n" 120
    echo "node $n back, Synced (from ${pos:-a full copy})"
    ;;
  status)
    for n in 1 2 3; do
      if alive "$n"; then echo "n$n $(state "$n") size=$(size "$n")"; else echo "n$n down"; fi
    done
    ;;
  writer)
    echo "show servers state galera" | socat - "UNIX-CONNECT:$DIR/run/haproxy.sock" 2>/dev/null || true
    ;;
  down)
    [ -f "$DIR/run/haproxy.pid" ] && kill "$(cat "$DIR/run/haproxy.pid")" 2>/dev/null || true
    for n in 3 2 1; do
      p=$(pid_of "$n")
      [ -n "$p" ] && kill "$p" 2>/dev/null || true
    done
    for n in 1 2 3; do
      for _ in $(seq 1 100); do alive "$n" || break; sleep 0.1; done
      p=$(pid_of "$n"); [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
    done
    echo "cluster down"
    ;;
  *)
    echo "unknown command $CMD" >&2
    exit 2
    ;;
esac
