package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When the index's last complete sweep started and completed, and what its age makes the
 * index: current within {@code 2 x sweep-interval}, behind past it.
 */
final class SweepAge {

	private final Duration trustedFor;

	private final Clock clock;

	private volatile @Nullable Instant lastComplete;

	/** When the last complete sweep (this pod's or, loaded, the fleet's) started. */
	private volatile @Nullable Instant lastSweepStart;

	SweepAge(Duration trustedFor, Clock clock) {
		this.trustedFor = trustedFor;
		this.clock = clock;
	}

	/**
	 * A sweep that started then completed at {@code completedAt}: here, or on the pod
	 * that swept for the fleet, whose sweep this pod loaded (so its age counts from the
	 * sweeper's completion, not the load).
	 */
	void completed(Instant sweepStart, Instant completedAt) {
		this.lastComplete = completedAt;
		this.lastSweepStart = sweepStart;
	}

	/** Whether a sweep has completed at all: before, the index answers nothing. */
	boolean any() {
		return this.lastComplete != null;
	}

	/** Whether a sweep completed within the trusted age. */
	boolean current() {
		return age().filter((age) -> age.compareTo(this.trustedFor) <= 0).isPresent();
	}

	/** The age of the last complete sweep, once it is past the trusted age. */
	Optional<Duration> behind() {
		return age().filter((age) -> age.compareTo(this.trustedFor) > 0);
	}

	Optional<Instant> lastComplete() {
		return Optional.ofNullable(this.lastComplete);
	}

	Optional<Instant> lastSweepStart() {
		return Optional.ofNullable(this.lastSweepStart);
	}

	private Optional<Duration> age() {
		Instant complete = this.lastComplete;
		return (complete != null) ? Optional.of(Duration.between(complete, this.clock.instant())) : Optional.empty();
	}

}
