package dev.memberships.enos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memberships.enos.EnosAssignments.EnosItem;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.Upstreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * User groups for a batch of users, isolating the users that poison it. EnOS answers
 * 31404 for the whole batch when the OU is unknown <em>or any one user is not in it</em>.
 * When the OU exists, the batch is split in halves, recursively, until the users outside
 * the OU stand alone; everyone else gets their groups. The extra calls are bounded.
 */
public final class UserGroupsResolver {

	private static final Logger log = LoggerFactory.getLogger(UserGroupsResolver.class);

	private static final EnosAssignments NO_GROUPS = new EnosAssignments(Map.of());

	private final EnosClient enos;

	private final int maxExtraCalls;

	/**
	 * A resolver that isolates users outside the OU within a bounded number of calls.
	 * @param enos the client
	 * @param maxExtraCalls the most calls spent isolating users of one poisoned batch;
	 * about {@code 2 log2(n)} per user outside the OU
	 */
	public UserGroupsResolver(EnosClient enos, int maxExtraCalls) {
		this.enos = enos;
		this.maxExtraCalls = maxExtraCalls;
	}

	/**
	 * Each user's groups, or a failure per user: {@code NOT_FOUND} for a user not in the
	 * OU (or every user, when the OU itself is unknown).
	 */
	public Mono<Resolution> resolve(String organizationId, List<String> userIds) {
		return this.enos.getUserGroups(organizationId, userIds)
			.map((answer) -> Resolution.answered(userIds, answer))
			.onErrorResume(UserGroupsResolver::isNotFound, (error) -> (userIds.size() == 1)
					? Mono.just(Resolution.failed(userIds, notFound())) : isolate(organizationId, userIds));
	}

	private Mono<Resolution> isolate(String organizationId, List<String> userIds) {
		// One structures call tells an unknown OU (31404 there means only that) from
		// users
		// outside a known one: an unknown OU is not worth splitting.
		return this.enos.getUserStructures(organizationId, userIds.subList(0, 1), null)
			.then(Mono.defer(() -> split(organizationId, userIds, new AtomicInteger(this.maxExtraCalls - 1))))
			.onErrorResume(UserGroupsResolver::isNotFound,
					(error) -> Mono.just(Resolution.failed(userIds, notFound())));
	}

	private Mono<Resolution> split(String organizationId, List<String> userIds, AtomicInteger budget) {
		if (budget.addAndGet(-2) < 0) {
			log.warn("Gave up isolating users outside OU after the configured extra calls; {} users unresolved",
					userIds.size());
			return Mono.just(Resolution.failed(userIds,
					new UpstreamException(Upstreams.ENOS_GROUPS, FailureReason.UPSTREAM_ERROR)));
		}
		int middle = userIds.size() / 2;
		return Mono.zip(part(organizationId, userIds.subList(0, middle), budget),
				part(organizationId, userIds.subList(middle, userIds.size()), budget), Resolution::plus);
	}

	private Mono<Resolution> part(String organizationId, List<String> userIds, AtomicInteger budget) {
		// The OU is known to exist here, so a lone user answered 31404 is not in it: no
		// groups, as the endpoint documents.
		return this.enos.getUserGroups(organizationId, userIds)
			.map((answer) -> Resolution.answered(userIds, answer))
			.onErrorResume(UserGroupsResolver::isNotFound, (error) -> (userIds.size() == 1)
					? Mono.just(Resolution.answered(userIds, NO_GROUPS)) : split(organizationId, userIds, budget));
	}

	private static boolean isNotFound(Throwable error) {
		return error instanceof UpstreamException failure && failure.reason() == FailureReason.NOT_FOUND;
	}

	private static UpstreamException notFound() {
		return new UpstreamException(Upstreams.ENOS_GROUPS, FailureReason.NOT_FOUND);
	}

	/**
	 * Per user, their groups or why there are none to give.
	 *
	 * @param groups the users answered, with their groups (maybe none)
	 * @param failures the users not answered
	 */
	public record Resolution(Map<String, List<EnosItem>> groups, Map<String, UpstreamException> failures) {

		static Resolution answered(List<String> userIds, EnosAssignments answer) {
			Map<String, List<EnosItem>> groups = new HashMap<>();
			userIds.forEach((userId) -> groups.put(userId, answer.of(userId)));
			return new Resolution(groups, Map.of());
		}

		static Resolution failed(List<String> userIds, UpstreamException failure) {
			Map<String, UpstreamException> failures = new HashMap<>();
			userIds.forEach((userId) -> failures.put(userId, failure));
			return new Resolution(Map.of(), failures);
		}

		Resolution plus(Resolution other) {
			Map<String, List<EnosItem>> groups = new HashMap<>(this.groups);
			groups.putAll(other.groups);
			Map<String, UpstreamException> failures = new HashMap<>(this.failures);
			failures.putAll(other.failures);
			return new Resolution(groups, failures);
		}

	}

}
