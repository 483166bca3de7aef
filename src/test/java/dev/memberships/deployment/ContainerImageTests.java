package dev.memberships.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.Capability;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image as it ships: built from the top-level Dockerfile, run the way the chart runs
 * it (read-only root filesystem with a /tmp tmpfs, no capabilities, no privilege
 * escalation) against Auth0 and EnOS played by WireMock containers on a private network.
 * Skipped where there is no Docker engine; the same answers are tested in-process by the
 * endpoint tests. Tagged {@code docker}: the default build leaves it out, the
 * {@code docker} Maven profile (on by itself where {@code /var/run/docker.sock} exists,
 * or {@code -Pdocker}) runs it.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageTests {

	private static final DockerImageName WIREMOCK = DockerImageName.parse("wiremock/wiremock:3.13.2");

	private static final String STRUCTURES_PATH = "/app-portal-service/v2.2/userStructures/structureList";

	private static final String GROUPS_PATH = "/app-portal-service/v2.2/userGroup/getUsersUserGroupList";

	private static final Network network = Network.newNetwork();

	/**
	 * Built once for the class (the Dockerfile's own Maven build), removed at JVM exit.
	 */
	private static final ImageFromDockerfile image = new ImageFromDockerfile()
		.withDockerfile(Path.of("Dockerfile").toAbsolutePath());

	@Container
	private static final GenericContainer<?> auth0 = wireMock("auth0");

	@Container
	private static final GenericContainer<?> enos = wireMock("enos");

	@Container
	private static final GenericContainer<?> memberships = memberships();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void stubUpstreams() {
		WireMock auth0Admin = new WireMock(auth0.getHost(), auth0.getMappedPort(8080));
		auth0Admin.register(post("/oauth/token")
			.willReturn(okJson("{\"access_token\":\"auth0-token\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		auth0Admin.register(get(urlPathMatching("/api/v2/users/[^/]+/organizations")).willReturn(okJson("""
				{"start":0,"limit":100,"total":1,"organizations":[
				 {"id":"org_1","name":"acme","display_name":"Acme Inc.","metadata":{"tier":"gold"}}]}""")));

		WireMock enosAdmin = new WireMock(enos.getHost(), enos.getMappedPort(8080));
		enosAdmin.register(post("/apim-token-service/v2.0/token/get").willReturn(okJson(
				"{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\"enos-token\",\"expire\":7200}}")));
		for (String userId : List.of("auth0|full", "auth0|partial")) {
			enosAdmin.register(forUser(post(urlPathEqualTo(STRUCTURES_PATH)), userId).willReturn(okJson("""
					{"code":0,"message":"OK","data":{
					 "usersUserStructures":[{"userId":"%s","structureIds":["st_1"]}],
					 "userStructures":[{"id":"st_1","name":"Plant A"}]}}""".formatted(userId))));
		}
		enosAdmin.register(forUser(post(urlPathEqualTo(GROUPS_PATH)), "auth0|full").willReturn(okJson("""
				{"code":0,"message":"OK","data":{
				 "usersUserGroups":[{"userId":"auth0|full","userGroupIds":["ug_1"]}],
				 "userGroups":[{"id":"ug_1","name":"Operators"}]}}""")));
		enosAdmin.register(forUser(post(urlPathEqualTo(GROUPS_PATH)), "auth0|partial")
			.willReturn(serverError().withBody("<html>gateway trouble</html>")));
	}

	@Test
	void getMembershipsWhenEveryUpstreamAnswersShouldAnswerInFull() throws Exception {
		HttpResponse<String> response = request(8080, "/users/auth0%7Cfull/memberships");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/complete").asBoolean()).isTrue();
		assertThat(body.at("/organizationId").asString()).isEqualTo("ou_main");
		assertThat(body.at("/organizations/0/displayName").asString()).isEqualTo("Acme Inc.");
		assertThat(body.at("/structures/0/name").asString()).isEqualTo("Plant A");
		assertThat(body.at("/userGroups/0/name").asString()).isEqualTo("Operators");
		for (String source : List.of("organizations", "structures", "userGroups")) {
			assertThat(body.at("/sources/" + source + "/status").asString()).as(source).isEqualTo("OK");
		}
	}

	@Test
	void getMembershipsWhenOneEnosEndpointFailsShouldAnswerPartially() throws Exception {
		HttpResponse<String> response = request(8080, "/users/auth0%7Cpartial/memberships");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/complete").asBoolean()).isFalse();
		assertThat(body.at("/sources/userGroups/status").asString()).isEqualTo("UNAVAILABLE");
		assertThat(body.at("/sources/userGroups/reason").asString()).isEqualTo("upstream_error");
		assertThat(body.at("/userGroups").size()).isZero();
		assertThat(body.at("/sources/organizations/status").asString()).isEqualTo("OK");
		assertThat(body.at("/structures/0/name").asString()).isEqualTo("Plant A");
		assertThat(response.body()).doesNotContain("gateway trouble");
	}

	@Test
	void healthShouldBeUpOnTheManagementPortOnly() throws Exception {
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = request(8081, probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(this.json.readTree(response.body()).at("/status").asString()).as(probe).isEqualTo("UP");
		}
		assertThat(request(8081, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
		assertThat(request(8080, "/actuator/health").statusCode()).isEqualTo(404);
	}

	@Test
	void imageShouldRunAsTheNonRootUserWithAUsableAotCache() throws Exception {
		assertThat(memberships.execInContainer("id", "-u").getStdout().strip()).isEqualTo("10001");
		// The JVM only warns, and starts without it, when the cache does not fit the JVM
		// or
		// the jars it was trained on.
		assertThat(memberships.getLogs()).doesNotContain("[warning][aot]").doesNotContain("[warning][cds]");
	}

	@Test
	void sigtermShouldShutDownGracefully() {
		try (GenericContainer<?> stopping = memberships()) {
			stopping.start();
			DockerClient docker = DockerClientFactory.instance().client();
			docker.killContainerCmd(stopping.getContainerId()).withSignal("TERM").exec();
			await().atMost(Duration.ofSeconds(30)).until(() -> !state(docker, stopping).getRunning());
			// java is PID 1 (exec-form ENTRYPOINT): it got the signal itself, drained,
			// and
			// exited with 128 + 15.
			assertThat(state(docker, stopping).getExitCodeLong()).isEqualTo(143L);
			assertThat(stopping.getLogs()).contains("Graceful shutdown complete");
		}
	}

	private static GenericContainer<?> wireMock(String alias) {
		return new GenericContainer<>(WIREMOCK).withNetwork(network)
			.withNetworkAliases(alias)
			.withExposedPorts(8080)
			.waitingFor(Wait.forHttp("/__admin/mappings").forPort(8080).forStatusCode(200));
	}

	private static GenericContainer<?> memberships() {
		return new GenericContainer<>(image).withNetwork(network)
			.dependsOn(auth0, enos)
			.withEnv(Map.of("MEMBERSHIPS_AUTH0_BASE_URL", "http://auth0:8080", "MEMBERSHIPS_AUTH0_CLIENT_ID", "client",
					"MEMBERSHIPS_AUTH0_CLIENT_SECRET", "client-secret", "MEMBERSHIPS_ENOS_BASE_URL", "http://enos:8080",
					"MEMBERSHIPS_ENOS_APP_KEY", "app-key", "MEMBERSHIPS_ENOS_APP_SECRET", "app-secret",
					"MEMBERSHIPS_ENOS_ORGANIZATION_ID", "ou_main", "MEMBERSHIPS_DEADLINE", "3s"))
			.withExposedPorts(8080, 8081)
			// As the chart's securityContext runs it.
			.withTmpFs(Map.of("/tmp", "rw,size=64m"))
			.withCreateContainerCmdModifier((command) -> command.getHostConfig()
				.withReadonlyRootfs(true)
				.withCapDrop(Capability.ALL)
				.withSecurityOpts(List.of("no-new-privileges")))
			.waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(8081).forStatusCode(200))
			.withStartupTimeout(Duration.ofMinutes(2));
	}

	private static MappingBuilder forUser(MappingBuilder request, String userId) {
		return request.withRequestBody(matchingJsonPath("$.userIds[0]", equalTo(userId)));
	}

	private static ContainerState state(DockerClient docker, GenericContainer<?> container) {
		return docker.inspectContainerCmd(container.getContainerId()).exec().getState();
	}

	private HttpResponse<String> request(int containerPort, String path) throws Exception {
		URI uri = URI.create("http://" + memberships.getHost() + ":" + memberships.getMappedPort(containerPort) + path);
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
