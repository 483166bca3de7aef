package dev.memberships.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Primary;

/**
 * A Caffeine ticker tests move by hand, as {@link MutableClock} is a clock: expiry is
 * tested without sleeping. It stands still until moved: {@link ServiceTest}'s context
 * reads cache time from it, ahead of any ticker bean the application itself declares.
 */
@Primary
public final class MutableTicker implements Ticker {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long read() {
		return this.nanos.get();
	}

}
