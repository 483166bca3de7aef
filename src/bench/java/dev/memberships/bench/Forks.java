package dev.memberships.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memberships.demo.DemoUpstreams;

/**
 * JVMs of the packaged jar, run as the container image runs it (extracted, plain
 * {@code java -jar}), pointed at the demo upstreams and their issuer: the service under
 * load, the pods of the two-pod scenario, and the JVMs {@link HeapMeasurement} and
 * {@link StartupMeasurement} measure. Starts them, waits until they are ready, stops them.
 */
final class Forks {

	// The container image's JVM flags (Dockerfile ENTRYPOINT), without the AOT cache.
	static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

	private static final Pattern BREAKER_STATE = Pattern.compile(
			"^resilience4j_circuitbreaker_state\\{[^}]*name=\"([\\w-]+)\"[^}]*state=\"([\\w_]+)\"[^}]*\\} ([0-9.E+]+)",
			Pattern.MULTILINE);

	private final Path jar;

	private final Path dir;

	private final DemoUpstreams upstreams;

	private final Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private Path application;

	Forks(Path jar, Path out, DemoUpstreams upstreams) {
		this.jar = jar;
		this.dir = out.resolve("fork");
		this.upstreams = upstreams;
	}

	Path java() {
		return this.java;
	}

	/** Where the forks run and log. */
	Path dir() {
		return this.dir;
	}

	/** Extracts the jar as the Dockerfile does (application jar + lib/). */
	void extract() throws IOException, InterruptedException {
		ForkedProcesses.deleteRecursively(this.dir);
		Files.createDirectories(this.dir);
		run(List.of(this.java.toString(), "-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--destination",
				this.dir.resolve("app").toString()), this.dir.resolve("extract.log"));
		try (var files = Files.list(this.dir.resolve("app"))) {
			this.application = files.filter((file) -> file.toString().endsWith(".jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No jar extracted from " + this.jar));
		}
	}

	/**
	 * Starts the service for the load scenarios, as the image runs it (without the AOT
	 * cache), and waits until it is ready. {@code /bench-static.json} is served from
	 * {@code static} as the static ceiling.
	 */
	Service service(Path staticFiles) throws Exception {
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		List<String> flags = new ArrayList<>(IMAGE_FLAGS);
		// -Dbench.service.jvm="..." adds JVM options, for example to record with JFR.
		String extra = System.getProperty("bench.service.jvm", "").trim();
		if (!extra.isEmpty()) {
			flags.addAll(List.of(extra.split("\\s+")));
		}
		List<String> command = command(flags, port, management);
		command.add("--spring.web.resources.static-locations=classpath:/static/,file:" + staticFiles + "/");
		long t0 = System.nanoTime();
		Process process = start(command, this.dir.getParent().resolve("service.log"));
		try {
			awaitReady(process, management, Duration.ofSeconds(180));
		}
		catch (RuntimeException | InterruptedException ex) {
			// Not left running when it did not get ready (a loaded machine, a failed start).
			ForkedProcesses.stop(process);
			throw ex;
		}
		return new Service(process, port, management, (System.nanoTime() - t0) / 1e9);
	}

	/**
	 * Starts pods of the service side by side on the same upstreams, each on ports of its
	 * own with {@code properties} added to its command line, as the image runs it; waits
	 * until every one is ready. They start together: the wait is one start, not one per
	 * pod. Each logs to {@code pod-<name>.log}.
	 */
	List<Service> pods(List<String> names, Map<String, String> properties) throws Exception {
		List<Service> pods = new ArrayList<>();
		long t0 = System.nanoTime();
		try {
			for (String name : names) {
				int port = Benchmark.freePort();
				int management = Benchmark.freePort();
				List<String> command = command(IMAGE_FLAGS, port, management);
				properties.forEach((key, value) -> command.add("--" + key + "=" + value));
				Process process = start(command, this.dir.getParent().resolve("pod-" + name + ".log"));
				pods.add(new Service(process, port, management, 0));
			}
			List<Service> ready = new ArrayList<>();
			for (Service pod : pods) {
				awaitReady(pod.process(), pod.management(), Duration.ofSeconds(180));
				ready.add(new Service(pod.process(), pod.port(), pod.management(), (System.nanoTime() - t0) / 1e9));
			}
			return ready;
		}
		catch (Exception ex) {
			for (Service pod : pods) {
				pod.close();
			}
			throw ex;
		}
	}

	/**
	 * The command line of a fork: {@code java}, the given JVM options, the extracted jar,
	 * pointed at the demo upstreams on the given ports. Mutable: callers add properties.
	 */
	List<String> command(List<String> jvmOptions, int port, int management) {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", this.application.toString()));
		Map<String, String> properties = new LinkedHashMap<>(this.upstreams.properties());
		properties.putAll(this.upstreams.resourceServerProperties());
		properties.put("server.port", Integer.toString(port));
		properties.put("management.server.port", Integer.toString(management));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		return command;
	}

	Process start(List<String> command, Path log) throws IOException {
		return ForkedProcesses.start(command, this.dir, log);
	}

	/** Runs a command to its end; fails unless it exits with 0 within 180 s. */
	void run(List<String> command, Path log) throws IOException, InterruptedException {
		Process process = start(command, log);
		if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("Failed: " + String.join(" ", command) + "; see " + log);
		}
	}

	/** Waits until the fork's readiness is UP; fails if it stops or takes longer. */
	void awaitReady(Process process, int management, Duration timeout) throws InterruptedException {
		ForkedProcesses.awaitReady(this.http, process, management, timeout);
	}

	/**
	 * The service under load, in its own JVM.
	 *
	 * @param process the JVM
	 * @param port the API port
	 * @param management the management port
	 * @param startSeconds seconds until it was ready
	 */
	record Service(Process process, int port, int management, double startSeconds) implements AutoCloseable {

		String baseUrl() {
			return "http://127.0.0.1:" + this.port;
		}

		/** The state of each circuit breaker, from the service's Prometheus metrics. */
		Map<String, String> breakers() throws Exception {
			Matcher state = BREAKER_STATE
				.matcher(ForkedProcesses.prometheus(HttpClient.newHttpClient(), this.management));
			Map<String, String> states = new LinkedHashMap<>();
			while (state.find()) {
				if (Double.parseDouble(state.group(3)) == 1) {
					states.put(state.group(1), state.group(2));
				}
			}
			return states;
		}

		@Override
		public void close() throws InterruptedException {
			ForkedProcesses.stop(this.process);
		}

	}

}
