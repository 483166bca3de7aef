package dev.memberships.membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.memberships.enos.EnosAssignments.EnosItem;
import dev.memberships.enos.EnosClient;
import dev.memberships.enos.UserGroupsResolver;
import dev.memberships.membership.EnosSources.GroupsKey;
import dev.memberships.membership.EnosSources.StructuresKey;
import dev.memberships.membership.EnosSources.UserKey;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.upstream.BatchCoalescer.BatchAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The EnOS calls behind the caches, many users at a time: one call per OU (and locale),
 * users outside the OU isolated from a user-groups batch. Used by the coalescers for
 * concurrent misses and directly for a batch request, whose users are all known at once.
 */
final class EnosBatches {

	private final EnosClient enos;

	private final UserGroupsResolver groupsResolver;

	private final int maxSize;

	private final MeterRegistry meters;

	EnosBatches(EnosClient enos, int maxSize, int maxExtraCalls, MeterRegistry meters) {
		this.enos = enos;
		this.groupsResolver = new UserGroupsResolver(enos, maxExtraCalls);
		this.maxSize = maxSize;
		this.meters = meters;
	}

	/** One structures call for users of one OU and locale. */
	Mono<BatchAnswer<StructuresKey, List<Structure>>> structures(List<StructuresKey> keys) {
		counted("structures", keys.size());
		StructuresKey first = keys.get(0);
		return this.enos.getUserStructures(first.organizationId(), userIds(keys), first.locale())
			.map((answer) -> BatchAnswer.of(keys.stream()
				.collect(Collectors.toMap(Function.identity(),
						(key) -> SourceMapping.structures(answer.of(key.userId()))))));
	}

	/** User groups for users of one OU, the users poisoning the batch isolated. */
	Mono<BatchAnswer<GroupsKey, List<UserGroup>>> userGroups(List<GroupsKey> keys) {
		counted("userGroups", keys.size());
		return this.groupsResolver.resolve(keys.get(0).organizationId(), userIds(keys)).map((resolution) -> {
			Map<GroupsKey, List<UserGroup>> values = new HashMap<>();
			Map<GroupsKey, RuntimeException> failures = new HashMap<>();
			for (GroupsKey key : keys) {
				List<EnosItem> groups = resolution.groups().get(key.userId());
				if (groups != null) {
					values.put(key, SourceMapping.userGroups(groups));
				}
				else {
					failures.put(key, resolution.failures().get(key.userId()));
				}
			}
			return new BatchAnswer<>(values, failures);
		});
	}

	/**
	 * Loads any number of keys in as few calls as EnOS allows: grouped by what must be
	 * shared, at most {@code maxSize} users a call. Keys that failed are left out.
	 */
	<K, B, V> Mono<Map<K, V>> all(List<K> keys, Function<K, B> batchKey,
			Function<List<K>, Mono<BatchAnswer<K, V>>> call) {
		Map<B, List<K>> groups = keys.stream()
			.collect(Collectors.groupingBy(batchKey, LinkedHashMap::new, Collectors.toList()));
		List<List<K>> chunks = new ArrayList<>();
		groups.values().forEach((group) -> {
			for (int from = 0; from < group.size(); from += this.maxSize) {
				chunks.add(group.subList(from, Math.min(group.size(), from + this.maxSize)));
			}
		});
		return Flux.fromIterable(chunks)
			.flatMap((chunk) -> call.apply(chunk).onErrorResume((error) -> Mono.just(BatchAnswer.of(Map.of()))))
			.collect(HashMap::new, (all, answer) -> all.putAll(answer.values()));
	}

	/** The size of a batch, and the per-user calls it saved. */
	private void counted(String endpoint, int users) {
		DistributionSummary.builder("memberships.enos.batch.size")
			.description("Users per EnOS batch call")
			.tag("endpoint", endpoint)
			.register(this.meters)
			.record(users);
		Counter.builder("memberships.enos.calls.saved")
			.description("EnOS calls saved by batching: users asked for minus calls made")
			.tag("endpoint", endpoint)
			.register(this.meters)
			.increment(users - 1);
	}

	private static List<String> userIds(List<? extends UserKey> keys) {
		return keys.stream().map(UserKey::userId).toList();
	}

}
