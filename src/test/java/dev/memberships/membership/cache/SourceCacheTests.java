package dev.memberships.membership.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.memberships.membership.cache.SourceResult.Loaded;
import dev.memberships.membership.cache.SourceStatus.State;
import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SourceCacheTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final AtomicInteger loads = new AtomicInteger();

	private final AtomicReference<Mono<String>> upstream = new AtomicReference<>(Mono.just("v1"));

	private static final CachePolicy POLICY = new CachePolicy(Duration.ofMinutes(5), Duration.ofMinutes(4),
			Duration.ofHours(1), 100);

	private final SourceCache<String, String> cache = new SourceCache<>(POLICY, this.nanos::get, Clock.systemUTC(),
			(key) -> {
				this.loads.incrementAndGet();
				return this.upstream.get();
			}, SharedLevel.Source.upstreamOnly(), SourceCache.ignoreRemovals());

	@Test
	void getWhenConcurrentMissesShouldCallUpstreamOnce() {
		Sinks.One<String> answer = Sinks.one();
		this.upstream.set(answer.asMono());
		List<SourceResult<String>> results = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			get("k", false, TIMEOUT).subscribe(results::add);
		}
		answer.tryEmitValue("v1");
		assertThat(this.loads).hasValue(1);
		assertThat(results).hasSize(100).allSatisfy((result) -> assertThat(result.valueOr(null)).isEqualTo("v1"));
	}

	@Test
	void getWhenFreshShouldServeFromCacheWithRemainingFreshness() {
		get();
		advance(Duration.ofMinutes(1));
		SourceResult<String> result = get();
		assertThat(this.loads).hasValue(1);
		assertThat(result.status()).isEqualTo(SourceStatus.OK);
		assertThat(result.freshFor()).isEqualTo(Duration.ofMinutes(4));
	}

	@Test
	void getWhenPastRefreshAfterShouldServeAtOnceAndRefreshInBackgroundOnce() {
		get();
		advance(Duration.ofMinutes(4).plusSeconds(30));
		Sinks.One<String> refresh = Sinks.one();
		this.upstream.set(refresh.asMono());
		assertThat(get().valueOr(null)).isEqualTo("v1");
		assertThat(get().valueOr(null)).isEqualTo("v1");
		assertThat(this.loads).hasValue(2);
		refresh.tryEmitValue("v2");
		assertThat(get().valueOr(null)).isEqualTo("v2");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void getWhenPastTtlShouldAskUpstreamAgain() {
		get();
		advance(Duration.ofMinutes(6));
		this.upstream.set(Mono.just("v2"));
		SourceResult<String> result = get();
		assertThat(result.valueOr(null)).isEqualTo("v2");
		assertThat(result.status()).isEqualTo(SourceStatus.OK);
	}

	@Test
	void getWhenPastTtlAndUpstreamFailsShouldServeStaleWithAge() {
		get();
		advance(Duration.ofMinutes(6));
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.UPSTREAM_ERROR)));
		SourceResult<String> result = get();
		assertThat(result.valueOr(null)).isEqualTo("v1");
		assertThat(result.status()).isEqualTo(new SourceStatus(State.STALE, null, 360L));
		assertThat(result.freshFor()).isZero();
	}

	@Test
	void getWhenMarkedStaleShouldAskTheUpstreamAgainWhileFresh() {
		get();
		advance(Duration.ofMinutes(1));
		this.cache.markStale("k");
		assertThat(this.cache.freshNow("k")).isEmpty();
		this.upstream.set(Mono.just("v2"));
		SourceResult<String> result = get();
		assertThat(result.valueOr(null)).isEqualTo("v2");
		assertThat(result.status()).isEqualTo(SourceStatus.OK);
		assertThat(this.loads).hasValue(2);
		assertThat(get().valueOr(null)).isEqualTo("v2");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void getWhenMarkedStaleAndUpstreamFailsShouldServeTheOldValueStaleWithItsAge() {
		get();
		advance(Duration.ofMinutes(1));
		this.cache.markStale("k");
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.RATE_LIMITED)));
		SourceResult<String> result = get();
		assertThat(result.valueOr(null)).isEqualTo("v1");
		assertThat(result.status()).isEqualTo(SourceStatus.stale(60));
	}

	@Test
	void markStaleWhenNothingCachedShouldCacheNothing() {
		this.cache.markStale("k");
		assertThat(this.cache.caffeine().synchronous().asMap()).isEmpty();
	}

	@Test
	void getWhenRefreshFailsShouldKeepTheGoodValueUntilUpstreamHeals() {
		get();
		advance(Duration.ofMinutes(6));
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.TIMEOUT)));
		assertThat(get().status().status()).isEqualTo(State.STALE);
		advance(Duration.ofMinutes(10));
		assertThat(get().status()).isEqualTo(SourceStatus.stale(960));
		this.upstream.set(Mono.just("v2"));
		assertThat(get()).isInstanceOfSatisfying(Loaded.class, (loaded) -> {
			assertThat(loaded.value()).isEqualTo("v2");
			assertThat(loaded.stale()).isFalse();
		});
	}

	@Test
	void getWhenOlderThanMaxStaleAndUpstreamFailsShouldFail() {
		get();
		advance(Duration.ofMinutes(61));
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.UPSTREAM_ERROR)));
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(this::get);
	}

	@Test
	void getWhenLoadFailsShouldNotCacheTheFailure() {
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.UPSTREAM_ERROR)));
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(this::get);
		this.upstream.set(Mono.just("v1"));
		assertThat(get().valueOr(null)).isEqualTo("v1");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void getWhenBypassingFreshValueShouldAskUpstream() {
		get();
		this.upstream.set(Mono.just("v2"));
		assertThat(get("k", true, TIMEOUT).block().valueOr(null)).isEqualTo("v2");
		assertThat(this.loads).hasValue(2);
		assertThat(get().valueOr(null)).isEqualTo("v2");
	}

	@Test
	void getWhenBypassingAndUpstreamFailsShouldServeStale() {
		get();
		advance(Duration.ofSeconds(30));
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.RATE_LIMITED)));
		assertThat(get("k", true, TIMEOUT).block().status()).isEqualTo(SourceStatus.stale(30));
	}

	@Test
	void getWhenUpstreamNoLongerKnowsKeyShouldFailAndForgetIt() {
		get();
		advance(Duration.ofMinutes(6));
		this.upstream.set(Mono.error(new UpstreamException("test", FailureReason.NOT_FOUND)));
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(this::get)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(FailureReason.NOT_FOUND));
		assertThat(this.cache.caffeine().getIfPresent("k")).isNull();
	}

	@Test
	void getWhenUpstreamSlowerThanTimeoutShouldServeStale() {
		get();
		advance(Duration.ofMinutes(6));
		this.upstream.set(Mono.never());
		assertThat(get("k", false, Duration.ofMillis(50)).block().status().status()).isEqualTo(State.STALE);
	}

	@Test
	void getAfterPrefetchShouldJoinTheBulkLoadAndLoadLeftOutKeysAlone() {
		List<List<String>> bulkCalls = new ArrayList<>();
		Sinks.One<Map<String, String>> bulk = Sinks.one();
		this.cache.prefetch(List.of("a", "b", "c"), (keys) -> {
			bulkCalls.add(keys);
			return bulk.asMono();
		}, Context.empty());
		List<SourceResult<String>> results = new ArrayList<>();
		for (String key : List.of("a", "b", "c")) {
			get(key, false, TIMEOUT).subscribe(results::add);
		}
		assertThat(this.loads).hasValue(0);
		bulk.tryEmitValue(Map.of("a", "A", "b", "B"));
		assertThat(bulkCalls).containsExactly(List.of("a", "b", "c"));
		assertThat(results).extracting((result) -> result.valueOr(null)).containsExactlyInAnyOrder("A", "B", "v1");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void evictIfShouldForgetMatchingKeys() {
		get();
		this.cache.evictIf("k"::equals);
		get();
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void freshNowWhenMissingOrLoadingShouldBeEmpty() {
		assertThat(this.cache.freshNow("k")).isEmpty();
		Sinks.One<String> answer = Sinks.one();
		this.upstream.set(answer.asMono());
		get("k", false, TIMEOUT).subscribe();
		assertThat(this.cache.freshNow("k")).isEmpty();
		answer.tryEmitValue("v1");
		assertThat(this.cache.freshNow("k")).map(Stamped::value).contains("v1");
	}

	@Test
	void freshNowWhenPastTtlShouldBeEmpty() {
		get();
		advance(Duration.ofMinutes(3));
		assertThat(this.cache.freshNow("k")).isPresent();
		advance(Duration.ofMinutes(2));
		// The read starts a reload; while it is under way the old entry is past its ttl.
		this.upstream.set(Sinks.<String>one().asMono());
		assertThat(this.cache.freshNow("k")).isEmpty();
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void freshNowShouldCountAHitOnlyWhenTold() {
		get();
		long hits = this.cache.caffeine().synchronous().stats().hitCount();
		assertThat(this.cache.freshNow("k")).isPresent();
		assertThat(this.cache.caffeine().synchronous().stats().hitCount()).isEqualTo(hits);
		this.cache.countHit();
		assertThat(this.cache.caffeine().synchronous().stats().hitCount()).isEqualTo(hits + 1);
	}

	@Test
	void freshNowShouldReturnTheSameEntryUntilItIsLoadedAgain() {
		get();
		Stamped<String> first = this.cache.freshNow("k").orElseThrow();
		assertThat(this.cache.freshNow("k")).containsSame(first);
		this.upstream.set(Mono.just("v2"));
		get("k", true, TIMEOUT).block();
		assertThat(this.cache.freshNow("k")).hasValueSatisfying((entry) -> {
			assertThat(entry).isNotSameAs(first);
			assertThat(entry.value()).isEqualTo("v2");
		});
	}

	private SourceResult<String> get() {
		return get("k", false, TIMEOUT).block();
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/** A get whose caller's deadline is the given time from now. */
	private Mono<SourceResult<String>> get(String key, boolean bypassFresh, Duration timeout) {
		return this.cache.get(key, bypassFresh).contextWrite(Deadline.after(timeout, Clock.systemUTC()).asContext());
	}

}
