package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Spaces a sweep's requests to at most {@code rate} a second, and gives way to per-user
 * calls: while some are under way, the next sweep request waits up to one more interval
 * for them. Every request still passes the {@code auth0} rate-limit gate; this only keeps
 * the sweep's share of the budget. Blocking: it runs on the sweeps' own thread, where a
 * plain sleep is the simplest correct wait.
 */
final class Pacer {

	private static final Duration POLL = Duration.ofMillis(20);

	/**
	 * Requests that go ahead of new per-user calls after a refusal ({@link #refused}).
	 */
	private static final int CONTENDED_TURNS = 10;

	/** How soon a refused request asks again when the gate named no wait. */
	private static final Duration REFUSED_POLL = Duration.ofMillis(250);

	private final Duration interval;

	private final SweepPriority priority;

	private final Clock clock;

	private Instant last = Instant.MIN;

	/**
	 * How many more requests go ahead of new per-user calls rather than behind those
	 * under way: after a refusal, yielding to them would only lose the gate to them
	 * again.
	 */
	private int contendedTurns;

	Pacer(double rate, SweepPriority priority, Clock clock) {
		this.interval = Duration.ofNanos((long) (1_000_000_000L / rate));
		this.priority = priority;
		this.clock = clock;
	}

	/**
	 * Waits until the next sweep request may go. A request the gate refused goes again as
	 * soon as the gate's wait is over: it spent none of the budget, and the per-user
	 * calls are held for it.
	 */
	void awaitTurn() throws InterruptedException {
		if (this.priority.sweepWaiting()) {
			return;
		}
		if (this.last != Instant.MIN) {
			sleep(Duration.between(this.clock.instant(), this.last.plus(this.interval)));
		}
		if (this.contendedTurns > 0) {
			this.contendedTurns--;
			this.priority.sweepWaits();
		}
		else {
			for (long polls = this.interval.dividedBy(POLL); polls > 0
					&& this.priority.perUserInFlight() > 0; polls--) {
				sleep(POLL);
			}
		}
		this.last = this.clock.instant();
	}

	/** Waits after a failed request, at least one interval. */
	void backOff(Duration wait) throws InterruptedException {
		sleep((wait.compareTo(this.interval) > 0) ? wait : this.interval);
	}

	/**
	 * Waits after a request the rate-limit gate refused, for the gate's wait or, when it
	 * named none, up to one interval; ahead of new per-user calls from now on, until
	 * {@link #answered()}, and so for the next {@link #CONTENDED_TURNS} requests.
	 */
	void refused(@Nullable Duration wait) throws InterruptedException {
		this.contendedTurns = CONTENDED_TURNS;
		this.priority.sweepWaits();
		sleep((wait != null) ? wait : ((this.interval.compareTo(REFUSED_POLL) < 0) ? this.interval : REFUSED_POLL));
	}

	/**
	 * The last request was answered (or the sweep ended): per-user calls go first again.
	 */
	void answered() {
		this.priority.sweepNotWaiting();
	}

	Duration interval() {
		return this.interval;
	}

	static void sleep(Duration duration) throws InterruptedException {
		if (duration.isPositive()) {
			Thread.sleep(duration);
		}
	}

}
