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
 * index has stopped ({@code max-memberships}), no more.
 */
final class IndexSweeps implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IndexSweeps.class);

	private final IndexSweeper sweeper;

	private final OrganizationIndex index;

	private final SweepTurn turn;

	private final Duration interval;

	private final Clock clock;

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
			while (this.running && !Thread.currentThread().isInterrupted() && !this.index.stopped()) {
				Instant start = this.clock.instant();
				if (this.turn.mine()) {
					sweepOnce();
				}
				Pacer.sleep(Duration.between(this.clock.instant(), start.plus(this.interval)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
