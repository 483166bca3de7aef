package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Deadline} value and how it travels in the Reactor context.
 */
class DeadlineTests {

	private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void remainingShouldBeTimeLeftAndNeverNegative() {
		assertThat(Deadline.after(Duration.ofSeconds(2), this.clock).remaining(this.clock))
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(Deadline.of(NOW.minusSeconds(1)).remaining(this.clock)).isZero();
		assertThat(Deadline.of(NOW).isExpired(this.clock)).isTrue();
		assertThat(Deadline.of(NOW.plusMillis(1)).isExpired(this.clock)).isFalse();
	}

	@Test
	void currentShouldReadDeadlineFromSubscriberContext() {
		Deadline deadline = Deadline.of(NOW.plusSeconds(2));
		assertThat(Deadline.current().contextWrite(deadline.asContext()).block()).isEqualTo(deadline);
		assertThat(Deadline.current().block()).isNull();
	}

	@Test
	void contextWriteNearestTheCallShouldWin() {
		Deadline outer = Deadline.of(NOW.plusSeconds(5));
		Deadline inner = Deadline.of(NOW.plusSeconds(1));
		Mono<Deadline> seen = Deadline.current().contextWrite(inner.asContext()).contextWrite(outer.asContext());
		assertThat(seen.block()).isEqualTo(inner);
	}

}
