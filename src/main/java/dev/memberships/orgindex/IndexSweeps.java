package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the sweeps, one after another on a thread of their own: a sweep every
 * {@code sweep-interval} from the start of the previous one, back to back when a sweep
 * takes longer. A failed sweep is logged and the next one starts on schedule; once the
 * index has stopped ({@code max-memberships}), no more. A sweep is due one interval after
 * the last one started, this pod's or the fleet's; then it runs only if the
 * {@link SweepTurn} is this pod's, else the pod looks again every few seconds, so that
 * another one takes over soon after the sweeping pod stops or dies.
 */
final class IndexSweeps implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IndexSweeps.class);

	/** The longest a pod waits before it looks again whether the turn is its own. */
	static final Duration TURN_POLL = Duration.ofSeconds(5);

	private final IndexSweeper sweeper;

	private final OrganizationIndex index;

	private final SweepTurn turn;

	private final Duration interval;

	private final Clock clock;

	/** How often a pod looks again whether a sweep is due and the turn is its own. */
	private final Duration poll;

	private volatile @Nullable ExecutorService executor;

	/**
	 * Cleared by {@link #stop()}: a request under way when the thread is interrupted may
	 * end in an exception rather than an interrupt, and no sweep may follow a stop.
	 */
	private volatile boolean running;

	IndexSweeps(IndexSweeper sweeper, OrganizationIndex index, SweepTurn turn, Duration interval, Clock clock) {
		this.sweeper = sweeper;
		this.index = index;
		this.turn = turn;
		this.interval = interval;
		this.clock = clock;
		this.poll = min(interval, TURN_POLL);
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ExecutorService executor = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().name("organization-index-sweeps").daemon().factory());
		this.executor = executor;
		this.running = true;
		executor.execute(this::run);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		ExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void run() {
		try {
			@Nullable Instant lastAttempt = null;
			while (this.running && !Thread.currentThread().isInterrupted() && !this.index.stopped()) {
				Instant now = this.clock.instant();
				Instant due = due(lastAttempt);
				if (!now.isBefore(due) && this.turn.mine()) {
					lastAttempt = now;
					sweepOnce();
					continue;
				}
				Duration untilDue = Duration.between(now, due);
				Pacer.sleep(untilDue.isPositive() ? min(untilDue, this.poll) : this.poll);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One interval after the later of this pod's last attempt and the start of the last
	 * complete sweep the index knows, its own or one the fleet's sweeper published: a pod
	 * that takes the turn over does not sweep again what was just swept.
	 */
	private Instant due(@Nullable Instant lastAttempt) {
		Instant last = this.index.lastSweepStart().orElse(null);
		if (lastAttempt != null && (last == null || lastAttempt.isAfter(last))) {
			last = lastAttempt;
		}
		return (last != null) ? last.plus(this.interval) : Instant.MIN;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void sweepOnce() throws InterruptedException {
		try {
			if (!this.sweeper.sweep()) {
				logger.warn("Organization index sweep stopped before the end");
			}
		}
		catch (RuntimeException ex) {
			if (!this.running) {
				return;
			}
			logger.warn("Organization index sweep failed after {} calls; the next one starts on schedule: {}",
					this.sweeper.calls(), ex.toString());
		}
	}

}
