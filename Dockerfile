# The hub as a container image, built from the distribution:
#   mvn -B package && docker build -t arrears .
#   docker run -p 8080:8080 -v arrears-data:/var/lib/arrears -e ARREARS_DB_URL=... arrears
# Not built in CI (no Docker daemon there); the distribution it copies is tested by DistributionIT.
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
# ADD unpacks a local tar archive
ADD target/arrears-${VERSION}-dist.tar.gz /opt/
RUN ln -s /opt/arrears-${VERSION} /opt/arrears \
 && useradd --system --home-dir /var/lib/arrears --create-home arrears \
 && chmod 700 /var/lib/arrears
USER arrears
WORKDIR /opt/arrears
ENV ARREARS_DATA_DIR=/var/lib/arrears
VOLUME /var/lib/arrears
# 8080: opt-out endpoint; 9876: health and metrics
EXPOSE 8080 9876
ENTRYPOINT ["/opt/arrears/bin/arrears"]
CMD ["run"]
