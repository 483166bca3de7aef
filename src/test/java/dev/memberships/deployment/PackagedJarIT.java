package dev.memberships.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar fails closed: it holds nothing of the demo, and started without its
 * settings it stops at once, naming each missing property and its environment variable,
 * instead of answering with sample data. Runs after {@code package}
 * ({@code maven-failsafe-plugin}), on the jar the build made.
 */
class PackagedJarIT {

	private static final Path JAR = Path.of(System.getProperty("memberships.jar", "target/memberships.jar"));

	// Generous: a JVM that fails at start-up takes a few seconds, more on a loaded
	// machine.
	private static final long START_UP_SECONDS = 120;

	@TempDir
	private Path output;

	@Test
	void jarShouldHoldNoDemoClassAndNoDemoFactoriesEntry() throws IOException {
		try (JarFile jar = new JarFile(JAR.toFile())) {
			List<String> classes = jar.stream()
				.map(JarEntry::getName)
				.filter((entry) -> entry.startsWith("BOOT-INF/classes/") && entry.endsWith(".class"))
				.toList();
			assertThat(classes).contains("BOOT-INF/classes/dev/memberships/MembershipsApplication.class")
				.noneMatch((entry) -> entry.startsWith("BOOT-INF/classes/dev/memberships/demo/"))
				.noneMatch((entry) -> entry.toLowerCase(Locale.ROOT).contains("demo"))
				.noneMatch((entry) -> entry.contains("TestMembershipsApplication"));
			// The repackaged jar keeps the application's META-INF at its root.
			JarEntry entry = jar.getJarEntry("META-INF/spring.factories");
			assertThat(entry).as("the application's spring.factories").isNotNull();
			String factories = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
			assertThat(factories).contains("FailureAnalyzer")
				.doesNotContainIgnoringCase("demo")
				.doesNotContain("EnvironmentPostProcessor");
		}
	}

	@Test
	void javaJarWithoutSettingsShouldStopNamingTheMissingUpstreamProperties() throws Exception {
		Started started = javaJar(Map.of());
		assertThat(started.exitCode()).isNotZero();
		assertThat(started.output()).contains("APPLICATION FAILED TO START")
			.contains("memberships.auth0.base-url", "MEMBERSHIPS_AUTH0_BASE_URL")
			.contains("memberships.auth0.client-id", "MEMBERSHIPS_AUTH0_CLIENT_ID")
			.contains("memberships.auth0.client-secret", "MEMBERSHIPS_AUTH0_CLIENT_SECRET")
			.contains("memberships.enos.base-url", "MEMBERSHIPS_ENOS_BASE_URL")
			.contains("memberships.enos.app-key", "MEMBERSHIPS_ENOS_APP_KEY")
			.contains("memberships.enos.app-secret", "MEMBERSHIPS_ENOS_APP_SECRET")
			.contains("memberships.enos.organization-id", "MEMBERSHIPS_ENOS_ORGANIZATION_ID")
			.contains("spring.security.oauth2.resourceserver.jwt.issuer-uri",
					"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")
			.contains("./mvnw spring-boot:test-run")
			.doesNotContain("Tomcat started");
	}

	@Test
	void javaJarWithUpstreamsButNoIssuerShouldStopNamingTheIssuerProperties() throws Exception {
		Started started = javaJar(Map.of("MEMBERSHIPS_AUTH0_BASE_URL", "https://acme.eu.auth0.com",
				"MEMBERSHIPS_AUTH0_CLIENT_ID", "id", "MEMBERSHIPS_AUTH0_CLIENT_SECRET", "secret",
				"MEMBERSHIPS_ENOS_BASE_URL", "https://apim.example.com", "MEMBERSHIPS_ENOS_APP_KEY", "key",
				"MEMBERSHIPS_ENOS_APP_SECRET", "secret", "MEMBERSHIPS_ENOS_ORGANIZATION_ID", "ou_main"));
		assertThat(started.exitCode()).isNotZero();
		assertThat(started.output()).contains("APPLICATION FAILED TO START")
			.contains("spring.security.oauth2.resourceserver.jwt.issuer-uri",
					"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI")
			.contains("spring.security.oauth2.resourceserver.jwt.audiences",
					"SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES")
			.doesNotContain("Tomcat started");
	}

	/**
	 * {@code java -jar} with the JDK running this test, free ports, and only the given
	 * settings: none of this machine's leaks in. Killed if it is still running after
	 * {@link #START_UP_SECONDS}: a jar that starts without settings is the failure.
	 */
	private Started javaJar(Map<String, String> settings) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Path log = this.output.resolve("java-jar.log");
		ProcessBuilder builder = new ProcessBuilder(
				new ArrayList<>(List.of(java, "-jar", JAR.toString(), "--server.port=0", "--management.server.port=0")))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("MEMBERSHIPS_") || name.startsWith("SPRING_"));
		builder.environment().putAll(settings);
		Process process = builder.start();
		try {
			boolean exited = process.waitFor(START_UP_SECONDS, TimeUnit.SECONDS);
			assertThat(exited).as("java -jar still running after %d s:%n%s", START_UP_SECONDS, Files.readString(log))
				.isTrue();
			return new Started(process.exitValue(), Files.readString(log));
		}
		finally {
			process.destroyForcibly();
		}
	}

	private record Started(int exitCode, String output) {
	}

}
