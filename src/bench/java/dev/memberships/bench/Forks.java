package dev.memberships.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.memberships.demo.DemoUpstreams;

/**
 * What is measured in a JVM of its own, running the packaged jar as the container image
 * runs it (extracted, plain {@code java -jar}): the heap after caching many users, and
 * start-up time with and without a JDK AOT cache.
 */
final class Forks {

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");

	private static final Pattern HEAP_USED = Pattern
		.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)", Pattern.MULTILINE);

	private static final Pattern BREAKER_STATE = Pattern.compile(
			"^resilience4j_circuitbreaker_state\\{[^}]*name=\"([\\w-]+)\"[^}]*state=\"([\\w_]+)\"[^}]*\\} ([0-9.E+]+)",
			Pattern.MULTILINE);

	private static final Pattern CACHE_SIZE = Pattern
		.compile("^cache_size\\{[^}]*cache=\"(\\w+)\"[^}]*\\} ([0-9.E+]+)", Pattern.MULTILINE);

	// The container image's JVM flags (Dockerfile ENTRYPOINT), without the AOT cache.
	private static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

	private final Path jar;

	private final Path dir;

	private final DemoUpstreams upstreams;

	private final String token;

	private final Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private Path application;

	Forks(Path jar, Path out, DemoUpstreams upstreams, String token) {
		this.jar = jar;
		this.dir = out.resolve("fork");
		this.upstreams = upstreams;
		this.token = token;
	}

	Path java() {
		return this.java;
	}

	/** Extracts the jar as the Dockerfile does (application jar + lib/). */
	void extract() throws IOException, InterruptedException {
		deleteRecursively(this.dir);
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
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(IMAGE_FLAGS);
		// -Dbench.service.jvm="..." adds JVM options, for example to record with JFR.
		String extra = System.getProperty("bench.service.jvm", "").trim();
		if (!extra.isEmpty()) {
			command.addAll(List.of(extra.split("\\s+")));
		}
		command.addAll(List.of("-jar", this.application.toString()));
		command.addAll(arguments(port, management));
		command.add("--spring.web.resources.static-locations=classpath:/static/,file:" + staticFiles + "/");
		long t0 = System.nanoTime();
		Process process = start(command, this.dir.getParent().resolve("service.log"));
		awaitReady(process, management, Duration.ofSeconds(180));
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
				List<String> command = new ArrayList<>();
				command.add(this.java.toString());
				command.addAll(IMAGE_FLAGS);
				command.addAll(List.of("-jar", this.application.toString()));
				command.addAll(arguments(port, management));
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
	 * Starts the service with {@code -Xmx512m}, fills its caches with {@code users}
	 * users through {@code POST /memberships/batch}, and reads the live heap after a full
	 * GC before and after.
	 */
	Heap heap(int users) throws Exception {
		this.upstreams.conditions().latency(Duration.ZERO);
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		List<String> command = new ArrayList<>(List.of(this.java.toString(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
				"-jar", this.application.toString()));
		command.addAll(arguments(port, management));
		// Filling, not serving: a long deadline and more Auth0 calls at once per batch.
		command.add("--memberships.deadline=60s");
		command.add("--memberships.batching.auth0-concurrency=16");
		Process process = start(command, this.dir.resolve("heap.log"));
		try {
			awaitReady(process, management, Duration.ofSeconds(120));
			long before = liveHeap(process, management);
			AtomicLong incomplete = new AtomicLong();
			ExecutorService executor = Executors.newFixedThreadPool(2);
			List<Future<?>> batches = new ArrayList<>();
			for (int from = 0; from < users; from += 1000) {
				int start = from;
				batches.add(executor.submit(() -> {
					String ids = IntStream.range(start, Math.min(users, start + 1000))
						.mapToObj((i) -> "\"bench|heap-" + i + "\"")
						.collect(Collectors.joining(","));
					String body = "{\"userIds\":[" + ids + "],\"organizationId\":\"" + DemoUpstreams.ORGANIZATION_ID + "\"}";
					HttpResponse<String> response = this.http.send(HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + port + "/memberships/batch"))
						.header("Authorization", "Bearer " + this.token)
						.header("Content-Type", "application/json")
						.timeout(Duration.ofSeconds(120))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200) {
						incomplete.addAndGet(1000);
					}
					else {
						incomplete.addAndGet(count(response.body(), "\"complete\":false")
								+ count(response.body(), "\"status\":5") + count(response.body(), "\"status\":4"));
					}
					return null;
				}));
			}
			for (Future<?> batch : batches) {
				batch.get();
			}
			executor.shutdown();
			long after = liveHeap(process, management);
			Map<String, Long> sizes = cacheSizes(management);
			boolean cachedAll = sizes.size() == 3 && sizes.values().stream().allMatch((size) -> size >= users);
			return new Heap(users, before, after, sizes, incomplete.get(), process.isAlive(), cachedAll);
		}
		finally {
			stop(process);
			this.upstreams.conditions().latency(Benchmark.LATENCY);
		}
	}

	/**
	 * Trains an AOT cache as the Dockerfile does, then starts the service {@code runs}
	 * times without and with it, alternating, until readiness is UP.
	 */
	Startup startup(int runs) throws Exception {
		Path cache = this.dir.resolve("app.aot");
		List<String> training = new ArrayList<>();
		training.add(this.java.toString());
		training.addAll(IMAGE_FLAGS);
		training.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar",
				this.application.toString()));
		training.addAll(arguments(Benchmark.freePort(), Benchmark.freePort()));
		long trainingStart = System.nanoTime();
		run(training, this.dir.resolve("training.log"));
		double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
		if (!Files.exists(cache)) {
			throw new IllegalStateException("The training run wrote no AOT cache; see " + this.dir);
		}
		List<Start> plain = new ArrayList<>();
		List<Start> aot = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			plain.add(start(null, i));
			aot.add(start(cache, i));
		}
		return new Startup(runs, median(plain), median(aot), trainingSeconds);
	}

	private Start start(Path cache, int run) throws Exception {
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(IMAGE_FLAGS);
		if (cache != null) {
			command.add("-XX:AOTCache=" + cache);
		}
		command.addAll(List.of("-jar", this.application.toString()));
		command.addAll(arguments(port, management));
		Path log = this.dir.resolve("start-" + ((cache != null) ? "aot" : "plain") + "-" + run + ".log");
		long t0 = System.nanoTime();
		Process process = start(command, log);
		try {
			awaitReady(process, management, Duration.ofSeconds(120));
			double ready = (System.nanoTime() - t0) / 1e9;
			double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L) / 1000.0;
			stop(process);
			Matcher started = STARTED.matcher(Files.readString(log));
			double startedIn = started.find() ? Double.parseDouble(started.group(1)) : -1;
			if (cache != null && Files.readString(log).contains("[aot]")) {
				System.out.println("AOT cache warning, see " + log);
			}
			return new Start(ready, startedIn, cpu);
		}
		finally {
			stop(process);
		}
	}

	private List<String> arguments(int port, int management) {
		Map<String, String> properties = new LinkedHashMap<>(this.upstreams.properties());
		properties.putAll(this.upstreams.resourceServerProperties());
		properties.put("server.port", Integer.toString(port));
		properties.put("management.server.port", Integer.toString(management));
		return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toList();
	}

	private Process start(List<String> command, Path log) throws IOException {
		return new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private void run(List<String> command, Path log) throws IOException, InterruptedException {
		Process process = start(command, log);
		if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("Failed: " + String.join(" ", command) + "; see " + log);
		}
	}

	private void awaitReady(Process process, int management, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < end) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The service stopped during start-up, exit " + process.exitValue());
			}
			try {
				HttpResponse<String> response = this.http.send(readiness, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("The service was not ready within " + timeout);
	}

	// A full GC through jcmd, then the heap in use as the service itself reports it.
	private long liveHeap(Process process, int management) throws Exception {
		Path jcmd = this.java.resolveSibling("jcmd");
		run(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run"), this.dir.resolve("jcmd.log"));
		Matcher used = HEAP_USED.matcher(prometheus(management));
		long total = 0;
		while (used.find()) {
			total += (long) Double.parseDouble(used.group(1));
		}
		return total;
	}

	private Map<String, Long> cacheSizes(int management) throws Exception {
		Map<String, Long> sizes = new LinkedHashMap<>();
		Matcher size = CACHE_SIZE.matcher(prometheus(management));
		while (size.find()) {
			sizes.put(size.group(1), (long) Double.parseDouble(size.group(2)));
		}
		return sizes;
	}

	private String prometheus(int management) throws Exception {
		return prometheusOf(this.http, management);
	}

	private static String prometheusOf(HttpClient http, int management) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static void stop(Process process) throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	private static long count(String text, String part) {
		long n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			n++;
		}
		return n;
	}

	private static Start median(List<Start> starts) {
		return new Start(median(starts.stream().mapToDouble(Start::ready).toArray()),
				median(starts.stream().mapToDouble(Start::started).toArray()),
				median(starts.stream().mapToDouble(Start::cpu).toArray()));
	}

	private static double median(double[] values) {
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (Files.exists(path)) {
			try (var paths = Files.walk(path)) {
				paths.sorted((a, b) -> b.compareTo(a)).forEach((file) -> file.toFile().delete());
			}
		}
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
				.matcher(prometheusOf(HttpClient.newHttpClient(), this.management));
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
			stop(this.process);
		}

	}

	/**
	 * The heap figures.
	 *
	 * @param users users asked for
	 * @param beforeBytes live heap after a full GC, started and ready
	 * @param afterBytes live heap after a full GC, caches filled
	 * @param cacheSizes entries per cache
	 * @param incomplete users answered partially or not at all while filling
	 * @param alive whether the service still ran (no OutOfMemoryError)
	 * @param cachedAll whether every cache holds every user
	 */
	record Heap(int users, long beforeBytes, long afterBytes, Map<String, Long> cacheSizes, long incomplete,
			boolean alive, boolean cachedAll) {
	}

	/**
	 * One start: wall seconds until readiness is UP, Spring's "Started in", CPU seconds
	 * until ready.
	 */
	record Start(double ready, double started, double cpu) {
	}

	record Startup(int runs, Start plain, Start aot, double trainingSeconds) {
	}

}
