package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The instant by which a request must be answered, carried in the Reactor {@link Context}
 * of every upstream call made for it. Every attempt, retry, backoff and wait at a
 * rate-limit gate fits into what is left of it; nothing is started that could not finish
 * in time.
 * <p>
 * The caller puts it into the context of a call, for example
 * {@code client.getUserGroups(ou, users).contextWrite(Deadline.of(instant).asContext())}.
 * A call with no deadline in its context gets the default one
 * ({@code memberships.deadline}, 2 s) from the moment it is subscribed to.
 *
 * @param instant when the answer is due
 */
public record Deadline(Instant instant) {

	/** The key the deadline is stored under in a Reactor {@link Context}. */
	public static final Class<Deadline> KEY = Deadline.class;

	public Deadline {
		Objects.requireNonNull(instant, "instant must not be null");
	}

	/** The deadline at the given instant. */
	public static Deadline of(Instant instant) {
		return new Deadline(instant);
	}

	/** The deadline the given time from now, as told by the clock. */
	public static Deadline after(Duration timeout, Clock clock) {
		return new Deadline(clock.instant().plus(timeout));
	}

	/** The deadline in the given context, if there is one. */
	public static Optional<Deadline> from(ContextView context) {
		return context.getOrEmpty(KEY);
	}

	/** The deadline of the subscriber, or nothing when it set none. */
	public static Mono<Deadline> current() {
		return Mono.deferContextual((context) -> Mono.justOrEmpty(from(context)));
	}

	/** What is left of it, never negative. */
	public Duration remaining(Clock clock) {
		Duration remaining = Duration.between(clock.instant(), this.instant);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/** Whether it has passed. */
	public boolean isExpired(Clock clock) {
		return !clock.instant().isBefore(this.instant);
	}

	/**
	 * A context holding only this deadline, for {@code contextWrite}; it replaces any
	 * deadline set further downstream.
	 */
	public Context asContext() {
		return Context.of(KEY, this);
	}

}
