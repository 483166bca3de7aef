package dev.memberships.membership.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SourceCache} over a shared level that answers with entries another instance
 * loaded earlier: their age counts as if this cache had loaded them, so freshness,
 * refresh-ahead and stale-if-error are the same on every instance.
 */
class SharedSourceCacheTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final CachePolicy POLICY = new CachePolicy(Duration.ofMinutes(5), Duration.ofMinutes(4),
			Duration.ofHours(1), 100);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final AtomicInteger upstreamCalls = new AtomicInteger();

	private final AtomicReference<Mono<String>> upstream = new AtomicReference<>(Mono.just("mine"));

	/** What the shared level holds: an answer of the given age, or nothing. */
	private final AtomicReference<SharedLevel.Loaded<String>> shared = new AtomicReference<>();

	private final SourceCache<String, String> cache = new SourceCache<>(POLICY, this.nanos::get, Clock.systemUTC(),
			(key) -> Mono.defer(() -> {
				this.upstreamCalls.incrementAndGet();
				return this.upstream.get();
			}), new SharedLevel.Source<>() {

				@Override
				public Mono<SharedLevel.Loaded<String>> load(String key, Optional<Duration> knownAge,
						Mono<String> upstream) {
					SharedLevel.Loaded<String> entry = SharedSourceCacheTests.this.shared.get();
					if (entry != null && (knownAge.isEmpty() || entry.age().compareTo(knownAge.get()) < 0)) {
						return Mono.just(entry);
					}
					return upstream.map(SharedLevel.Loaded::new);
				}

				@Override
				public Mono<Map<String, SharedLevel.Loaded<String>>> loadAll(List<String> keys,
						Function<List<String>, Mono<Map<String, String>>> bulk) {
					return Mono.just(Map.of());
				}

			}, SourceCache.ignoreRemovals());

	private SourceResult<String> get(String key) {
		return this.cache.get(key, false).contextWrite(Deadline.after(TIMEOUT, Clock.systemUTC()).asContext()).block();
	}

	@Test
	void getWhenSharedLevelHoldsAnOlderAnswerShouldCountItsAge() {
		this.shared.set(new SharedLevel.Loaded<>("theirs", Duration.ofMinutes(2)));
		SourceResult<String> result = get("k");
		assertThat(result.valueOr(null)).isEqualTo("theirs");
		assertThat(result.status()).isEqualTo(SourceStatus.OK);
		assertThat(result.freshFor()).isEqualTo(Duration.ofMinutes(3));
		assertThat(this.upstreamCalls).hasValue(0);
	}

	@Test
	void getWhenSharedAnswerIsPastRefreshAfterShouldServeItAndRefreshInBackground() {
		this.shared.set(new SharedLevel.Loaded<>("theirs", Duration.ofMinutes(4).plusSeconds(30)));
		Sinks.One<String> refresh = Sinks.one();
		this.upstream.set(refresh.asMono());
		assertThat(get("k").valueOr(null)).isEqualTo("theirs");
		this.shared.set(null);
		// Caffeine would refresh only four minutes after this cache got it.
		assertThat(get("k").valueOr(null)).isEqualTo("theirs");
		assertThat(this.upstreamCalls).hasValue(1);
		refresh.tryEmitValue("mine");
		assertThat(get("k").valueOr(null)).isEqualTo("mine");
		assertThat(this.upstreamCalls).hasValue(1);
	}

	@Test
	void getWhenSharedAnswerIsPastTtlAndUpstreamFailsShouldServeItStaleWithItsAge() {
		this.shared.set(new SharedLevel.Loaded<>("theirs", Duration.ofMinutes(6)));
		this.upstream.set(Mono.error(new UpstreamException("auth0", FailureReason.UPSTREAM_ERROR)));
		SourceResult<String> result = get("k");
		assertThat(result.valueOr(null)).isEqualTo("theirs");
		assertThat(result.status().status()).isEqualTo(SourceStatus.State.STALE);
		assertThat(result.status().ageSeconds()).isEqualTo(360L);
		assertThat(this.upstreamCalls).hasValue(1);
	}

	@Test
	void getWhenSharedAnswerIsOlderThanMaxStaleShouldExpireLocallyAtOnce() {
		this.shared.set(new SharedLevel.Loaded<>("theirs", Duration.ofMinutes(59)));
		this.upstream.set(Mono.error(new UpstreamException("auth0", FailureReason.UPSTREAM_ERROR)));
		assertThat(get("k").status().status()).isEqualTo(SourceStatus.State.STALE);
		this.shared.set(null);
		this.nanos.addAndGet(Duration.ofMinutes(2).toNanos());
		// Gone after one more hour of its life, not a whole max-stale: nothing to serve.
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> get("k"));
	}

}
