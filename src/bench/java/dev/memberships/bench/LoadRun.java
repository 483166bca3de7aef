package dev.memberships.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * One Gatling run, started in this JVM: the simulation ({@link PlanSimulation}) takes its
 * populations from here, and every request's response time (as Gatling measured it, in
 * milliseconds), status and kind of answer go to a {@link Recorder}.
 */
final class LoadRun {

	private static volatile LoadRun current;

	private final String name;

	private final Function<LoadRun, List<PopulationBuilder>> populations;

	private final String baseUrl;

	private final String token;

	private final Recorder recorder = new Recorder();

	private final boolean classify;

	/**
	 * One Gatling run against the service.
	 * @param name the run's name (Gatling's run description and report folder)
	 * @param baseUrl the service's API
	 * @param token the bearer token every request carries
	 * @param classify read each answer's body for complete, stale, partial and reasons
	 * @param populations the populations, built with {@link #request}
	 */
	LoadRun(String name, String baseUrl, String token, boolean classify,
			Function<LoadRun, List<PopulationBuilder>> populations) {
		this.name = name;
		this.baseUrl = baseUrl;
		this.token = token;
		this.classify = classify;
		this.populations = populations;
	}

	/**
	 * One request, recorded: status and response time always, the answer's kind when the
	 * run classifies answers.
	 */
	ChainBuilder request(HttpRequestActionBuilder request) {
		HttpRequestActionBuilder checked = request.check(status().saveAs("status"),
				responseTimeInMillis().saveAs("rt"));
		if (this.classify) {
			checked = checked.check(bodyString().saveAs("body"));
		}
		return exec(checked).exec((session) -> {
			this.recorder.record(session);
			return session.removeAll("status", "rt", "body");
		});
	}

	/** Runs Gatling to the end; reports go under {@code results}. */
	Recorder run(Path results) {
		current = this;
		try {
			int status = Gatling$.MODULE$.fromArgs(new String[] { "-s", PlanSimulation.class.getName(), "-rf",
					results.toString(), "-rd", this.name });
			if (status != 0) {
				System.err.println("Gatling ended with status " + status + " for " + this.name);
			}
		}
		finally {
			current = null;
		}
		return this.recorder;
	}

	String name() {
		return this.name;
	}

	static LoadRun current() {
		return current;
	}

	List<PopulationBuilder> populations() {
		return this.populations.apply(this);
	}

	// Gatling's DSL may only be used while Gatling instantiates the simulation.
	HttpProtocolBuilder protocol() {
		return http.baseUrl(this.baseUrl)
			.authorizationHeader("Bearer " + this.token)
			.acceptHeader("application/json")
			// Callers are services with a connection pool, not one browser per user.
			.shareConnections()
			// Every request reaches the service: no If-None-Match from Gatling's cache.
			.disableCaching();
	}

	/**
	 * What one run measured: response times as Gatling measured them (a millisecond
	 * histogram), errors, and the answers' kinds.
	 */
	static final class Recorder {

		private static final Pattern REASON = Pattern.compile("\"reason\":\"(\\w+)\"");

		private static final int MAX_MILLIS = 120_000;

		private final long[] histogram = new long[MAX_MILLIS + 1];

		private final LongAdder errors = new LongAdder();

		private final LongAdder complete = new LongAdder();

		private final LongAdder stale = new LongAdder();

		private final LongAdder partial = new LongAdder();

		private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

		private CpuMeter.Sample cpu = new CpuMeter.Sample(-1, Map.of());

		private final List<long[]> exchanges = new java.util.ArrayList<>();

		private long firstSent = Long.MAX_VALUE;

		private long lastAnswered = Long.MIN_VALUE;

