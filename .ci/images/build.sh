#!/usr/bin/env bash
# Builds, from Debian's own mirror, the images the tests use where Docker Hub is out of reach
# (../../shared notes: Debian's engine runs here, Docker Hub does not answer):
#   cortege-local/debian:bookworm, cortege-local/debian:trixie   debootstrap --variant=minbase
#   cortege-local/mariadb:<major.minor>                          Debian's MariaDB of each suite
#                                                                 (10.11 from bookworm, 11.8 from trixie)
#   cortege-local/jdk:17, cortege-local/jre:17, cortege-local/caddy:2   for docker/Dockerfile and compose.yaml
#                                                                 (BUILD_IMAGE, RUNTIME_IMAGE, CADDY_IMAGE)
#   cortege-local/haproxy:2                                       for compose.galera.yaml (HAPROXY_IMAGE)
# Needs a running Docker engine and debootstrap; images already there are kept. Prints the MariaDB
# images it has. DEBIAN_MIRROR overrides the mirror (default: the one apt uses).
set -euo pipefail
cd "$(dirname "$0")"
mirror="${DEBIAN_MIRROR:-$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"

base() {
  local suite="$1" tag="cortege-local/debian:$1" dir
  docker image inspect "$tag" >/dev/null 2>&1 && return 0
  dir="$(mktemp -d)"
  if ! debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.log" 2>&1; then
    tail -n 20 "$dir.log" >&2; rm -rf "$dir" "$dir.log"; return 1
  fi
  tar -C "$dir" -c . | docker import - "$tag" >/dev/null
  rm -rf "$dir" "$dir.log"
}

mariadb() {
  local suite="$1" version recipe
  # rebuilt when its recipe changes (the Dockerfile or the scripts it copies), not only when missing
  recipe="$(cat mariadb.Dockerfile mariadb-entrypoint.sh mariadb-healthcheck.sh | sha256sum | cut -c1-16)"
  for tag in $(docker images --format '{{.Repository}}:{{.Tag}}' cortege-local/mariadb); do
    [ "$(docker image inspect --format '{{index .Config.Labels "suite"}}' "$tag")" = "$suite" ] || continue
    [ "$(docker image inspect --format '{{index .Config.Labels "recipe"}}' "$tag")" = "$recipe" ] && return 0
    docker rmi "$tag" >/dev/null 2>&1 || true   # in use by a container: the new build takes the tag over
  done
  docker build -q -f mariadb.Dockerfile --build-arg BASE="cortege-local/debian:$suite" --label suite="$suite" \
    --label recipe="$recipe" -t "cortege-local/mariadb:$suite" . >/dev/null
  # named by the version it holds, as the official images are
  version="$(docker run --rm --entrypoint mariadbd "cortege-local/mariadb:$suite" --version | sed -E 's/.*Ver ([0-9]+\.[0-9]+).*/\1/')"
  docker tag "cortege-local/mariadb:$suite" "cortege-local/mariadb:$version"
  docker rmi "cortege-local/mariadb:$suite" >/dev/null
}

packages() {
  local tag="$1" list="$2"
  docker image inspect "$tag" >/dev/null 2>&1 && return 0
  docker build -q -f packages.Dockerfile --build-arg BASE=cortege-local/debian:bookworm --build-arg PACKAGES="$list" -t "$tag" . >/dev/null
}

for suite in bookworm trixie; do
  base "$suite"
  mariadb "$suite"
done
if ! docker image inspect cortege-local/jdk:17 >/dev/null 2>&1; then
  context="$(mktemp -d)"
  mkdir -p "$context/extra-ca"
  cp jdk.Dockerfile "$context/"
  find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$context/extra-ca/" \; 2>/dev/null || true
  docker build -q -f "$context/jdk.Dockerfile" --build-arg BASE=cortege-local/debian:bookworm -t cortege-local/jdk:17 "$context" >/dev/null
  rm -rf "$context"
fi
packages cortege-local/jre:17 "openjdk-17-jre-headless ca-certificates"
packages cortege-local/haproxy:2 "haproxy"
docker image inspect cortege-local/caddy:2 >/dev/null 2>&1 \
  || docker build -q -f caddy.Dockerfile --build-arg BASE=cortege-local/debian:bookworm -t cortege-local/caddy:2 . >/dev/null
docker images --format '{{.Repository}}:{{.Tag}}' cortege-local/mariadb
