package dev.memberships.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Helm chart in helm/memberships, linted and rendered with helm-java (Helm as a
 * library: no helm binary and no cluster needed), the output parsed and checked object by
 * object.
 */
class HelmChartTests {

	private static final Path CHART = Paths.get("helm", "memberships");

	/**
	 * helm-java renders for Kubernetes 1.20 unless told otherwise, below the chart's
	 * kubeVersion (1.30+, for the preStop sleep action); the helm CLI and Argo CD pass
	 * the cluster's.
	 */
	private static final String KUBE_VERSION = "1.33.0";

	private static final int MANAGEMENT_PORT = 8081;

	@Test
	void lintStrictShouldPass() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@Test
	void templateWithDefaultValuesShouldProbeTheManagementPort() {
		RenderedChart chart = template(UnaryOperator.identity());
		Map<String, Object> container = chart.container();
		assertThat(probe(chart, container, "startupProbe"))
			.isEqualTo(entry(MANAGEMENT_PORT, "/actuator/health/liveness"));
		assertThat(probe(chart, container, "livenessProbe"))
			.isEqualTo(entry(MANAGEMENT_PORT, "/actuator/health/liveness"));
		assertThat(probe(chart, container, "readinessProbe"))
			.isEqualTo(entry(MANAGEMENT_PORT, "/actuator/health/readiness"));
		// The application listens where the probes knock.
		assertThat(chart.configMapEnvironment()).containsEntry("MANAGEMENT_SERVER_PORT", "8081")
			.containsEntry("SERVER_PORT", "8080");
	}

