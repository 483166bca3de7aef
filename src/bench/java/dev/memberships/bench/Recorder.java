package dev.memberships.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatling.javaapi.core.Session;

/**
 * What one run measured: response times as Gatling measured them (a millisecond
 * histogram), errors, and the answers' kinds.
 */
final class Recorder {

	private static final Pattern REASON = Pattern.compile("\"reason\":\"(\\w+)\"");

	private final LatencyHistogram histogram = new LatencyHistogram();

	private final Exchanges exchanges = new Exchanges();

	private final LongAdder errors = new LongAdder();

	// Of the answers read (runs that classify): complete, stale, partial.
	private final Answers answers = new Answers();

	private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

	private CpuMeter.Sample cpu = new CpuMeter.Sample(-1, Map.of());

	void record(Session session) {
		long now = System.currentTimeMillis();
		Integer status = session.contains("status") ? session.getInt("status") : null;
		int rt = session.contains("rt") ? session.getInt("rt") : 0;
		this.exchanges.add(now - rt, now);
		this.statuses.computeIfAbsent((status != null) ? status.toString() : "none", (key) -> new LongAdder())
			.increment();
		if (session.contains("rt")) {
			this.histogram.add(session.getInt("rt"));
		}
		if (status == null || (status != 200 && status != 304)) {
			this.errors.increment();
		}
		if (session.contains("body") && status != null && status == 200) {
			String body = session.getString("body");
			this.answers.add(status, body);
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

	/** The most requests in flight at once: see {@link Exchanges#peakInFlight()}. */
	int peakInFlight() {
		return this.exchanges.peakInFlight();
	}

	long requests() {
		return this.statuses.values().stream().mapToLong(LongAdder::sum).sum();
	}

	long errors() {
		return this.errors.sum();
	}

	long complete() {
		return this.answers.complete();
	}

	long stale() {
		return this.answers.stale();
	}

	long partial() {
		return this.answers.partial();
	}

	/** Seconds from the first request sent to the last answer. */
	double seconds() {
		return this.exchanges.seconds();
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
		return this.histogram.percentile(percentile);
	}

	long max() {
		return percentile(100);
	}

}
