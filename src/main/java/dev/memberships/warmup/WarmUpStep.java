package dev.memberships.warmup;

import reactor.core.publisher.Mono;

/**
 * One thing a new pod does before it reports ready. Steps run at once, each bounded by
 * {@code memberships.warm-up.step-timeout}; a step that fails or runs late is logged and
 * readiness goes on without it.
 */
public interface WarmUpStep {

	/** The step's name in the warm-up's log line. */
	String name();

	/**
	 * Does the step when subscribed to. Must never ask an upstream about a user.
	 * @return completes when done, fails when it could not be done
	 */
	Mono<?> run();

}
