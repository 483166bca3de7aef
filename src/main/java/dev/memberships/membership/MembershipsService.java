package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.Upstreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Asks the three sources at once and merges what they answer within the deadline: the
 * answer takes as long as the slowest source, not the sum.
 */
@Service
class MembershipsService {

	private static final Logger log = LoggerFactory.getLogger(MembershipsService.class);

	private final MembershipSources sources;

	private final AnswerMetrics metrics;

	private final RenderedAnswers rendered;

	private final Clock clock;

	MembershipsService(MembershipSources sources, AnswerMetrics metrics, RenderedAnswers rendered, Clock clock) {
		this.sources = sources;
		this.metrics = metrics;
		this.rendered = rendered;
		this.clock = clock;
	}

	/**
	 * The merged answer as JSON and how long a caller may cache it, waiting for it. When
	 * every source is cached and fresh, it is answered at once, from JSON rendered once
	 * for those entries; otherwise through {@link #answer}.
	 * @param query what to answer
	 * @param bypassFresh ask the upstreams even for fresh cached values
	 * @param deadline how long the sources may take
	 */
	RenderedAnswer memberships(MembershipQuery query, boolean bypassFresh, Duration deadline) {
		Optional<FreshEntries> fresh = bypassFresh ? Optional.empty() : this.sources.freshNow(query);
		if (fresh.isPresent()) {
			RenderedAnswers.Rendered answer = this.rendered.render(query, fresh.get(),
					(entries) -> MembershipsMerge.merge(query, SourceResult.fresh(entries.organizations().value()),
							SourceResult.fresh(entries.structures().value()),
							SourceResult.fresh(entries.userGroups().value())));
			this.metrics.answered(answer.memberships());
			return new RenderedAnswer(answer, fresh.get().freshFor());
		}
		// contextCapture: the request's observation goes with the loads, so that the
		// upstream calls are its children and log with its trace id.
		Answer answer = answer(query, bypassFresh, deadline).contextCapture().blockOptional().orElseThrow();
		return new RenderedAnswer(this.rendered.render(answer.memberships()), answer.maxAge());
	}

	/**
	 * The merged answer, when it is ready; fails with the merge's problem (404, 503).
	 * @param query what to answer
	 * @param bypassFresh ask the upstreams even for fresh cached values
	 * @param deadline how long the sources may take
	 */
	Mono<Answer> answer(MembershipQuery query, boolean bypassFresh, Duration deadline) {
		// The deadline travels with the loads, the one way it is carried: the caches
		// stop waiting at it, and the upstream calls, retries and waits fit into it.
		return merge(query, this.sources.organizations(query, bypassFresh), this.sources.structures(query, bypassFresh),
				this.sources.userGroups(query, bypassFresh))
			.contextWrite(Deadline.after(deadline, this.clock).asContext());
	}

	/**
	 * Merges the three sources once each has answered or failed, and counts the answer.
	 */
	Mono<Answer> merge(MembershipQuery query, Mono<SourceResult<List<Organization>>> organizations,
			Mono<SourceResult<List<Structure>>> structures, Mono<SourceResult<List<UserGroup>>> userGroups) {
		return Mono
			.zip(orFailed(Upstreams.AUTH0, organizations), orFailed(Upstreams.ENOS_STRUCTURES, structures),
					orFailed(Upstreams.ENOS_GROUPS, userGroups))
			.map((results) -> {
				Memberships memberships;
				try {
					memberships = MembershipsMerge.merge(query, results.getT1(), results.getT2(), results.getT3());
				}
				catch (SourcesUnavailableException ex) {
					this.metrics.failed(ex.sources());
					throw ex;
				}
				this.metrics.answered(memberships);
				Duration maxAge = Stream.of(results.getT1(), results.getT2(), results.getT3())
					.map(SourceResult::freshFor)
					.min(Duration::compareTo)
					.orElseThrow();
				return new Answer(memberships, maxAge);
			});
	}

	private static <T> Mono<SourceResult<T>> orFailed(String upstream, Mono<SourceResult<T>> source) {
		return source.onErrorResume((error) -> {
			if (!(error instanceof UpstreamException failure)) {
				// The clients fail with UpstreamExceptions only: anything else is a bug,
				// but the source is still only unavailable.
				log.error("Source {} failed unexpectedly", upstream, error);
				return Mono.just(SourceResult.failed(FailureReason.UPSTREAM_ERROR));
			}
			// The upstream layer already logged the failure with its status and latency.
			log.debug("Source {} unavailable: {}", upstream, failure.getMessage());
			return Mono.just(SourceResult.failed(failure.reason(), failure.retryAfter()));
		});
	}

	/**
	 * An answer and its freshness.
	 *
	 * @param memberships the merged answer
	 * @param maxAge how long it stays fresh: the least fresh of its sources
	 */
	record Answer(Memberships memberships, Duration maxAge) {
	}

	/**
	 * An answer ready to send, and its freshness.
	 *
	 * @param answer the merged answer, its JSON and ETag
	 * @param maxAge how long it stays fresh: the least fresh of its sources
	 */
	record RenderedAnswer(RenderedAnswers.Rendered answer, Duration maxAge) {
	}

}
