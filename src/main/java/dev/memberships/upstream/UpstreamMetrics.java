package dev.memberships.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * What one upstream did, for the on-call engineer: every call timed by outcome, retries,
 * 429s, time spent waiting at the rate-limit gate, the last advertised remaining budget,
 * and one log line per failed call. Tags are the upstream and the outcome only.
 */
final class UpstreamMetrics {

	private static final Logger log = LoggerFactory.getLogger(UpstreamMetrics.class);

	private final String upstream;

	private final MeterRegistry registry;

	private final Counter retries;

	private final Counter rateLimitedAnswers;

	private final Timer gateWaits;

	private final AtomicLong remaining = new AtomicLong(-1);

	UpstreamMetrics(String upstream, MeterRegistry registry) {
		this.upstream = upstream;
		this.registry = registry;
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

	/** A call ended: timed by outcome, and logged when it failed. */
	void called(long startedNanos, Throwable failure) {
		long nanos = System.nanoTime() - startedNanos;
		String outcome = "success";
		if (failure != null) {
			UpstreamException translated = UpstreamErrors.translate(this.upstream, failure);
			outcome = translated.reason().code();
			log.warn("Upstream {} failed: {}, HTTP {}, {} ms", this.upstream, outcome,
					(translated.statusCode() > 0) ? translated.statusCode() : "-",
					TimeUnit.NANOSECONDS.toMillis(nanos));
		}
		Timer.builder("memberships.upstream.calls")
			.description("Calls to an upstream, retries and waits included, by outcome")
			.tag("upstream", this.upstream)
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void retried() {
		this.retries.increment();
	}

	void waitedAtGate(Duration wait) {
		this.gateWaits.record(wait);
	}

	/** An answer arrived: counts a 429 and keeps the advertised remaining budget. */
	void answered(HttpStatusCode status, HttpHeaders headers) {
		if (status.value() == 429) {
			this.rateLimitedAnswers.increment();
		}
		String value = headers.getFirst("X-RateLimit-Remaining");
		if (value != null) {
			try {
				this.remaining.set(Long.parseLong(value.trim()));
			}
			catch (NumberFormatException ex) {
				// An unreadable header tells us nothing; keep the last value.
			}
		}
	}

}
