package dev.memberships.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.memberships.demo.DemoUpstreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image's start-up, without a container engine: on the jar the build made,
 * the commands the Dockerfile itself names ({@link DockerfileInstructions}), in its
 * order. The layers are extracted by the build stage's command and copied together as the
 * runtime stage's {@code COPY}s do; the training {@code RUN} (its environment and JVM
 * flags) must exit 0 and write the AOT cache; then the ENTRYPOINT's command, with that
 * cache, against the demo upstreams and issuer, must become ready on the management port
 * with the cache accepted.
 */
class PackagedImageIT {

	private static final Path JAR = Path.of(System.getProperty("memberships.jar", "target/memberships.jar"));

	// Generous: the shared build machine is often loaded far beyond its two cores.
	private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

	@TempDir
	private Path work;

	@Test
	void dockerfilesTrainingRunAndEntrypointShouldStartAReadyServiceFromTheExtractedLayers() throws Exception {
		DockerfileInstructions dockerfile = DockerfileInstructions.read();
		Path application = layers(dockerfile);

		DockerfileInstructions.TrainingRun training = dockerfile.trainingRun();
		List<String> trainingCommand = new ArrayList<>(List.of(java()));
		trainingCommand.addAll(training.javaArguments());
		Run trained = run(trainingCommand, application, training.environment(), this.work.resolve("training.log"));
		assertThat(trained.exitCode()).as("training run:%n%s", trained.output()).isZero();
		String cacheFile = training.javaArguments()
			.stream()
			.filter((argument) -> argument.startsWith("-XX:AOTCacheOutput="))
			.findFirst()
			.orElseThrow()
			.substring("-XX:AOTCacheOutput=".length());
		assertThat(application.resolve(cacheFile)).isNotEmptyFile();

		List<String> entrypoint = dockerfile.entrypoint();
		assertThat(entrypoint).contains("-XX:AOTCache=" + cacheFile);
		try (DemoUpstreams upstreams = new DemoUpstreams().start()) {
			int management = freePort();
			List<String> command = new ArrayList<>(List.of(java()));
			command.addAll(entrypoint.subList(1, entrypoint.size()));
			command.add("--server.port=0");
			command.add("--management.server.port=" + management);
			upstreams.properties().forEach((name, value) -> command.add("--" + name + "=" + value));
			upstreams.resourceServerProperties().forEach((name, value) -> command.add("--" + name + "=" + value));
			Path log = this.work.resolve("service.log");
			Process service = start(command, application, Map.of(), log);
			try {
				HttpClient http = HttpClient.newHttpClient();
				URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
				await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
					assertThat(service.isAlive()).as("service exited:%n%s", Files.readString(log)).isTrue();
					assertThat(status(http, readiness)).isEqualTo(200);
				});
				assertThat(Files.readString(log)).as("the AOT cache was accepted").doesNotContain("[aot]");
			}
			finally {
				service.destroy();
				service.waitFor(30, TimeUnit.SECONDS);
				service.destroyForcibly();
			}
		}
	}

	/**
	 * The runtime stage's {@code /application}: the jar extracted by the build stage's
	 * command, and each layer the runtime stage copies, in its order.
	 */
	private Path layers(DockerfileInstructions dockerfile) throws Exception {
		Path build = Files.createDirectories(this.work.resolve("build"));
		Files.copy(JAR, build.resolve("application.jar"));
		List<String> extract = new ArrayList<>(List.of(java()));
		extract.addAll(dockerfile.extractArguments());
		Run extracted = run(extract, build, Map.of(), this.work.resolve("extract.log"));
		assertThat(extracted.exitCode()).as("extract:%n%s", extracted.output()).isZero();
		Path application = Files.createDirectories(this.work.resolve("application"));
		List<String> copies = dockerfile.finalStage()
			.stream()
			.filter((instruction) -> instruction.startsWith("COPY --from=build /build/"))
			.toList();
		assertThat(copies).isNotEmpty();
		for (String copy : copies) {
			String[] parts = copy.split(" ");
			assertThat(parts[3]).isEqualTo("./");
			copyTree(build.resolve(parts[2].substring("/build/".length())), application);
		}
		assertThat(application.resolve("application.jar")).isNotEmptyFile();
		return application;
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			paths.forEach((path) -> {
				Path target = to.resolve(from.relativize(path).toString());
				try {
					if (Files.isDirectory(path)) {
						Files.createDirectories(target);
					}
					else {
						// Times kept, as COPY keeps them: the AOT cache checks the jars'.
						Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	private static Run run(List<String> command, Path directory, Map<String, String> environment, Path log)
			throws Exception {
		Process process = start(command, directory, environment, log);
		try {
			boolean exited = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(exited).as("%s still running:%n%s", command, Files.readString(log)).isTrue();
			return new Run(process.exitValue(), Files.readString(log));
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** Only the given settings: none of this machine's leak in. */
	private static Process start(List<String> command, Path directory, Map<String, String> environment, Path log)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("MEMBERSHIPS_") || name.startsWith("SPRING_")
					|| name.equals("JAVA_TOOL_OPTIONS"));
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static int status(HttpClient http, URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String java() {
		return ProcessHandle.current().info().command().orElseThrow();
	}

	private record Run(int exitCode, String output) {
	}

}
