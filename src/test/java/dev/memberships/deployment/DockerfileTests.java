package dev.memberships.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the Dockerfile without a Docker engine: the instructions that
 * graceful shutdown, the AOT cache and the chart's security context depend on, and that
 * the image and the chart agree. {@link ContainerImageTests} builds and runs the image
 * where Docker is available.
 */
class DockerfileTests {

	private static DockerfileInstructions dockerfile;

	private static List<String> instructions;

	@BeforeAll
	static void readDockerfile() throws IOException {
		dockerfile = DockerfileInstructions.read();
		instructions = dockerfile.all();
	}

	@Test
	void entrypointShouldBeExecFormSoThatJavaIsPid1AndGetsSigterm() {
		List<String> entrypoint = entrypoint();
		assertThat(entrypoint).startsWith("java")
			.contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot")
			.endsWith("-jar", "application.jar");
		assertThat(instructions).noneMatch((instruction) -> instruction.startsWith("CMD "));
	}

	@Test
	void trainingRunShouldUseTheEntrypointsJvmAndClassPathInTheFinalStage() {
		List<String> finalStage = finalStage();
		int training = indexOf(finalStage, "-XX:AOTCacheOutput=app.aot");
		String run = finalStage.get(training);
		assertThat(run).startsWith("RUN ")
			.contains("--memberships.warm-up.exit-when-done=true", "MEMBERSHIPS_AUTH0_BASE_URL=",
					"-jar application.jar");
		// The JVM flags of the training run are the ENTRYPOINT's, bar the cache flag
		// itself.
		entrypoint().stream()
			.filter((argument) -> argument.startsWith("-XX:") && !argument.startsWith("-XX:AOTCache"))
			.forEach((flag) -> assertThat(run).contains(flag));
		// The cache is only valid for the jars it was made from: train after copying the
		// last
		// layer, in the stage that runs.
		int lastCopy = 0;
		for (int i = 0; i < finalStage.size(); i++) {
			if (finalStage.get(i).startsWith("COPY ")) {
				lastCopy = i;
			}
		}
		assertThat(training).isGreaterThan(lastCopy);
		assertThat(training).isLessThan(indexOf(finalStage, "USER "));
	}

	@Test
	void trainingRunShouldSetEverySettingStartUpNeedsWithUnreachableAddressesAndNothingSecret() {
		Map<String, String> environment = dockerfile.trainingRun().environment();
		assertThat(environment).containsKeys("MEMBERSHIPS_AUTH0_BASE_URL", "MEMBERSHIPS_AUTH0_CLIENT_ID",
				"MEMBERSHIPS_AUTH0_CLIENT_SECRET", "MEMBERSHIPS_ENOS_BASE_URL", "MEMBERSHIPS_ENOS_APP_KEY",
				"MEMBERSHIPS_ENOS_APP_SECRET", "MEMBERSHIPS_ENOS_ORGANIZATION_ID",
				"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI",
				"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES");
		environment.forEach((name, value) -> {
			if (value.startsWith("http")) {
				// RFC 2606: never resolves, so training can reach no one.
				assertThat(java.net.URI.create(value).getHost()).as(name).endsWith(".invalid");
			}
			else {
				assertThat(value).as(name).isEqualTo("training");
			}
		});
	}

	@Test
	void buildShouldExtractSpringBootLayersForAPlainJavaJarStart() {
		assertThat(instructions).anySatisfy((instruction) -> assertThat(instruction)
			.contains("java -Djarmode=tools -jar application.jar extract --layers --destination extracted"));
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(finalStage()).contains("COPY --from=build /build/extracted/" + layer + "/ ./");
		}
		assertThat(instructions)
			.anySatisfy((instruction) -> assertThat(instruction).startsWith("FROM eclipse-temurin:25-jdk"));
		assertThat(finalStage().get(0)).isEqualTo("FROM eclipse-temurin:25-jre");
	}

	@Test
	void imageUserShouldBeTheNumericNonRootUserTheChartRunsAs() throws IOException {
		String user = finalStage().stream()
			.filter((instruction) -> instruction.startsWith("USER "))
			.findFirst()
			.orElseThrow();
		assertThat(user).isEqualTo("USER 10001:10001");
		Map<String, Object> values = chartValues();
		assertThat(RenderedChart.map(values, "podSecurityContext")).containsEntry("runAsUser", 10001)
			.containsEntry("runAsGroup", 10001);
	}

	@Test
	void exposedPortsShouldBeTheChartsPorts() throws IOException {
		assertThat(finalStage()).contains("EXPOSE 8080 8081");
		assertThat(RenderedChart.map(chartValues(), "ports")).containsEntry("http", 8080)
			.containsEntry("management", 8081);
	}

	@Test
	void healthcheckShouldAskReadinessOnTheManagementPortWithoutCurlOrAJvm() {
		String healthcheck = finalStage().stream()
			.filter((instruction) -> instruction.startsWith("HEALTHCHECK "))
			.findFirst()
			.orElseThrow();
		assertThat(healthcheck)
			.contains("CMD [\"bash\", \"-c\"", "/dev/tcp/127.0.0.1/8081", "/actuator/health/readiness")
			.doesNotContain("curl", "wget", "java");
	}

	@Test
	void dockerignoreShouldKeepBuildOutputAndRepositoryStateOutOfTheContext() throws IOException {
		assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains(".git", "target", "helm", "src/test");
	}

	private static List<String> finalStage() {
		return dockerfile.finalStage();
	}

	private static List<String> entrypoint() {
		return dockerfile.entrypoint();
	}

	private static int indexOf(List<String> stage, String fragment) {
		return dockerfile.indexOf(stage, fragment);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> chartValues() throws IOException {
		return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
			.load(Files.readString(Path.of("helm", "memberships", "values.yaml")));
	}

}
