package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the sweeps, one after another on a thread of their own: a sweep every
 * {@code sweep-interval} from the start of the previous one, back to back when a sweep
 * takes longer, from the moment the pod is ready. A failed sweep is logged and tried
 * again within {@link #RETRY_FAILED}; once the index has stopped
 * ({@code max-memberships}), no more. A sweep is due one interval after the last one
 * started, this pod's or the fleet's; then it runs only if the {@link SweepTurn} is this
 * pod's, else the pod looks again every few seconds, so that another one takes over soon
 * after the sweeping pod stops or dies.
 */
final class IndexSweeps implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Logger logger = LoggerFactory.getLogger(IndexSweeps.class);

	/** The longest a pod waits before it looks again whether the turn is its own. */
	static final Duration TURN_POLL = Duration.ofSeconds(5);

	/**
	 * The longest a pod waits to try again after a sweep that did not complete: at the
	 * default interval of 30 minutes, one failed first sweep would otherwise leave the
	 * index unused for half an hour.
	 */
	static final Duration RETRY_FAILED = Duration.ofMinutes(1);

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

	/**
	 * Sweeps start once the pod is ready, not when the context is: the warm-up sends
	 * every upstream request to its loopback stand-ins until then, sweep requests
	 * included.
	 */
	@Override
	public boolean isAutoStartup() {
		return false;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			start();
		}
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
			boolean lastFailed = false;
			while (this.running && !Thread.currentThread().isInterrupted() && !this.index.stopped()) {
				Instant now = this.clock.instant();
				Instant due = due(lastAttempt, lastFailed);
				if (!now.isBefore(due) && this.turn.mine()) {
					lastAttempt = now;
					lastFailed = !sweepOnce();
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
	 * that takes the turn over does not sweep again what was just swept. After an attempt
	 * of this pod's that did not complete, sooner: {@link #RETRY_FAILED}.
	 */
	private Instant due(@Nullable Instant lastAttempt, boolean lastFailed) {
		Instant last = this.index.lastSweepStart().orElse(null);
		if (lastAttempt != null && (last == null || lastAttempt.isAfter(last))) {
			return lastAttempt.plus(lastFailed ? min(this.interval, RETRY_FAILED) : this.interval);
		}
		return (last != null) ? last.plus(this.interval) : Instant.MIN;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** Sweeps once; whether the sweep completed. */
	private boolean sweepOnce() throws InterruptedException {
		try {
			if (this.sweeper.sweep()) {
				return true;
			}
			logger.warn("Organization index sweep stopped before the end");
		}
		catch (RuntimeException ex) {
			if (this.running) {
				logger.warn("Organization index sweep failed after {} calls; the next one starts within {} s: {}",
						this.sweeper.calls(), min(this.interval, RETRY_FAILED).toSeconds(), ex.toString());
			}
		}
		return false;
	}

}
