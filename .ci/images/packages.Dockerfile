# A Debian image with some of Debian's packages, standing in for an official image where Docker Hub
# is out of reach (this project's CI): the JDK and Maven, the JRE, Caddy. BASE: built by build.sh.
ARG BASE
FROM ${BASE}
ARG PACKAGES
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES} \
    && rm -rf /var/lib/apt/lists/*
