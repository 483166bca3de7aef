package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.memberships.membership.BatchResult.Entry;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.upstream.Deadline;
import dev.memberships.web.ProblemException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.stereotype.Service;

/**
 * Answers many users at once with the same caches and rules as one. EnOS loads for every
 * user start together, so their misses travel in a few batch calls; Auth0, which has no
 * batch API and a tiny rate limit, is asked a few users at a time. One deadline bounds
 * the whole batch.
 */
@Service
class MembershipsBatchService {

	private final MembershipSources sources;

	private final MembershipsService single;

	private final int auth0Concurrency;

	private final Clock clock;

	MembershipsBatchService(MembershipSources sources, MembershipsService single, MembershipsProperties properties,
			Clock clock) {
		this.sources = sources;
		this.single = single;
		this.auth0Concurrency = properties.batching().auth0Concurrency();
		this.clock = clock;
	}

	BatchResult answer(List<MembershipQuery> queries, boolean bypassFresh, Duration deadline) {
		Context context = Deadline.after(deadline, this.clock).asContext();
		this.sources.prefetch(queries, bypassFresh, context);
		Function<MembershipQuery, Mono<SourceResult<List<Structure>>>> structures = started(queries,
				(query) -> this.sources.structures(query, bypassFresh).contextWrite(context));
		Function<MembershipQuery, Mono<SourceResult<List<UserGroup>>>> userGroups = started(queries,
				(query) -> this.sources.userGroups(query, bypassFresh).contextWrite(context));
		List<Entry> results = Flux.fromIterable(queries)
			.flatMapSequential(
					(query) -> this.single
						.merge(query, this.sources.organizations(query, bypassFresh).contextWrite(context),
								structures.apply(query), userGroups.apply(query))
						.<Entry>map(MembershipsService.Answer::memberships)
						.onErrorResume(ProblemException.class,
								(problem) -> Mono.just(BatchResult.UserProblem.of(query.userId(), problem.getBody()))),
					this.auth0Concurrency)
			.collectList()
			// The request's observation goes with the loads (see MembershipsService).
			.contextCapture()
			.blockOptional()
			.orElseThrow();
		return new BatchResult(results);
	}

	/** Each query's load, already under way and replayed to whoever asks later. */
	private static <T> Function<MembershipQuery, Mono<T>> started(List<MembershipQuery> queries,
			Function<MembershipQuery, Mono<T>> load) {
		Map<MembershipQuery, Mono<T>> started = queries.stream()
			.collect(Collectors.toMap(Function.identity(), (query) -> load.apply(query).cache()));
		started.values().forEach((mono) -> mono.subscribe((value) -> {
		}, (error) -> {
		}));
		return (query) -> Objects.requireNonNull(started.get(query));
	}

	/**
	 * The distinct user ids of a batch request as validated queries, in first-asked
	 * order.
	 * @throws InvalidParameterException naming the offending index
	 */
	static List<MembershipQuery> queries(BatchRequest request, String defaultOrganizationId, int maxUsers) {
		List<@Nullable String> userIds = request.userIds();
		if (userIds == null || userIds.isEmpty() || userIds.size() > maxUsers) {
			throw new InvalidParameterException("userIds", "must hold 1 to " + maxUsers + " user ids");
		}
		LinkedHashSet<MembershipQuery> queries = new LinkedHashSet<>();
		for (int i = 0; i < userIds.size(); i++) {
			try {
				queries.add(MembershipQuery.of(userIds.get(i), request.organizationId(), request.locale(),
						defaultOrganizationId));
			}
			catch (InvalidParameterException ex) {
				throw ex.parameter().equals("userId") ? ex.at("userIds[" + i + "]") : ex;
			}
		}
		return List.copyOf(queries);
	}

}
