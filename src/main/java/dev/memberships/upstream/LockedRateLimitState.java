package dev.memberships.upstream;

import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatusCode;

/**
 * A {@link RateLimitState} behind its gate's lock, which tells the calls waiting for a
 * probe's answer whenever it changes.
 */
final class LockedRateLimitState {

	private final RateLimitState state;

	/**
	 * Completed, and replaced, whenever the state changes; waiters for a probe use it.
	 */
	private Sinks.Empty<Void> changed = Sinks.empty();

	LockedRateLimitState(RateLimitState state) {
		this.state = state;
	}

	/** Where a call asks to go out; also what completes at the next change. */
	synchronized Asked ask() {
		return new Asked(this.state.ask(), this.changed.asMono());
	}

	/** See {@link RateLimitState#learn}. */
	void learn(Optional<RateLimitState.Permit> permit, HttpStatusCode status, RateLimitHeaders headers) {
		change(() -> this.state.learn(permit, status, headers));
	}

	/** See {@link RateLimitState#release}. */
	void release(RateLimitState.Permit permit) {
		change(() -> this.state.release(permit));
	}

	/** How long the gate stays closed from now; zero when it is open. */
	synchronized Duration closedFor() {
		return this.state.closedFor();
	}

	/** Opens the gate and forgets every answer. */
	void reset() {
		change(this.state::reset);
	}

	/**
	 * Signals outside the lock: a woken waiter tries to acquire again at once, on this
	 * thread.
	 */
	private void change(Runnable change) {
		Sinks.Empty<Void> signal;
		synchronized (this) {
			change.run();
			signal = this.changed;
			this.changed = Sinks.empty();
		}
		signal.tryEmitEmpty();
	}

	/**
	 * What a call asking to go out is told, and the signal of the next change, taken
	 * under one lock so that no change falls between them.
	 *
	 * @param entry what the call is told
	 * @param changed completes at the next change of the state
	 */
	record Asked(RateLimitState.Entry entry, Mono<Void> changed) {

	}

}
