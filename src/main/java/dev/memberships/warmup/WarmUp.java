package dev.memberships.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Keeps a new pod's readiness down until it is warm. Spring Boot reports
 * {@code ReadinessState.ACCEPTING_TRAFFIC} right after the
 * {@link ApplicationReadyEvent}'s listeners return, so this listener warms up in it:
 * readiness (the {@code /actuator/health/readiness} probe) stays {@code REFUSING_TRAFFIC}
 * meanwhile, while liveness is already {@code CORRECT} and the ports are open.
 * <p>
 * First every {@link WarmUpStep} at once, each within the step timeout; then the request
 * path ({@link RequestPathWarmUp}, which needs the tokens the steps fetched); the whole
 * within {@code memberships.warm-up.timeout} (the request path's last answers may take
 * one request deadline more). A failed or late step is logged and skipped: readiness is
 * delayed by the warm-up, never withheld by it.
 */
final class WarmUp implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	private static final Duration RETRY_DELAY = Duration.ofMillis(250);

	private final WarmUpProperties properties;

	private final List<WarmUpStep> steps;

	private final @Nullable RequestPathWarmUp requestPath;

	private final Environment environment;

	private final Ticker ticker;

	WarmUp(WarmUpProperties properties, List<WarmUpStep> steps, @Nullable RequestPathWarmUp requestPath,
			Environment environment, Ticker ticker) {
		this.properties = properties;
		this.steps = List.copyOf(steps);
		this.requestPath = requestPath;
		this.environment = environment;
		this.ticker = ticker;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (this.properties.enabled()) {
			run();
		}
		if (this.properties.exitWhenDone()) {
			// Training: main returns once the context (the web server with it) is closed.
			logger.info("Warm-up done, closing (memberships.warm-up.exit-when-done)");
			event.getApplicationContext().close();
		}
	}

	/**
	 * Warms up, returning when every step is done or the warm-up's time is up.
	 * @return each step's outcome, as logged
	 */
	List<String> run() {
		long start = this.ticker.read();
		List<String> outcomes = new CopyOnWriteArrayList<>();
		Duration timeout = this.properties.timeout();
		if (this.requestPath != null) {
			this.requestPath.prepare();
		}
		try {
			// Reactor's timeout cancels what is left; block's own bound is only a
			// backstop.
			Flux.fromIterable(this.steps)
				.flatMap((step) -> bounded(step, this.properties.stepTimeout(), outcomes))
				.then()
				.timeout(timeout)
				.block(timeout.plusSeconds(1));
			requestPath(timeout.minusNanos(this.ticker.read() - start), outcomes);
		}
		catch (RuntimeException ex) {
			outcomes.add("the rest given up after " + timeout.toMillis() + " ms");
			logger.warn("Warm-up not finished within memberships.warm-up.timeout (" + timeout.toMillis()
					+ " ms): reporting ready anyway");
		}
		finally {
			if (this.requestPath != null) {
				this.requestPath.done();
			}
		}
		logger.info("Warm-up took " + millis(start) + " ms (" + String.join(", ", outcomes) + "): ready");
		return List.copyOf(outcomes);
	}

	/**
	 * Last, since it needs what the steps fetched: the request path, which keeps to the
	 * time left itself, because it must end what it started before readiness (see
	 * {@link RequestPathWarmUp}).
	 */
	private void requestPath(Duration left, List<String> outcomes) {
		Integer port = this.environment.getProperty("local.server.port", Integer.class);
		if (this.requestPath == null || port == null || left.isNegative()) {
			return;
		}
		long start = this.ticker.read();
		try {
			outcomes.add("request-path " + this.requestPath.run(port, left) + " in " + millis(start) + " ms");
		}
		catch (Exception ex) {
			outcomes.add("request-path failed: " + ex);
			logger.warn("Warm-up of the request path failed: " + ex + "; going on without it");
		}
	}

	/**
	 * A step tried again every {@link #RETRY_DELAY} while its time lasts: a token fetch
	 * that a young JVM was too slow for is worth a second try before readiness.
	 */
	private Mono<Void> bounded(WarmUpStep step, @Nullable Duration timeout, List<String> outcomes) {
		long start = this.ticker.read();
		AtomicReference<Throwable> lastFailure = new AtomicReference<>();
		Mono<?> work = Mono.defer(step::run).doOnError(lastFailure::set);
		if (timeout != null) {
			work = work.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, RETRY_DELAY)).timeout(timeout);
		}
		return work.then(Mono.fromRunnable(() -> outcomes.add(step.name() + " " + millis(start) + " ms")))
			.onErrorResume((ex) -> {
				Throwable failure = lastFailure.get();
				String outcome = (ex instanceof TimeoutException && timeout != null) ? "not done within "
						+ timeout.toMillis() + " ms" + ((failure != null) ? " (last failure: " + failure + ")" : "")
						: "failed: " + ex;
				outcomes.add(step.name() + " " + outcome);
				logger.warn("Warm-up step " + step.name() + " " + outcome + "; going on without it");
				return Mono.empty();
			})
			.then();
	}

	private long millis(long start) {
		return Duration.ofNanos(this.ticker.read() - start).toMillis();
	}

}
