# A MariaDB image from Debian's packages, standing in for the official one where Docker Hub is out
# of reach (this project's CI). BASE: a Debian image built by .ci/images/build.sh. Like the official
# image it holds Galera (galera-4), mariadb-backup and socat (the state transfer of a joining node).
ARG BASE
FROM ${BASE}
# mysql is 999:999, as in the official image: a key file given to one works with the other
RUN groupadd --system --gid 999 mysql && useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --shell /usr/sbin/nologin mysql \
    && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server mariadb-client \
       galera-4 mariadb-backup socat iproute2 \
    && rm -rf /var/lib/apt/lists/* /var/lib/mysql && mkdir -p /var/lib/mysql /run/mysqld \
    && chown mysql:mysql /var/lib/mysql /run/mysqld
COPY mariadb-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY mariadb-healthcheck.sh /usr/local/bin/healthcheck.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/healthcheck.sh && mkdir -p /docker-entrypoint-initdb.d
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mariadbd"]