		void record(Session session) {
			long now = System.currentTimeMillis();
			Integer status = session.contains("status") ? session.getInt("status") : null;
			int rt = session.contains("rt") ? session.getInt("rt") : 0;
			synchronized (this) {
				this.firstSent = Math.min(this.firstSent, now - rt);
				this.lastAnswered = Math.max(this.lastAnswered, now);
				this.exchanges.add(new long[] { now - rt, now });
			}
			this.statuses.computeIfAbsent((status != null) ? status.toString() : "none", (key) -> new LongAdder())
				.increment();
			if (session.contains("rt")) {
				int millis = Math.min(MAX_MILLIS, session.getInt("rt"));
				synchronized (this.histogram) {
					this.histogram[millis]++;
				}
			}
			if (status == null || (status != 200 && status != 304)) {
				this.errors.increment();
			}
			if (session.contains("body") && status != null && status == 200) {
				String body = session.getString("body");
				if (body.contains("\"UNAVAILABLE\"")) {
					this.partial.increment();
				}
				else if (body.contains("\"STALE\"")) {
					this.stale.increment();
				}
				else {
					this.complete.increment();
				}
				Matcher reason = REASON.matcher(body);
				while (reason.find()) {
					this.reasons.computeIfAbsent(reason.group(1), (key) -> new LongAdder()).increment();
				}
			}
		}

		void serverCpu(CpuMeter.Sample cpu) {
			this.cpu = cpu;
		}

		/** CPU milliseconds the server used per request, while Gatling ran. */
		double serviceCpuPerRequest() {
			return this.cpu.total() * 1000 / Math.max(1, requests());
		}

		/** Of those, the milliseconds the JIT compiler and GC threads used. */
		double jitAndGcPerRequest() {
			return (this.cpu.of("jit") + this.cpu.of("gc")) * 1000 / Math.max(1, requests());
		}

		CpuMeter.Sample cpu() {
			return this.cpu;
		}

		/**
		 * The most requests in flight at once, as the load generator saw them (sent, not
		 * yet answered; millisecond resolution): what a concurrency limit must allow.
		 */
		synchronized int peakInFlight() {
			List<long[]> events = new java.util.ArrayList<>();
			for (long[] exchange : this.exchanges) {
				events.add(new long[] { exchange[0], 1 });
				events.add(new long[] { exchange[1], -1 });
			}
			// Ends before starts at the same millisecond: an answer and the next request.
			events.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
			int inFlight = 0;
			int peak = 0;
			for (long[] event : events) {
				inFlight += (int) event[1];
				peak = Math.max(peak, inFlight);
			}
			return peak;
		}

		long requests() {
			return this.statuses.values().stream().mapToLong(LongAdder::sum).sum();
		}

		long errors() {
			return this.errors.sum();
		}

		long complete() {
			return this.complete.sum();
		}

		long stale() {
			return this.stale.sum();
		}

		long partial() {
			return this.partial.sum();
		}

		/** Seconds from the first request sent to the last answer. */
		synchronized double seconds() {
			return Math.max(1, this.lastAnswered - this.firstSent) / 1000.0;
		}

		Map<String, Long> statuses() {
			Map<String, Long> statuses = new TreeMap<>();
			this.statuses.forEach((status, n) -> statuses.put(status, n.sum()));
			return statuses;
		}

		Map<String, Long> reasons() {
			Map<String, Long> reasons = new TreeMap<>();
			this.reasons.forEach((reason, n) -> reasons.put(reason, n.sum()));
			return reasons;
		}

		/** The response time at a percentile (0-100), in ms; -1 without any. */
		long percentile(double percentile) {
			synchronized (this.histogram) {
				long total = 0;
				for (long n : this.histogram) {
					total += n;
				}
				if (total == 0) {
					return -1;
				}
				long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
				long seen = 0;
				for (int millis = 0; millis < this.histogram.length; millis++) {
					seen += this.histogram[millis];
					if (seen >= rank) {
						return millis;
					}
				}
				return MAX_MILLIS;
			}
		}

		long max() {
			return percentile(100);
		}

	}

}
