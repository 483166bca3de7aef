package dev.memberships.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every Redis operation of the shared level goes through here: bounded by a short timeout
 * (twice that for an operation after one in time: one slow operation in a row is
 * tolerated), counted ({@code memberships.redis.operations} by {@code operation} and
 * {@code outcome}), and never failing. Redis down, slow or refusing makes an operation
 * complete empty, and the caller goes on with its local caches and gate. Whether Redis
 * answers is logged once per change and shown by {@link RedisLevelHealthIndicator}.
 */
final class RedisCalls {

	private static final Logger log = LoggerFactory.getLogger(RedisCalls.class);

	private final Duration timeout;

	private final MeterRegistry meters;

	private final AtomicBoolean available = new AtomicBoolean(true);

	/** Whether the last operation that ended took longer than the timeout. */
	private final AtomicBoolean strike = new AtomicBoolean();

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

	RedisCalls(Duration timeout, MeterRegistry meters) {
		this.timeout = timeout;
		this.meters = meters;
	}

	/**
	 * Runs one operation.
	 * @param operation the operation's name, a metric tag
	 * @param command the operation, cold
	 * @return its result; empty when Redis failed or took longer than the timeout
	 */
	<T> Mono<T> call(String operation, Mono<T> command) {
		return Mono.defer(() -> {
			// One slow operation in a row is tolerated: on a young JVM the first round
			// trips (connection, scripts, code not yet compiled) may take longer than the
			// timeout, and a pod that went its own way for them would break single-flight
			// and spend the tenant's rate alone. Each operation that starts after an
			// operation in time may take twice the timeout; one that takes longer than
			// the timeout is the strike, and while it stands, the timeout is firm.
			Duration limit = this.strike.get() ? this.timeout : this.timeout.multipliedBy(2);
			AtomicBoolean overdue = new AtomicBoolean();
			Disposable late = Schedulers.parallel().schedule(() -> {
				overdue.set(true);
				this.strike.set(true);
			}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return command.timeout(limit).doOnSuccess((result) -> {
				late.dispose();
				if (!overdue.get()) {
					this.strike.set(false);
				}
			}).doFinally((signal) -> late.dispose());
		}).doOnSuccess((result) -> answered(operation)).onErrorResume((ex) -> {
			failed(operation, ex);
			return Mono.empty();
		});
	}

	/**
	 * Runs one operation and waits for it.
	 * @param operation the operation's name, a metric tag
	 * @param command the operation, cold
	 * @return whether Redis answered; bounded by the operation timeout, never fails
	 */
	boolean await(String operation, Mono<?> command) {
		return Boolean.TRUE.equals(call(operation, command).hasElement().block());
	}

	/** Whether the last operation got an answer from Redis. */
	boolean available() {
		return this.available.get();
	}

	/** Why the last failed operation failed, or {@code null}. */
	String lastFailure() {
		return this.lastFailure.get();
	}

	private void answered(String operation) {
		count(operation, "ok");
		if (this.available.compareAndSet(false, true)) {
			log.info("Redis answers again: sharing caches, evictions and the Auth0 gate");
		}
	}

	private void failed(String operation, Throwable ex) {
		boolean timedOut = ex instanceof TimeoutException;
		count(operation, timedOut ? "timeout" : "error");
		String why = timedOut ? "no answer in time (" + this.timeout.toMillis() + " ms)"
				: ex.getClass().getSimpleName();
		this.lastFailure.set(operation + ": " + why);
		if (this.available.compareAndSet(true, false)) {
			log.warn("Redis failed ({}, {}): going on with this instance's caches and gate until it answers", operation,
					why);
		}
	}

	private void count(String operation, String outcome) {
		this.meters.counter("memberships.redis.operations", "operation", operation, "outcome", outcome).increment();
	}

}
