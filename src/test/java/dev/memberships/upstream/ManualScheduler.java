package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} on virtual time: tasks run when a test moves time past
 * them, on the test's thread. Periodic tasks are not supported: nothing here uses them.
 * (reactor-test's VirtualTimeScheduler is not on this project's classpath.)
 */
final class ManualScheduler implements Scheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private final AtomicLong sequence = new AtomicLong();

	private long nowNanos;

	/** A clock on this scheduler's time, starting at the given instant. */
	Clock clock(Instant origin) {
		return new Clock() {

			@Override
			public Instant instant() {
				return origin.plusNanos(now(TimeUnit.NANOSECONDS));
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}

		};
	}

	/** Moves time forward, running every task that falls due on the way, in order. */
	void advanceTimeBy(Duration duration) {
		long target;
		synchronized (this) {
			target = this.nowNanos + duration.toNanos();
		}
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.peek();
				if (next == null || next.dueNanos > target) {
					this.nowNanos = target;
					return;
				}
				this.tasks.poll();
				this.nowNanos = Math.max(this.nowNanos, next.dueNanos);
			}
			if (!next.cancelled) {
				next.runnable.run();
			}
		}
	}

	/** Whether a task waits for its time; cancelled tasks do not count. */
	synchronized boolean hasPendingTasks() {
		this.tasks.removeIf((task) -> task.cancelled);
		return !this.tasks.isEmpty();
	}

	/** Moves time to the next pending task, running every task due by then. */
	void advanceToNextTask() {
		long wait;
		synchronized (this) {
			this.tasks.removeIf((task) -> task.cancelled);
			Task next = this.tasks.peek();
			if (next == null) {
				return;
			}
			wait = Math.max(0, next.dueNanos - this.nowNanos);
		}
		advanceTimeBy(Duration.ofNanos(wait));
	}

	@Override
	public synchronized long now(TimeUnit unit) {
		return unit.convert(this.nowNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public Disposable schedule(Runnable task) {
		return schedule(task, 0, TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		Task scheduled = new Task(this.nowNanos + unit.toNanos(delay), this.sequence.incrementAndGet(), task);
		this.tasks.add(scheduled);
		return scheduled;
	}

	@Override
	public Worker createWorker() {
		ManualScheduler scheduler = this;
		return new Worker() {

			private volatile boolean disposed;

			@Override
			public Disposable schedule(Runnable task) {
				return scheduler.schedule(task);
			}

			@Override
			public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
				return scheduler.schedule(task, delay, unit);
			}

			@Override
			public void dispose() {
				this.disposed = true;
			}

			@Override
			public boolean isDisposed() {
				return this.disposed;
			}

		};
	}

	private static final class Task implements Disposable, Comparable<Task> {

		private final long dueNanos;

		private final long sequence;

		private final Runnable runnable;

		private volatile boolean cancelled;

		Task(long dueNanos, long sequence, Runnable runnable) {
			this.dueNanos = dueNanos;
			this.sequence = sequence;
			this.runnable = runnable;
		}

		@Override
		public void dispose() {
			this.cancelled = true;
		}

		@Override
		public boolean isDisposed() {
			return this.cancelled;
		}

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.dueNanos, other.dueNanos);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
