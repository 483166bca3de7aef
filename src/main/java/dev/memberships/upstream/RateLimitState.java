package dev.memberships.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatusCode;

/**
 * What one upstream's rate-limit gate knows: until when it is closed, whether the next
 * call must go alone as a probe, and the budget the last answer announced. Two methods
 * are the whole contract: {@link #ask()}, where a call asks to go out, and
 * {@link #learn}, where an answer closes or reopens the gate; a state shared between
 * replicas (a store) would take these two decisions. Not thread-safe: its gate holds the
 * lock. Times are the gate's scheduler time in milliseconds.
 */
final class RateLimitState {

	private static final Logger log = LoggerFactory.getLogger(RateLimitState.class);

	private final String upstream;

	private final RateLimitWaits waits;

	private final RateLimitBudget budget;

	private final LongSupplier now;

	/** Before this, no call goes out. */
	private long closedUntil;

	/** Whether the next call must go alone and be answered before the others go. */
	private boolean probeRequired;

	/** The probe out now: only its own answer or release may settle it. */
	private Optional<Permit> probe = Optional.empty();

	private int rateLimitedInARow;

	RateLimitState(String upstream, RateLimitWaits waits, int remainingFloor, LongSupplier now) {
		this.upstream = upstream;
		this.waits = waits;
		this.budget = new RateLimitBudget(remainingFloor);
		this.now = now;
	}

	/** Where a call asks to go out. */
	Entry ask() {
		long now = this.now.getAsLong();
		if (now < this.closedUntil) {
			return new Entry.Closed(Duration.ofMillis(this.closedUntil - now));
		}
		if (!this.probeRequired) {
			Permit permit = new Permit(false, this.budget.grant());
			if (this.budget.spent()) {
				closeUntil(this.budget.drop(), "has spent its budget");
			}
			return new Entry.Go(permit);
		}
		if (this.probe.isEmpty()) {
			Permit probe = new Permit(true, this.budget.grant());
			this.probe = Optional.of(probe);
			return new Entry.Go(probe);
		}
		return new Entry.AfterProbe();
	}

	/**
	 * Where an answer closes or reopens the gate: a 429 or a spent budget closes it; the
	 * probe's answer opens it again.
	 * @param permit the permit the answered call went out with, when known
	 * @param status the answer's status
	 * @param headers what the answer says of the rate limit
	 */
	void learn(Optional<Permit> permit, HttpStatusCode status, RateLimitHeaders headers) {
		boolean rateLimited = status.value() == 429;
		boolean closes = rateLimited;
		if (rateLimited) {
			this.budget.drop();
			Duration wait = this.waits.closeFor429(headers)
				.orElseGet(() -> this.waits.backoff(++this.rateLimitedInARow));
			closeUntil(this.now.getAsLong() + wait.toMillis(), "answered 429");
		}
		else if (headers.remaining().isPresent()) {
			Optional<Duration> untilReset = this.waits.untilReset(headers);
			if (untilReset.isPresent()) {
				// Unknown calls are taken as the newest: nothing has gone out after them.
				long call = permit.map(Permit::grant).orElseGet(this.budget::granted);
				closes = this.budget.update(call, headers.remaining().getAsLong(),
						this.now.getAsLong() + untilReset.get().toMillis());
				if (closes) {
					closeUntil(this.budget.drop(), "has no requests left");
				}
			}
		}
		if (permit.isPresent() && permit.equals(this.probe)) {
			this.probe = Optional.empty();
			this.probeRequired = closes;
		}
		if (!rateLimited && !this.probeRequired) {
			this.rateLimitedInARow = 0;
		}
	}

	/** A permit whose call got no answer: another call may be the probe. */
	void release(Permit permit) {
		if (this.probe.equals(Optional.of(permit))) {
			this.probe = Optional.empty();
		}
	}

	/** How long the gate stays closed from now; zero when it is open. */
	Duration closedFor() {
		return Duration.ofMillis(Math.max(0, this.closedUntil - this.now.getAsLong()));
	}

	/** Opens the gate and forgets every answer. */
	void reset() {
		this.closedUntil = 0;
		this.probeRequired = false;
		this.probe = Optional.empty();
		this.rateLimitedInARow = 0;
		this.budget.drop();
	}

	/** No call goes before the given time; the first after it is a probe. */
	private void closeUntil(long until, String why) {
		long now = this.now.getAsLong();
		if (until > now && this.closedUntil <= now) {
			log.warn("{} {}: no calls for {} ms", this.upstream, why, until - now);
		}
		this.closedUntil = Math.max(this.closedUntil, until);
		this.probeRequired = true;
	}

	/**
	 * The right of one call to go out.
	 *
	 * @param probe whether this call is the probe the others wait for
	 * @param grant the call's number, counted by the gate's budget
	 */
	record Permit(boolean probe, long grant) {

	}

	/** What a call asking to go out is told. */
	sealed interface Entry {

		/** Go now, with this permit. */
		record Go(Permit permit) implements Entry {
		}

		/** Closed for this long. */
		record Closed(Duration duration) implements Entry {
		}

		/** A probe is out: ask again once it is answered. */
		record AfterProbe() implements Entry {
		}

	}

}
