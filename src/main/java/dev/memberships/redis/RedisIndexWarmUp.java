package dev.memberships.redis;

import dev.memberships.warmup.WarmUpStep;
import reactor.core.publisher.Mono;

/**
 * A new pod is ready once it has loaded the fleet's organization index (or found none to
 * load), within the warm-up's step timeout: its first answers then come from the index,
 * not from per-user calls. A load that takes longer goes on after readiness.
 */
final class RedisIndexWarmUp implements WarmUpStep {

	private final RedisIndexFollower follower;

	RedisIndexWarmUp(RedisIndexFollower follower) {
		this.follower = follower;
	}

	@Override
	public String name() {
		return "organization-index";
	}

	@Override
	public Mono<?> run() {
		// The load runs on the follower's thread: the step's timeout stops the wait, not
		// it.
		return Mono.fromFuture(this.follower.firstLook(), true);
	}

}
