#!/bin/bash
# The certificates that encrypt and authenticate the traffic between the three machines of
# compose.galera.yaml (docs/scaling.md, "Galera with compose"): Galera's replication and incremental
# copies, the full copy to a joining node, and the apps' and haproxy's SQL to another machine's node.
# Run it once, on your own computer or on the first machine, with the three private addresses:
#   galera/make-certs.sh /root/cortege-galera-tls 10.0.0.1 10.0.0.2 10.0.0.3
# It writes a certificate authority of the cluster (ca.pem, ca-key.pem) and, for each machine, a folder
# node1, node2, node3 holding ca.pem, node.pem and node-key.pem (the machine's address in the
# certificate). Copy nodeN/ to machine N as docker/galera-tls (GALERA_TLS_DIR) before its first `up`, then
# there:
#   chown 999:999 galera-tls/node-key.pem     # MariaDB's user in the image reads its key
# Keep ca-key.pem off the three machines (move it away if you ran this on one), with the database key:
# whoever holds it can make a node the cluster accepts. Certificates last 10 years (the authority) and 5
# years (the nodes); -r makes new node certificates from the same authority (copy, chown again, restart
# each machine's db in turn). A stolen node key or authority: a new authority (docs/scaling.md).
# Addresses: IPv4 or DNS names, spelled exactly as in GALERA_NODE1..3.
set -euo pipefail
umask 077

usage() { echo "usage: make-certs.sh [-r] <folder> <address of machine 1> <address 2> <address 3>" >&2; exit 2; }
renew=0
if [ "${1:-}" = "-r" ]; then renew=1; shift; fi
[ $# -eq 4 ] || usage
out="$1"; shift
for address in "$@"; do
  [[ "$address" =~ ^[0-9A-Za-z.:-]+$ ]] || { echo "not an address: $address" >&2; exit 2; }
done
command -v openssl >/dev/null || { echo "openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"

if [ "$renew" = 0 ]; then
  if [ -e "$out/ca-key.pem" ]; then
    echo "$out already holds an authority: a new one would split the cluster (use -r to renew the nodes' certificates)" >&2
    exit 1
  fi
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/O=Cortège/CN=Cortège Galera cluster" -utf8 -keyout "$out/ca-key.pem" -out "$out/ca.pem"
fi
[ -r "$out/ca-key.pem" ] && [ -r "$out/ca.pem" ] || { echo "no authority in $out (ca.pem, ca-key.pem)" >&2; exit 1; }

n=0
for address in "$@"; do
  n=$((n + 1))
  node="$out/node$n"
  mkdir -p "$node"
  if [[ "$address" =~ ^[0-9.]+$ || "$address" == *:* ]]; then san="IP:$address"; else san="DNS:$address"; fi
  # A node on a loopback address (several on one host: a test) is "localhost" to the full copy's script.
  if [[ "$address" =~ ^127\. || "$address" == ::1 ]]; then san="$san,DNS:localhost"; fi
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/O=Cortège/CN=$address" -utf8 \
    -keyout "$node/node-key.pem" -out "$node/node.csr"
  printf 'subjectAltName = %s\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment, keyAgreement\nextendedKeyUsage = serverAuth, clientAuth\n' \
    "$san" > "$node/node.ext"
  openssl x509 -req -in "$node/node.csr" -CA "$out/ca.pem" -CAkey "$out/ca-key.pem" -CAcreateserial -days 1825 \
    -extfile "$node/node.ext" -out "$node/node.pem"
  rm -f "$node/node.csr" "$node/node.ext"
  cp "$out/ca.pem" "$node/ca.pem"
  chmod 644 "$node/ca.pem" "$node/node.pem"
  chmod 600 "$node/node-key.pem"
  chmod 755 "$node"
  echo "machine $n ($address): $node"
done
