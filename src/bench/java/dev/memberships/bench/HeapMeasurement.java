package dev.memberships.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.memberships.demo.DemoUpstreams;

/**
 * The heap many cached users take: a fork of the service with {@code -Xmx512m}, its
 * caches filled through {@code POST /memberships/batch}, the live heap read after a full
 * GC before and after.
 */
final class HeapMeasurement {

	private static final Pattern HEAP_USED = Pattern
		.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)", Pattern.MULTILINE);

	private static final Pattern CACHE_SIZE = Pattern
		.compile("^cache_size\\{[^}]*cache=\"(\\w+)\"[^}]*\\} ([0-9.E+]+)", Pattern.MULTILINE);

	private final Forks forks;

	private final DemoUpstreams upstreams;

	private final String token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	HeapMeasurement(Forks forks, DemoUpstreams upstreams, String token) {
		this.forks = forks;
		this.upstreams = upstreams;
		this.token = token;
	}

	/** Fills a fork with {@code users} users and puts the figures into the results. */
	void run(int users, Results results) throws Exception {
		Heap heap = measure(users);
		results.note("heap: %,d users cached (caches %s) in -Xmx512m: live heap after full GC %d MiB "
				+ "(%d MiB before filling, so %,d bytes per user); %d batch answers incomplete", heap.users(),
				heap.cacheSizes(), heap.afterBytes() >> 20, heap.beforeBytes() >> 20,
				(heap.afterBytes() - heap.beforeBytes()) / Math.max(1, heap.users()), heap.incomplete());
		results.target("100k cached users within a 512 MiB heap",
				Results.format("%d MiB live (Xmx512m, no OOM)", heap.afterBytes() >> 20),
				heap.alive() && heap.afterBytes() < (512L << 20) && heap.cachedAll());
	}

	private Heap measure(int users) throws Exception {
		this.upstreams.conditions().latency(Duration.ZERO);
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		List<String> command = this.forks.command(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), port,
				management);
		// Filling, not serving: a long deadline and more Auth0 calls at once per batch.
		command.add("--memberships.deadline=60s");
		command.add("--memberships.batching.auth0-concurrency=16");
		Process process = this.forks.start(command, this.forks.dir().resolve("heap.log"));
		try {
			this.forks.awaitReady(process, management, Duration.ofSeconds(120));
			long before = liveHeap(process, management);
			AtomicLong incomplete = new AtomicLong();
			ExecutorService executor = Executors.newFixedThreadPool(2);
			List<Future<?>> batches = new ArrayList<>();
			for (int from = 0; from < users; from += 1000) {
				int start = from;
				batches.add(executor.submit(() -> {
					incomplete.addAndGet(fill(port, start, Math.min(users, start + 1000)));
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
			ForkedProcesses.stop(process);
			this.upstreams.conditions().latency(Benchmark.LATENCY);
		}
	}

	// One batch of 1,000 users; how many were answered partially or not at all.
	private long fill(int port, int from, int to) throws Exception {
		String ids = IntStream.range(from, to)
			.mapToObj((i) -> "\"bench|heap-" + i + "\"")
			.collect(Collectors.joining(","));
		String body = "{\"userIds\":[" + ids + "],\"organizationId\":\"" + DemoUpstreams.ORGANIZATION_ID + "\"}";
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/memberships/batch"))
					.header("Authorization", "Bearer " + this.token)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(120))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return 1000;
		}
		return count(response.body(), "\"complete\":false") + count(response.body(), "\"status\":5")
				+ count(response.body(), "\"status\":4");
	}

	// A full GC through jcmd, then the heap in use as the service itself reports it.
	private long liveHeap(Process process, int management) throws Exception {
		Path jcmd = this.forks.java().resolveSibling("jcmd");
		this.forks.run(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run"),
				this.forks.dir().resolve("jcmd.log"));
		Matcher used = HEAP_USED.matcher(ForkedProcesses.prometheus(this.http, management));
		long total = 0;
		while (used.find()) {
			total += (long) Double.parseDouble(used.group(1));
		}
		return total;
	}

	private Map<String, Long> cacheSizes(int management) throws Exception {
		Map<String, Long> sizes = new LinkedHashMap<>();
		Matcher size = CACHE_SIZE.matcher(ForkedProcesses.prometheus(this.http, management));
		while (size.find()) {
			sizes.put(size.group(1), (long) Double.parseDouble(size.group(2)));
		}
		return sizes;
	}

	private static long count(String text, String part) {
		long n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			n++;
		}
		return n;
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

}
