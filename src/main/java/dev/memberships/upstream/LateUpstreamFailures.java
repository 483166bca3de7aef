package dev.memberships.upstream;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Keeps upstream failures that arrive after their caller has gone out of the error log.
 * <p>
 * A request that gives up (its deadline passed, its client went away) leaves the shared
 * call it waited for running; when that call then fails, Reactor has nobody to hand the
 * error to and logs it at ERROR as "dropped". The failure is already counted and logged
 * once by the call itself, so a dropped {@link UpstreamException} is logged at DEBUG.
 * Anything else dropped is unexpected and keeps Reactor's ERROR line.
 */
final class LateUpstreamFailures implements InitializingBean, DisposableBean, Consumer<Throwable> {

	private static final Logger log = LoggerFactory.getLogger(LateUpstreamFailures.class);

	private static final Logger reactorLog = LoggerFactory.getLogger("reactor.core.publisher.Operators");

	@Override
	public void afterPropertiesSet() {
		// Reactor's hook is cumulative: a second context (tests) must not log twice.
		Hooks.resetOnErrorDropped();
		Hooks.onErrorDropped(this);
	}

	@Override
	public void accept(Throwable error) {
		if (error instanceof UpstreamException late) {
			log.debug("{} failed after its callers had gone: {}", late.upstream(), late.reason());
			return;
		}
		reactorLog.error("Operator called default onErrorDropped", error);
	}

	@Override
	public void destroy() {
		Hooks.resetOnErrorDropped();
	}

}
