package dev.memberships.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.ContextView;

import org.springframework.http.HttpStatusCode;

/**
 * What one upstream did, for the on-call engineer: every call timed by outcome, retries,
 * 429s, time spent waiting at the rate-limit gate, the last advertised remaining budget,
 * and one log line per failed call. Tags are the upstream and the outcome only. Time is
 * the meter registry's clock.
 */
final class UpstreamMetrics {

	private static final Logger log = LoggerFactory.getLogger(UpstreamMetrics.class);

	// Puts the request's observation, and so its trace id, back in thread locals for the
	// failure's log line (context propagation is limited, see application.yml).
	private static final ContextSnapshotFactory CONTEXT_SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final String upstream;

	private final MeterRegistry registry;

	private final Clock clock;

	private final Counter retries;

	private final Counter rateLimitedAnswers;

	private final Timer gateWaits;

	private final AtomicLong remaining = new AtomicLong(-1);

	private final Map<String, Timer> calls = new ConcurrentHashMap<>();

	UpstreamMetrics(String upstream, MeterRegistry registry) {
		this.upstream = upstream;
		this.registry = registry;
		this.clock = registry.config().clock();
		this.retries = Counter.builder("memberships.upstream.retries")
			.description("Calls sent again after a connect error, timeout or 5xx")
			.tag("upstream", upstream)
			.register(registry);
		this.rateLimitedAnswers = Counter.builder("memberships.upstream.rate.limited.answers")
			.description("429 answers received")
			.tag("upstream", upstream)
			.register(registry);
		this.gateWaits = Timer.builder("memberships.upstream.gate.wait")
			.description("Time calls spent waiting at the rate-limit gate")
			.tag("upstream", upstream)
			.register(registry);
		Gauge.builder("memberships.upstream.rate.limit.remaining", this.remaining, AtomicLong::get)
			.description("The last X-RateLimit-Remaining the upstream sent; -1 before any")
			.tag("upstream", upstream)
			.register(registry);
	}

	/** Starts timing a call, or a wait at the gate. */
	Started start() {
		return new Started(this.clock.monotonicTime());
	}

	void retried() {
		this.retries.increment();
	}

	/** An answer arrived: counts a 429 and keeps the advertised remaining budget. */
	void answered(HttpStatusCode status, RateLimitHeaders headers) {
		if (status.value() == 429) {
			this.rateLimitedAnswers.increment();
		}
		headers.remaining().ifPresent(this.remaining::set);
	}

	private void called(long nanos, String outcome) {
		// Outcomes are few (success and the failure reasons): one timer each, looked up
		// here rather than built and registered on every call.
		this.calls
			.computeIfAbsent(outcome,
					(key) -> Timer.builder("memberships.upstream.calls")
						.description("Calls to an upstream, retries and waits included, by outcome")
						.tag("upstream", this.upstream)
						.tag("outcome", key)
						.publishPercentileHistogram()
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** A call or wait under way. */
	final class Started {

		private final long startedNanos;

		private Started(long startedNanos) {
			this.startedNanos = startedNanos;
		}

		void succeeded() {
			called(elapsed(), "success");
		}

		/**
		 * The call failed: timed by its reason, and logged with the trace id of the
		 * request in {@code context}, on whichever thread the failure arrived.
		 */
		void failed(UpstreamException failure, ContextView context) {
			try (ContextSnapshot.Scope scope = CONTEXT_SNAPSHOTS.setThreadLocalsFrom(context)) {
				long nanos = elapsed();
				String outcome = failure.reason().code();
				log.warn("Upstream {} failed: {}, HTTP {}, {} ms", UpstreamMetrics.this.upstream, outcome,
						(failure.statusCode() > 0) ? failure.statusCode() : "-", TimeUnit.NANOSECONDS.toMillis(nanos));
				called(nanos, outcome);
			}
		}

		void waitedAtGate() {
			UpstreamMetrics.this.gateWaits.record(elapsed(), TimeUnit.NANOSECONDS);
		}

		private long elapsed() {
			return UpstreamMetrics.this.clock.monotonicTime() - this.startedNanos;
		}

	}

}
