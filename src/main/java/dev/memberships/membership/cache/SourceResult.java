package dev.memberships.membership.cache;

import java.time.Duration;
import java.util.Optional;

import dev.memberships.upstream.FailureReason;

/**
 * What loading one source gave: a value (fresh or stale) or a failure. A plain value, so
 * the merge can be a plain function.
 */
public sealed interface SourceResult<T> {

	static <T> SourceResult<T> fresh(T value) {
		return fresh(value, Duration.ZERO);
	}

	static <T> SourceResult<T> fresh(T value, Duration freshFor) {
		return new Loaded<>(value, freshFor, 0, false);
	}

	static <T> SourceResult<T> stale(T value, long ageSeconds) {
		return new Loaded<>(value, Duration.ZERO, ageSeconds, true);
	}

	static <T> SourceResult<T> failed(FailureReason reason) {
		return new Failed<>(reason, Optional.empty());
	}

	static <T> SourceResult<T> failed(FailureReason reason, Optional<Duration> retryAfter) {
		return new Failed<>(reason, retryAfter);
	}

	SourceStatus status();

	T valueOr(T fallback);

	default boolean failedWith(FailureReason reason) {
		return this instanceof Failed<T> failed && failed.reason() == reason;
	}

	/**
	 * How long the value stays fresh: how long a caller may cache the answer it is part
	 * of.
	 */
	Duration freshFor();

	/**
	 * A value the answer can use.
	 *
	 * @param value the value
	 * @param freshFor how long it stays fresh; zero when stale or not cached
	 * @param ageSeconds how old it is, when stale
	 * @param stale whether it is an old copy served because the upstream failed
	 */
	record Loaded<T>(T value, Duration freshFor, long ageSeconds, boolean stale) implements SourceResult<T> {

		@Override
		public SourceStatus status() {
			return this.stale ? SourceStatus.stale(this.ageSeconds) : SourceStatus.OK;
		}

		@Override
		public T valueOr(T fallback) {
			return this.value;
		}

	}

	/**
	 * No value: the upstream failed and nothing could stand in.
	 *
	 * @param reason why the upstream failed
	 * @param retryAfter how long the upstream asked us to wait, when it said
	 */
	record Failed<T>(FailureReason reason, Optional<Duration> retryAfter) implements SourceResult<T> {

		@Override
		public SourceStatus status() {
			return SourceStatus.unavailable(this.reason.code());
		}

		@Override
		public T valueOr(T fallback) {
			return fallback;
		}

		@Override
		public Duration freshFor() {
			return Duration.ZERO;
		}

	}

}
