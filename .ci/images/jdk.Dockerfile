# The JDK and Maven from Debian, standing in for the official maven image where Docker Hub is out of
# reach (this project's CI). The machine's own extra certificate authorities (extra-ca/, copied by
# build.sh from /usr/local/share/ca-certificates) are trusted too: a machine whose traffic goes
# through an inspecting proxy reaches Maven Central and the npm registry from the build as it does
# outside it.
ARG BASE
FROM ${BASE}
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless maven ca-certificates ca-certificates-java curl \
    && rm -rf /var/lib/apt/lists/*
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
