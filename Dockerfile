# The memberships service as a container image. See docs/deployment.md.
#
#   docker build -t memberships:0.1.0 .
#
# Stage 1 builds the executable jar with the Maven wrapper on a JDK 25 and splits it into
# Spring Boot's layers; stage 2 runs it on a JRE 25, with a JDK AOT cache made by a training
# run in that very stage (the cache is only valid for the JVM and the class path it was made
# with, down to the jar files' sizes and times). No BuildKit-only syntax: the image also
# builds with the classic builder, as Testcontainers' ImageFromDockerfile uses. The base
# images are named in FROM as they are (no ARG), so that Testcontainers can pull them ahead;
# pin them by digest in your registry's copy if your policy asks for it.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# Dependencies first, in their own layer: it is rebuilt only when the pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline

COPY src src
# Tests run in CI (./mvnw verify), not in the image build (src/test is not even in the
# context, see .dockerignore). Not offline: go-offline misses some of the plugins' late
# dependencies; they are fetched here.
RUN ./mvnw -B -ntp package -Dmaven.test.skip=true \
    && cp target/memberships-*.jar application.jar

# Boot 4 tools jar mode. Layers keep the dependencies (large, rarely changed) apart from the
# application (small, changed every release), so a new release pushes and pulls megabytes
# less. No --launcher: the extracted application.jar names its dependencies in lib/ on its
# manifest Class-Path and starts with plain `java -jar`, which is the layout the AOT cache can
# store classes from. (With --launcher the classes are loaded from directories by Spring
# Boot's own class loader; measured, the cache then saves far less; see docs/deployment.md.)
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre

# A fixed numeric user: Kubernetes' runAsNonRoot can only verify a numeric USER.
RUN groupadd --system --gid 10001 memberships \
    && useradd --system --uid 10001 --gid memberships --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin memberships

WORKDIR /application
# From the least to the most often changed, one image layer each.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# AOT cache training run (JDK 25, JEP 514/515): start the application, warm it up as a pod
# does before readiness (the request path answered by internal requests against the
# warm-up's own loopback upstreams, in this process), then close it
# (memberships.warm-up.exit-when-done), recording into app.aot the classes loaded and linked
# and the method profiles of start-up and of the request path alike; a cache of start-up
# alone (spring.context.exit=onRefresh) left the request path to load and profile afresh in
# every pod (docs/performance.md). No upstream and no issuer is called: the settings below
# only satisfy start-up validation, every address is an unresolvable .invalid one, so the
# warm-up's token and issuer steps fail at once and are given up after step-timeout, and the
# warm-up's requests are answered by the loopback. Random ports, so that nothing else on the
# builder is in the way. Nothing here is secret, and it lives only in this RUN, not in the
# image. The JVM flags are the ENTRYPOINT's (PackagedImageIT runs this very command and the
# ENTRYPOINT on the built jar). Tomcat's and the JVM's scratch files from the run are
# removed so that they do not ship.
RUN MEMBERSHIPS_AUTH0_BASE_URL=https://training.auth0.invalid \
    MEMBERSHIPS_AUTH0_CLIENT_ID=training \
    MEMBERSHIPS_AUTH0_CLIENT_SECRET=training \
    MEMBERSHIPS_ENOS_BASE_URL=https://training.enos.invalid \
    MEMBERSHIPS_ENOS_APP_KEY=training \
    MEMBERSHIPS_ENOS_APP_SECRET=training \
    MEMBERSHIPS_ENOS_ORGANIZATION_ID=training \
    SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI=https://training.issuer.invalid/ \
    SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES=training \
    java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
         -XX:AOTCacheOutput=app.aot \
         -jar application.jar --memberships.warm-up.exit-when-done=true \
         --memberships.warm-up.step-timeout=1s --server.port=0 --management.server.port=0 \
    && chmod 0444 app.aot \
    && rm -rf /tmp/*

USER 10001:10001

# 8080: the API. 8081: actuator (health probes, prometheus), for the kubelet and monitoring only.
EXPOSE 8080 8081

# Readiness for plain `docker run` and Compose (depends_on: condition: service_healthy): a
# raw HTTP/1.0 request over bash's /dev/tcp, because the JRE image is not guaranteed to ship
# curl or wget, and starting a second JVM every 30 s for a health check would cost ~100 MB
# and a CPU-second each time. Kubernetes ignores HEALTHCHECK and uses the chart's probes.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

# Exec form: java is PID 1 and receives SIGTERM itself, so Spring's graceful shutdown
# (server.shutdown=graceful) drains in-flight requests before the JVM exits. Further JVM
# options go in JAVA_TOOL_OPTIONS (the chart's jvm.extraOptions), which the JVM reads itself.
# With -XX:AOTCache the JVM only warns and starts without the cache if it cannot be used.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "application.jar"]