	@Test
	void templateWithDefaultValuesShouldGiveTheJvmTimeToStartBeforeLivenessCounts() {
		Map<String, Object> startup = RenderedChart.map(template(UnaryOperator.identity()).container(), "startupProbe");
		int seconds = (Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold");
		assertThat(seconds).isGreaterThanOrEqualTo(60);
	}

	@Test
	void templateWithDefaultValuesShouldRouteAPodWithinASecondOfItsWarmUpAndOutwaitTheWarmUp() throws IOException {
		Map<String, Object> container = template(UnaryOperator.identity()).container();
		Map<String, Object> readiness = RenderedChart.map(container, "readinessProbe");
		assertThat(readiness).containsEntry("periodSeconds", 1);
		// Liveness is up before the warm-up starts; the startup probe only waits for the
		// JVM, but its budget must outlast a slow start plus the longest warm-up anyway.
		Map<String, Object> startup = RenderedChart.map(container, "startupProbe");
		int seconds = (Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold");
		Map<String, Object> application = new Yaml()
			.load(Files.readString(Path.of("src", "main", "resources", "application.yml")));
		Duration warmUp = DurationStyle
			.detectAndParse(RenderedChart.map(application, "memberships", "warm-up").get("timeout").toString());
		assertThat(Duration.ofSeconds(seconds)).isGreaterThan(warmUp.plusSeconds(60));
	}

	@Test
	void templateWithDefaultValuesShouldReadCredentialsFromTheConfiguredSecrets() {
		RenderedChart chart = template(UnaryOperator.identity());
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_AUTH0_CLIENT_ID"))
			.isEqualTo(entry("memberships-auth0", "client-id"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_AUTH0_CLIENT_SECRET"))
			.isEqualTo(entry("memberships-auth0", "client-secret"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_ENOS_APP_KEY")).isEqualTo(entry("memberships-enos", "app-key"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_ENOS_APP_SECRET"))
			.isEqualTo(entry("memberships-enos", "app-secret"));
		// The chart references Secrets; it never carries or creates one.
		assertThat(chart.has("Secret")).isFalse();
		assertThat(chart.configMapEnvironment().keySet()).noneMatch((key) -> key.contains("SECRET"))
			.noneMatch((key) -> key.contains("CLIENT_ID"))
			.noneMatch((key) -> key.contains("APP_KEY"));
	}

	@Test
	void templateWithDefaultValuesShouldHardenPodAndContainer() {
		RenderedChart chart = template(UnaryOperator.identity());
		Map<String, Object> pod = chart.podSpec();
		assertThat(RenderedChart.map(pod, "securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", 10001)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		Map<String, Object> container = RenderedChart.map(chart.container(), "securityContext");
		assertThat(container).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("capabilities", Map.of("drop", List.of("ALL")))
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		// A read-only root needs somewhere to write: /tmp is an emptyDir.
		assertThat(RenderedChart.list(chart.container(), "volumeMounts"))
			.containsExactly(Map.of("name", "tmp", "mountPath", "/tmp"));
		assertThat(RenderedChart.list(pod, "volumes")).singleElement()
			.satisfies((volume) -> assertThat(volume).containsEntry("name", "tmp").containsKey("emptyDir"));
		assertThat(pod).containsEntry("automountServiceAccountToken", false);
	}

	@Test
	void templateWithApplicationConfigShouldMountItAsExtraSpringConfig() {
		RenderedChart chart = template((command) -> command.set("applicationConfig.memberships.batching.window", "10ms")
			.set("applicationConfig.memberships.cache.organizations.ttl", "10m"));
		Map<String, Object> configMap = chart.all("ConfigMap")
			.stream()
			.filter((candidate) -> RenderedChart.map(candidate, "metadata")
				.get("name")
				.toString()
				.endsWith("-application-config"))
			.findFirst()
			.orElseThrow();
		assertThat(RenderedChart.map(configMap, "data").get("application.yaml").toString()).contains("window: 10ms")
			.contains("ttl: 10m");
		assertThat(chart.configMapEnvironment()).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION",
				"optional:file:/config/");
		assertThat(template(UnaryOperator.identity()).configMapEnvironment())
			.doesNotContainKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
	}

	@Test
	void templateWithOtlpEndpointShouldExportTracesThereAndLogJson() {
		RenderedChart chart = template(
				(command) -> command.set("tracing.otlpEndpoint", "http://otel-collector:4318/v1/traces"));
		assertThat(chart.configMapEnvironment())
			.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
					"http://otel-collector:4318/v1/traces")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
	}

	@Test
	void templateWhenOrganizationIndexEnabledShouldRenderItsSettingsAndStaleSweepAlert() {
		RenderedChart chart = template((command) -> command.set("memberships.auth0.index.enabled", true)
			.set("memberships.auth0.index.rate", "1")
			.set("memberships.auth0.index.sweepInterval", "10m")
			.set("prometheusRule.enabled", true)
			.set("prometheusRule.organizationIndexStale.sweepIntervalSeconds", 600));
		assertThat(chart.configMapEnvironment()).containsEntry("MEMBERSHIPS_AUTH0_INDEX_ENABLED", "true")
			.containsEntry("MEMBERSHIPS_AUTH0_INDEX_RATE", "1")
			.containsEntry("MEMBERSHIPS_AUTH0_INDEX_SWEEP_INTERVAL", "10m")
			.containsEntry("MEMBERSHIPS_AUTH0_INDEX_PAGE_SIZE", "50")
			.containsEntry("MEMBERSHIPS_AUTH0_INDEX_MAX_MEMBERSHIPS", "1000000");
		List<Map<String, Object>> rules = RenderedChart
			.list(RenderedChart.list(RenderedChart.map(chart.one("PrometheusRule"), "spec"), "groups").get(0), "rules");
		assertThat(rules).filteredOn((rule) -> "MembershipsOrganizationIndexStale".equals(rule.get("alert")))
			.singleElement()
			.satisfies((rule) -> assertThat((String) rule.get("expr"))
				.contains("memberships_auth0_index_last_sweep_age_seconds")
				.contains("> 1800"));
	}

	@Test
	void templateWithDefaultValuesShouldLeaveUnsetSettingsOut() {
		Map<String, Object> environment = template(UnaryOperator.identity()).configMapEnvironment();
		assertThat(environment).doesNotContainKeys("MEMBERSHIPS_AUTH0_BASE_URL", "MEMBERSHIPS_AUTH0_AUDIENCE",
				"MEMBERSHIPS_ENOS_BASE_URL", "MEMBERSHIPS_ENOS_ORGANIZATION_ID",
				"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
				"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", "JAVA_TOOL_OPTIONS");
		assertThat(environment).containsEntry("MEMBERSHIPS_DEADLINE", "2s")
			.containsEntry("MEMBERSHIPS_AUTH0_MAX_BODY_SIZE", "2097152")
			.doesNotContainKey("MEMBERSHIPS_AUTH0_INDEX_ENABLED");
	}

	@Test
	void templateWithValuesFileShouldRenderEveryMembershipsSetting(@TempDir Path directory) throws IOException {
		Path values = directory.resolve("production.yaml");
		Files.writeString(values, """
				memberships:
				  deadline: 1500ms
				  auth0:
				    baseUrl: https://acme.eu.auth0.com
				    audience: https://acme.eu.auth0.com/api/v2/
				    pageSize: 50
				    connectTimeout: 500ms
				    maxBodySize: 4194304
				    credentials:
				      secretName: auth0-m2m
				      clientIdKey: id
				      clientSecretKey: secret
				  enos:
				    baseUrl: https://apim-ppe1.envisioniot.com
				    organizationId: o15
				    connectTimeout: 2s
				    maxBodySize: 1048576
				    credentials:
				      secretName: enos-app
				      appKeyKey: key
				      appSecretKey: secret
				resourceServer:
				  jwt:
				    issuerUri: https://acme.eu.auth0.com/
				    audiences: [https://memberships.example.com, memberships]
				shutdown:
				  timeoutPerShutdownPhase: 20s
				jvm:
				  extraOptions: -Xss512k
				""");
		RenderedChart chart = template((command) -> command.withValuesFile(values));
		assertThat(chart.configMapEnvironment()).containsOnly(entry("SERVER_PORT", "8080"),
				entry("MANAGEMENT_SERVER_PORT", "8081"), entry("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "20s"),
				entry("MEMBERSHIPS_DEADLINE", "1500ms"),
				entry("MEMBERSHIPS_AUTH0_BASE_URL", "https://acme.eu.auth0.com"),
				entry("MEMBERSHIPS_AUTH0_AUDIENCE", "https://acme.eu.auth0.com/api/v2/"),
				entry("MEMBERSHIPS_AUTH0_PAGE_SIZE", "50"), entry("MEMBERSHIPS_AUTH0_CONNECT_TIMEOUT", "500ms"),
				entry("MEMBERSHIPS_AUTH0_MAX_BODY_SIZE", "4194304"),
				entry("MEMBERSHIPS_ENOS_BASE_URL", "https://apim-ppe1.envisioniot.com"),
				entry("MEMBERSHIPS_ENOS_ORGANIZATION_ID", "o15"), entry("MEMBERSHIPS_ENOS_CONNECT_TIMEOUT", "2s"),
				entry("MEMBERSHIPS_ENOS_MAX_BODY_SIZE", "1048576"),
				entry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "https://acme.eu.auth0.com/"),
				entry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES",
						"https://memberships.example.com,memberships"),
				entry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"),
				entry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1"), entry("JAVA_TOOL_OPTIONS", "-Xss512k"),
				entry("SERVER_COMPRESSION_ENABLED", "true"), entry("SERVER_COMPRESSION_MIN_RESPONSE_SIZE", "1KB"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_AUTH0_CLIENT_ID")).isEqualTo(entry("auth0-m2m", "id"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_AUTH0_CLIENT_SECRET")).isEqualTo(entry("auth0-m2m", "secret"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_ENOS_APP_KEY")).isEqualTo(entry("enos-app", "key"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_ENOS_APP_SECRET")).isEqualTo(entry("enos-app", "secret"));
	}

	@Test
	void templateWithDefaultValuesShouldLeaveTheEventsWebhookAndCorsOff() {
		RenderedChart chart = template(UnaryOperator.identity());
		assertThat(RenderedChart.list(chart.container(), "env"))
			.noneMatch((variable) -> "MEMBERSHIPS_EVENTS_AUTH0_TOKEN".equals(variable.get("name")));
		assertThat(chart.configMapEnvironment()).doesNotContainKeys("MEMBERSHIPS_EVENTS_AUTH0_TOKEN",
				"MEMBERSHIPS_CORS_ALLOWED_ORIGINS");
	}

	@Test
	void templateWithEventsTokenSecretShouldReadTheTokenFromIt() {
		RenderedChart chart = template(
				(command) -> command.set("memberships.events.auth0.token.secretName", "auth0-events")
					.set("memberships.events.auth0.token.key", "webhook-token"));
		assertThat(secretKeyRef(chart, "MEMBERSHIPS_EVENTS_AUTH0_TOKEN"))
			.isEqualTo(entry("auth0-events", "webhook-token"));
		assertThat(chart.has("Secret")).isFalse();
		assertThat(chart.configMapEnvironment().keySet()).noneMatch((key) -> key.contains("TOKEN"));
	}

	@Test
	void templateWithCorsOriginsShouldPassThemJoined() {
		RenderedChart chart = template(
				(command) -> command.set("memberships.cors.allowedOrigins[0]", "https://app.example.com")
					.set("memberships.cors.allowedOrigins[1]", "http://localhost:3000"));
		assertThat(chart.configMapEnvironment()).containsEntry("MEMBERSHIPS_CORS_ALLOWED_ORIGINS",
				"https://app.example.com,http://localhost:3000");
	}

	@Test
	void templateWithCompressionSettingsShouldPassThem() {
		assertThat(template(UnaryOperator.identity()).configMapEnvironment())
			.containsEntry("SERVER_COMPRESSION_ENABLED", "true")
			.containsEntry("SERVER_COMPRESSION_MIN_RESPONSE_SIZE", "1KB");
		assertThat(template(
				(command) -> command.set("compression.enabled", "false").set("compression.minResponseSize", "4KB"))
			.configMapEnvironment()).containsEntry("SERVER_COMPRESSION_ENABLED", "false")
			.containsEntry("SERVER_COMPRESSION_MIN_RESPONSE_SIZE", "4KB");
	}

	@Test
	void templateWithDefaultValuesShouldLeaveRedisOff() {
		RenderedChart chart = template(UnaryOperator.identity());
		assertThat(chart.configMapEnvironment().keySet()).noneMatch((key) -> key.contains("REDIS"));
		assertThat(RenderedChart.list(chart.container(), "env"))
			.noneMatch((env) -> env.get("name").toString().contains("REDIS"));
	}

	@Test
	void templateWithRedisEnabledShouldPointAtTheExistingRedisWithThePasswordFromItsSecret() {
		RenderedChart chart = template((command) -> command.set("memberships.redis.enabled", "true")
			.set("memberships.redis.host", "redis-master.redis.svc")
			.set("memberships.redis.port", "6380")
			.set("memberships.redis.tls", "true")
			.set("memberships.redis.password.secretName", "redis-auth")
			.set("memberships.redis.password.key", "redis-password")
			.set("memberships.redis.auth0Rate.perSecond", "16")
			.set("memberships.redis.auth0Rate.burst", "16"));
		assertThat(chart.configMapEnvironment()).containsEntry("MEMBERSHIPS_REDIS_ENABLED", "true")
			.containsEntry("SPRING_DATA_REDIS_HOST", "redis-master.redis.svc")
			.containsEntry("SPRING_DATA_REDIS_PORT", "6380")
			.containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
			.containsEntry("SPRING_DATA_REDIS_CONNECT_TIMEOUT", "1s")
			.containsEntry("MEMBERSHIPS_REDIS_KEY_PREFIX", "memberships")
			.containsEntry("MEMBERSHIPS_REDIS_TIMEOUT", "50ms")
			.containsEntry("MEMBERSHIPS_REDIS_AUTH0_RATE_PER_SECOND", "16")
			.containsEntry("MEMBERSHIPS_REDIS_AUTH0_RATE_BURST", "16")
			.doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");
		assertThat(secretKeyRef(chart, "SPRING_DATA_REDIS_PASSWORD")).isEqualTo(entry("redis-auth", "redis-password"));
		assertThat(chart.has("Secret")).isFalse();
		List<Map<String, Object>> egress = RenderedChart.list(RenderedChart.map(chart.one("NetworkPolicy"), "spec"),
				"egress");
		assertThat(egress).anySatisfy((rule) -> assertThat(RenderedChart.list(rule, "ports"))
			.containsExactly(Map.of("port", 6380, "protocol", "TCP")));
	}

	@Test
	void templateWithRedisEgressPeersShouldLimitTheRedisRuleToThem() {
		RenderedChart chart = template((command) -> command.set("memberships.redis.enabled", "true")
			.set("memberships.redis.host", "redis-master.redis.svc")
			.set("memberships.redis.egressTo[0].ipBlock.cidr", "10.0.8.0/24"));
		List<Map<String, Object>> egress = RenderedChart.list(RenderedChart.map(chart.one("NetworkPolicy"), "spec"),
				"egress");
		assertThat(egress).anySatisfy((rule) -> {
			assertThat(RenderedChart.list(rule, "ports")).containsExactly(Map.of("port", 6379, "protocol", "TCP"));
			assertThat(RenderedChart.list(rule, "to"))
				.containsExactly(Map.of("ipBlock", Map.of("cidr", "10.0.8.0/24")));
		});
		// TLS is the default; without a rate set, no bucket.
		assertThat(chart.configMapEnvironment()).containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
			.doesNotContainKey("MEMBERSHIPS_REDIS_AUTH0_RATE_PER_SECOND");
	}

	@Test
	void templateWithRedisEnabledButNoHostShouldFail() {
		assertThatThrownBy(() -> template((command) -> command.set("memberships.redis.enabled", "true")))
			.hasMessageContaining("host");
	}

	@Test
	void templateWhenSettingsChangeShouldRollThePods() {
		Object before = podAnnotations(template(UnaryOperator.identity())).get("checksum/config");
		Object after = podAnnotations(template((command) -> command.set("memberships.deadline", "3s")))
			.get("checksum/config");
		assertThat(after).isNotNull().isNotEqualTo(before);
	}

	@Test
	void templateWhenAutoscalingEnabledShouldRenderHpa() {
		RenderedChart chart = template((command) -> command.set("autoscaling.enabled", true)
			.set("autoscaling.minReplicas", 2)
			.set("autoscaling.maxReplicas", 3));
		Map<String, Object> spec = RenderedChart.map(chart.one("HorizontalPodAutoscaler"), "spec");
		assertThat(spec).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 3);
		assertThat(RenderedChart.map(spec, "scaleTargetRef")).containsEntry("kind", "Deployment")
			.containsEntry("name", RenderedChart.map(chart.deployment(), "metadata").get("name"));
		assertThat(RenderedChart.list(spec, "metrics")).singleElement()
			.satisfies((metric) -> assertThat(RenderedChart.map(metric, "resource")).containsEntry("name", "cpu"));
		// The HPA owns the replica count; a Deployment that set one would reset it on
		// every upgrade.
		assertThat(RenderedChart.map(chart.deployment(), "spec")).doesNotContainKey("replicas");
	}

	@Test
	void templateWhenAutoscalingDisabledShouldRenderNoHpaAndSetReplicas() {
		RenderedChart chart = template((command) -> command.set("autoscaling.enabled", false).set("replicaCount", 3));
		assertThat(chart.has("HorizontalPodAutoscaler")).isFalse();
		assertThat(RenderedChart.map(chart.deployment(), "spec")).containsEntry("replicas", 3);
	}

	@Test
	void templateWhenMaxReplicasIsBelowMinReplicasShouldFail() {
		assertThatThrownBy(() -> command().set("autoscaling.minReplicas", 5).set("autoscaling.maxReplicas", 2).call())
			.hasMessageContaining("autoscaling.maxReplicas must not be less than autoscaling.minReplicas");
	}

	@Test
	void templateWhenPodDisruptionBudgetEnabledShouldRenderPdb() {
		RenderedChart chart = template((command) -> command.set("podDisruptionBudget.enabled", true));
		Map<String, Object> spec = RenderedChart.map(chart.one("PodDisruptionBudget"), "spec");
		assertThat(spec).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
		assertThat(RenderedChart.map(spec, "selector", "matchLabels"))
			.isEqualTo(RenderedChart.map(chart.deployment(), "spec", "selector", "matchLabels"));
	}

	@Test
	void templateWhenPodDisruptionBudgetHasMinAvailableShouldUseIt() {
		RenderedChart chart = template((command) -> command.set("podDisruptionBudget.minAvailable", "50%"));
		assertThat(RenderedChart.map(chart.one("PodDisruptionBudget"), "spec")).containsEntry("minAvailable", "50%")
			.doesNotContainKey("maxUnavailable");
	}

	@Test
	void templateWhenPodDisruptionBudgetDisabledShouldRenderNoPdb() {
		assertThat(template((command) -> command.set("podDisruptionBudget.enabled", false)).has("PodDisruptionBudget"))
			.isFalse();
	}

	@Test
	void templateWithDefaultValuesShouldRenderNoIngressAndNoMonitoringObjects() {
		RenderedChart chart = template(UnaryOperator.identity());
		assertThat(chart.has("Ingress")).isFalse();
		assertThat(chart.has("ServiceMonitor")).isFalse();
		assertThat(chart.has("PrometheusRule")).isFalse();
		assertThat(chart.all("ConfigMap")).hasSize(1);
	}

	@Test
	void templateWhenIngressEnabledShouldRouteToTheApiPortOnly() {
		RenderedChart chart = template((command) -> command.set("ingress.enabled", true)
			.set("ingress.className", "nginx")
			.set("ingress.hosts[0].host", "memberships.acme.example")
			.set("ingress.hosts[0].paths[0].path", "/users")
			.set("ingress.hosts[0].paths[0].pathType", "Prefix"));
		Map<String, Object> spec = RenderedChart.map(chart.one("Ingress"), "spec");
		assertThat(spec).containsEntry("ingressClassName", "nginx");
		Map<String, Object> rule = RenderedChart.list(spec, "rules").get(0);
		assertThat(rule).containsEntry("host", "memberships.acme.example");
		Map<String, Object> path = RenderedChart.list(RenderedChart.map(rule, "http"), "paths").get(0);
		assertThat(path).containsEntry("path", "/users");
		assertThat(RenderedChart.map(path, "backend", "service", "port")).isEqualTo(Map.of("name", "http"));
		assertThat(servicePort(chart, "http")).containsEntry("port", 8080).containsEntry("targetPort", "http");
	}

	@Test
	void templateWithDefaultValuesShouldExposeBothPortsOnTheService() {
		RenderedChart chart = template(UnaryOperator.identity());
		assertThat(chart.containerPort(servicePort(chart, "http").get("targetPort"))).isEqualTo(8080);
		assertThat(chart.containerPort(servicePort(chart, "management").get("targetPort"))).isEqualTo(MANAGEMENT_PORT);
	}

	@Test
	void templateWithDefaultValuesShouldRestrictNetworkTraffic() {
		Map<String, Object> spec = RenderedChart.map(template(UnaryOperator.identity()).one("NetworkPolicy"), "spec");
		assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
		List<Map<String, Object>> ingress = RenderedChart.list(spec, "ingress");
		assertThat(ingress).hasSize(2);
		assertThat(RenderedChart.list(ingress.get(0), "ports"))
			.containsExactly(Map.of("port", "http", "protocol", "TCP"));
		assertThat(RenderedChart.list(ingress.get(0), "from")).containsExactly(namespace("ingress-nginx"));
		assertThat(RenderedChart.list(ingress.get(1), "ports"))
			.containsExactly(Map.of("port", "management", "protocol", "TCP"));
		assertThat(RenderedChart.list(ingress.get(1), "from")).containsExactly(namespace("monitoring"));
		List<Map<String, Object>> egress = RenderedChart.list(spec, "egress");
		assertThat(egress).hasSize(2);
		assertThat(RenderedChart.list(egress.get(0), "ports")).extracting((port) -> port.get("port")).containsOnly(53);
		assertThat(RenderedChart.list(egress.get(1), "ports")).containsExactly(Map.of("port", 443, "protocol", "TCP"));
		assertThat(RenderedChart.map(RenderedChart.list(egress.get(1), "to").get(0), "ipBlock"))
			.containsEntry("cidr", "0.0.0.0/0")
			.extractingByKey("except", InstanceOfAssertFactories.LIST)
			.contains("10.0.0.0/8", "169.254.0.0/16");
	}

	@Test
	void templateWhenNamespacesAndUpstreamsAreConfiguredShouldAllowExactlyThose() {
		Map<String, Object> spec = RenderedChart
			.map(template((command) -> command.set("networkPolicy.ingress.allowedNamespaces[0]", "shop")
				.set("networkPolicy.ingress.allowedNamespaces[1]", "billing")
				.set("networkPolicy.ingress.monitoringNamespaces[0]", "observability")
				.set("networkPolicy.egress.upstreams.cidrs[0].cidr", "203.0.113.0/24")
				.set("networkPolicy.egress.upstreams.ports[0]", 8443)).one("NetworkPolicy"), "spec");
		List<Map<String, Object>> ingress = RenderedChart.list(spec, "ingress");
		assertThat(RenderedChart.list(ingress.get(0), "from")).containsExactly(namespace("shop"), namespace("billing"));
		assertThat(RenderedChart.list(ingress.get(1), "from")).containsExactly(namespace("observability"));
		Map<String, Object> upstreams = RenderedChart.list(spec, "egress").get(1);
		assertThat(RenderedChart.list(upstreams, "to"))
			.containsExactly(Map.of("ipBlock", Map.of("cidr", "203.0.113.0/24")));
		assertThat(RenderedChart.list(upstreams, "ports")).containsExactly(Map.of("port", 8443, "protocol", "TCP"));
	}

	@Test
	void templateWhenNetworkPolicyDisabledShouldRenderNone() {
		assertThat(template((command) -> command.set("networkPolicy.enabled", false)).has("NetworkPolicy")).isFalse();
	}

	@Test
	void templateWhenMonitoringEnabledShouldRenderServiceMonitorRulesAndDashboard() {
		RenderedChart chart = template((command) -> command.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.labels.release", "kube-prometheus-stack")
			.set("prometheusRule.enabled", true)
			.set("grafanaDashboard.enabled", true));
		Map<String, Object> serviceMonitor = chart.one("ServiceMonitor");
		assertThat(RenderedChart.map(serviceMonitor, "metadata", "labels")).containsEntry("release",
				"kube-prometheus-stack");
		assertThat(RenderedChart.list(RenderedChart.map(serviceMonitor, "spec"), "endpoints")).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus"));
		List<Map<String, Object>> rules = RenderedChart
			.list(RenderedChart.list(RenderedChart.map(chart.one("PrometheusRule"), "spec"), "groups").get(0), "rules");
		assertThat(rules).extracting((rule) -> rule.get("alert"))
			.containsExactly("MembershipsHighServerErrorRate", "MembershipsHighPartialAnswerRate",
					"MembershipsUpstreamCircuitOpen", "MembershipsAuth0BudgetExhausted", "MembershipsHighLatency",
					"MembershipsRedisUnavailable", "MembershipsEventsFailing", "MembershipsOverloadRefusals");
		assertThat((String) rules.get(1).get("expr")).contains("memberships_answers_total")
			.contains("completeness=~\"partial|failed\"");
		assertThat((String) rules.get(2).get("expr")).contains("resilience4j_circuitbreaker_state")
			.contains("state=\"open\"");
		assertThat((String) rules.get(3).get("expr")).contains("memberships_upstream_rate_limit_remaining")
			.contains("upstream=\"auth0\"");
		assertThat((String) rules.get(0).get("expr")).contains("http_server_requests_seconds_count")
			.contains("namespace=\"apps\",service=\"memberships\"")
			.contains("status=~\"5..\"");
		// Prometheus' own template syntax survives Helm's.
		assertThat(RenderedChart.map(rules.get(0), "annotations").get("description").toString())
			.startsWith("{{ $value | humanizePercentage }}");
		Map<String, Object> dashboard = chart.all("ConfigMap")
			.stream()
			.filter((configMap) -> RenderedChart.map(configMap, "metadata")
				.get("name")
				.toString()
				.endsWith("-dashboard"))
			.findFirst()
			.orElseThrow();
		assertThat(RenderedChart.map(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
		String json = RenderedChart.map(dashboard, "data").get("memberships.json").toString();
		assertThat(JsonMapper.builder().build().readTree(json).at("/panels").size()).isPositive();
	}

	@Test
	void templateWithDefaultValuesShouldDrainBeforeTheKubeletKills() {
		RenderedChart chart = template(UnaryOperator.identity());
		int grace = (Integer) chart.podSpec().get("terminationGracePeriodSeconds");
		int preStop = (Integer) RenderedChart.map(chart.container(), "lifecycle", "preStop", "sleep").get("seconds");
		Duration shutdownPhase = DurationStyle
			.detectAndParse(chart.configMapEnvironment().get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE").toString());
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(shutdownPhase.plusSeconds(preStop));
		Map<String, Object> rollingUpdate = RenderedChart.map(chart.deployment(), "spec", "strategy", "rollingUpdate");
		assertThat(rollingUpdate).containsEntry("maxUnavailable", 0);
	}

	@Test
	void templateWithDefaultValuesShouldSpreadPodsOverZonesAndNodes() {
		List<Map<String, Object>> constraints = RenderedChart.list(template(UnaryOperator.identity()).podSpec(),
				"topologySpreadConstraints");
		assertThat(constraints).extracting((constraint) -> constraint.get("topologyKey"))
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					replicaCount                                  | many          | at '/replicaCount': got string, want integer
					replicaCount                                  | 0             | at '/replicaCount': minimum
					memberships.deadline                          | soon          | at '/memberships/deadline'
					memberships.auth0.connectTimeout              | 1 second      | at '/memberships/auth0/connectTimeout'
					memberships.auth0.pageSize                    | 500           | at '/memberships/auth0/pageSize'
					memberships.enos.maxBodySize                  | 100           | at '/memberships/enos/maxBodySize'
					memberships.auth0.baseUrl                     | acme.auth0.com| at '/memberships/auth0/baseUrl'
					memberships.enos.organizationId               | ou main       | at '/memberships/enos/organizationId'
					memberships.auth0.credentials.secretName      | ''            | at '/memberships/auth0/credentials/secretName'
					memberships.enos.credentials.appSecretKey     | ''            | at '/memberships/enos/credentials/appSecretKey'
					memberships.demo.enabled                      | true          | additional properties 'demo' not allowed
					memberships.enso.baseUrl                      | https://x     | additional properties 'enso' not allowed
					memberships.cors.allowedOrigins[0]            | *             | at '/memberships/cors/allowedOrigins/0'
					memberships.cors.allowedOrigins[0]            | https://a.example.com/app | at '/memberships/cors/allowedOrigins/0'
					memberships.events.auth0.token.secretName     | Auth0_Events  | at '/memberships/events/auth0/token/secretName'
					compression.minResponseSize                   | big           | at '/compression/minResponseSize'
					compression.enabled                           | sometimes     | at '/compression/enabled'
					""")
	void templateWhenValueIsInvalidShouldFailThroughTheSchema(String key, String value, String message) {
		assertThatThrownBy(() -> command().set(key, value).call())
			.hasMessageContaining("values don't meet the specifications of the schema")
			.hasMessageContaining(message);
	}

	@Test
	void templateWhenSecretNameIsRemovedShouldFailThroughTheSchema() {
		assertThatThrownBy(() -> command().set("memberships.enos.credentials.secretName", "null").call())
			.hasMessageContaining("at '/memberships/enos/credentials': missing property 'secretName'");
	}

	private static RenderedChart template(UnaryOperator<TemplateCommand> values) {
		return RenderedChart.parse(values.apply(command()).call());
	}

	private static TemplateCommand command() {
		return new Helm(CHART).template().withName("memberships").withNamespace("apps").withKubeVersion(KUBE_VERSION);
	}

	/** The port number and path a probe asks. */
	private static Map.Entry<Integer, String> probe(RenderedChart chart, Map<String, Object> container, String probe) {
		Map<String, Object> httpGet = RenderedChart.map(container, probe, "httpGet");
		return entry(chart.containerPort(httpGet.get("port")), (String) httpGet.get("path"));
	}

	/** The Secret name and key an environment variable is read from. */
	private static Map.Entry<Object, Object> secretKeyRef(RenderedChart chart, String variable) {
		Map<String, Object> reference = RenderedChart.map(chart.env(variable), "valueFrom", "secretKeyRef");
		return entry(reference.get("name"), reference.get("key"));
	}

	private static Map<String, Object> servicePort(RenderedChart chart, String name) {
		return RenderedChart.list(RenderedChart.map(chart.one("Service"), "spec"), "ports")
			.stream()
			.filter((port) -> name.equals(port.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> podAnnotations(RenderedChart chart) {
		return RenderedChart.map(chart.deployment(), "spec", "template", "metadata", "annotations");
	}

	private static Map<String, Object> namespace(String name) {
		return Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
	}

}
