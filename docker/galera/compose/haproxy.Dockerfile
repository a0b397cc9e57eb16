# haproxy with MariaDB's client, for the health check that reads a Galera node's state (check.sh), and socat for
# haproxy's runtime API (haproxy.cfg).
# HAPROXY_IMAGE: the official image by default (Debian inside), or one built from Debian's haproxy.
ARG HAPROXY_IMAGE=haproxy:2.8
FROM ${HAPROXY_IMAGE}
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-client socat \
 && rm -rf /var/lib/apt/lists/*
COPY check.sh haproxy-start.sh /usr/local/etc/haproxy/
COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg
RUN chmod 755 /usr/local/etc/haproxy/check.sh /usr/local/etc/haproxy/haproxy-start.sh
USER haproxy
ENTRYPOINT []
CMD ["/usr/local/etc/haproxy/haproxy-start.sh"]
