package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.memberships.upstream.BatchCoalescer.BatchAnswer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchCoalescerTests {

	private final List<List<String>> calls = new CopyOnWriteArrayList<>();

	/** The lanes' time: it moves only when a test moves it. */
	private final AtomicLong nanoTime = new AtomicLong();

	private BatchCoalescer<String, String, String> coalescer;

	@Test
	void loadWhenKeysArriveTogetherShouldSendTheFirstAtOnceAndBatchTheRest() {
		this.coalescer = coalescer(Duration.ofMillis(200), 1000, 400, this::upperCase);
		List<String> values = loadAll(IntStream.range(0, 300).mapToObj((i) -> "k" + i).toList());
		assertThat(values).hasSize(300).contains("K0", "K299");
		// The first few go alone, until the rate shows a burst.
		assertThat(this.calls).hasSizeLessThanOrEqualTo(6);
		assertThat(this.calls).extracting(List::size).anySatisfy((size) -> assertThat(size).isGreaterThan(290));
	}

	@Test
	void loadWhenMoreKeysThanABatchShouldSplitAtMaxSize() {
		this.coalescer = coalescer(Duration.ofSeconds(1), 100, 1, this::upperCase);
		loadAll(IntStream.range(0, 250).mapToObj((i) -> "k" + i).toList());
		assertThat(this.calls).extracting(List::size).containsExactly(100, 100, 50);
	}

	@Test
	void loadWhenLaneIsQuietShouldSendEachKeyAtOnce() {
		this.coalescer = coalescer(Duration.ofSeconds(30), 1000, 400, this::upperCase);
		for (int i = 0; i < 5; i++) {
			this.nanoTime.addAndGet(Duration.ofMillis(20).toNanos());
			assertThat(this.coalescer.load("a:" + i).block(Duration.ofSeconds(5))).isEqualTo("A:" + i);
		}
		assertThat(this.calls).extracting(List::size).containsExactly(1, 1, 1, 1, 1);
	}

	@Test
	void loadWhenLaneIsBusyShouldWaitNoLongerThanTheWindow() {
		this.coalescer = coalescer(Duration.ofMillis(100), 1000, 1, this::upperCase);
		long started = System.nanoTime();
		assertThat(this.coalescer.load("a:1").block(Duration.ofSeconds(5))).isEqualTo("A:1");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(this.calls).hasSize(1);
	}

	@Test
	void loadWhenRateFallsBackShouldSendTheWaitingKeysWithTheNextOne() {
		this.coalescer = coalescer(Duration.ofSeconds(30), 1000, 150, this::upperCase);
		List<Mono<String>> burst = IntStream.range(0, 10)
			.mapToObj((i) -> this.coalescer.load("a:" + i).cache())
			.toList();
		burst.forEach(Mono::subscribe);
		this.nanoTime.addAndGet(Duration.ofMillis(100).toNanos());
		assertThat(this.coalescer.load("a:late").block(Duration.ofSeconds(5))).isEqualTo("A:LATE");
		// Far sooner than the window: the late key found the rate fallen and took them
		// along.
		assertThat(Flux.concat(burst).collectList().block(Duration.ofSeconds(5))).hasSize(10);
		assertThat(this.calls.get(0)).containsExactly("a:0");
		assertThat(this.calls.get(this.calls.size() - 1)).hasSizeGreaterThan(1).endsWith("a:late");
	}

	@Test
	void loadWhenLaneHasTooManyCallsUnansweredShouldWaitForTheNextAnswer() {
		this.coalescer = new BatchCoalescer<>(new BatchCoalescer.Policy(Duration.ofSeconds(30), 1000, 1_000_000, 1),
				(key) -> key.substring(0, 1), (batchKey, keys) -> {
					this.calls.add(keys);
					Mono<BatchAnswer<String, String>> answer = upperCase(keys);
					return keys.contains("a:slow") ? answer.delayElement(Duration.ofMillis(300)) : answer;
				}, this.nanoTime::get, Clock.systemUTC());
		Mono<String> slow = this.coalescer.load("a:slow").cache();
		slow.subscribe();
		// Far sooner than the window: the slow call's answer frees the lane.
		assertThat(Flux.merge(this.coalescer.load("a:1"), this.coalescer.load("a:2"))
			.collectList()
			.block(Duration.ofSeconds(5))).containsExactlyInAnyOrder("A:1", "A:2");
		assertThat(slow.block(Duration.ofSeconds(5))).isEqualTo("A:SLOW");
		assertThat(this.calls).containsExactly(List.of("a:slow"), List.of("a:1", "a:2"));
	}

	@Test
	void loadWhenDeadlineTooCloseForTheWindowShouldNotBeHeldBack() {
		this.coalescer = coalescer(Duration.ofSeconds(30), 1000, 1, this::upperCase);
		long started = System.nanoTime();
		String value = this.coalescer.load("a:1")
			.contextWrite(Deadline.after(Duration.ofSeconds(1), Clock.systemUTC()).asContext())
			.block(Duration.ofSeconds(5));
		assertThat(value).isEqualTo("A:1");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.calls).containsExactly(List.of("a:1"));
	}

	@Test
	void loadShouldNotMixKeysOfDifferentBatchKeys() {
		this.coalescer = coalescer(Duration.ofMillis(200), 1000, 1, this::upperCase);
		loadAll(List.of("a:1", "b:1", "a:2", "b:2"));
		assertThat(this.calls).extracting((call) -> call.stream().map((key) -> key.charAt(0)).distinct().count())
			.containsOnly(1L);
		assertThat(this.calls).hasSize(2);
	}

	@Test
	void loadWhenCallFailsShouldFailEveryKeyOfItAndKeepWorking() {
		this.coalescer = coalescer(Duration.ofMillis(50), 1000, 1,
				(keys) -> keys.contains("boom") ? Mono.error(new IllegalStateException("down")) : upperCase(keys));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> Flux.merge(this.coalescer.load("boom"), this.coalescer.load("x")).collectList().block());
		assertThat(this.coalescer.load("later").block()).isEqualTo("LATER");
	}

	@Test
	void loadWhenAnswerLeavesKeyOutShouldFailThatKeyAlone() {
		this.coalescer = coalescer(Duration.ofMillis(100), 1000, 1,
				(keys) -> Mono.just(new BatchAnswer<>(keys.stream()
					.filter((key) -> !key.equals("missing"))
					.collect(Collectors.toMap(Function.identity(), String::toUpperCase)), Map.of())));
		Mono<String> missing = this.coalescer.load("missing");
		Mono<String> present = this.coalescer.load("present");
		Flux.merge(missing.onErrorReturn("failed"), present).collectList().block();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(missing::block);
		assertThat(present.block()).isEqualTo("PRESENT");
	}

	private List<String> loadAll(List<String> keys) {
		return Flux.fromIterable(keys).flatMap(this.coalescer::load, Integer.MAX_VALUE).collectList().block();
	}

	private Mono<BatchAnswer<String, String>> upperCase(List<String> keys) {
		return Mono
			.just(BatchAnswer.of(keys.stream().collect(Collectors.toMap(Function.identity(), String::toUpperCase))));
	}

	private BatchCoalescer<String, String, String> coalescer(Duration window, int maxBatch, int eagerBelow,
			Function<List<String>, Mono<BatchAnswer<String, String>>> bulk) {
		return new BatchCoalescer<>(new BatchCoalescer.Policy(window, maxBatch, eagerBelow, 1000),
				(key) -> key.substring(0, 1), (batchKey, keys) -> {
					this.calls.add(keys);
					return bulk.apply(keys);
				}, this.nanoTime::get, Clock.systemUTC());
	}

}
