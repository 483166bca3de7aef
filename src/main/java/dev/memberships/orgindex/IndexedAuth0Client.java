package dev.memberships.orgindex;

import java.util.List;

import dev.memberships.auth0.Auth0Client;
import dev.memberships.auth0.Auth0Organization;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.Upstreams;
import reactor.core.publisher.Mono;

/**
 * A user's organizations from the index when it knows them, else from one per-user call,
 * whose answer the index then keeps: so a user without organizations, or unknown to
 * Auth0, costs one call for as long as the index holds, not one per {@code ttl}. Until
 * the first sweep completed, every call goes to Auth0, as without the index; an index
 * whose sweeps stopped completing still answers, and its answers turn {@code STALE}.
 */
final class IndexedAuth0Client implements Auth0Client {

	/** The upstream a remembered 404 is reported as, as Auth0's own would be. */
	private static final String UPSTREAM = Upstreams.AUTH0;

	private final Auth0Client auth0;

	private final OrganizationIndex index;

	private final SweepPriority priority;

	IndexedAuth0Client(Auth0Client auth0, OrganizationIndex index, SweepPriority priority) {
		this.auth0 = auth0;
		this.index = index;
		this.priority = priority;
	}

	@Override
	public Mono<List<Auth0Organization>> getUserOrganizations(String userId) {
		return Mono.defer(() -> switch (this.index.lookup(userId)) {
			case IndexLookup.Listed listed -> Mono.just(listed.organizations());
			case IndexLookup.Unknown unknown ->
				Mono.error(new UpstreamException(UPSTREAM, FailureReason.NOT_FOUND, 404));
			case IndexLookup.Ask ask -> perUser(userId);
		});
	}

	private Mono<List<Auth0Organization>> perUser(String userId) {
		if (!this.priority.perUserStarts()) {
			// The gate refused a sweep request a moment ago: it goes first
			// (SweepPriority).
			return Mono.error(new UpstreamException(UPSTREAM, FailureReason.RATE_LIMITED));
		}
		return this.auth0.getUserOrganizations(userId)
			.doOnNext((organizations) -> this.index.answered(userId, organizations))
			.doOnError(IndexedAuth0Client::isNotFound, (ex) -> this.index.unknown(userId))
			.doFinally((signal) -> this.priority.perUserEnded());
	}

	private static boolean isNotFound(Throwable ex) {
		return ex instanceof UpstreamException failure && failure.reason() == FailureReason.NOT_FOUND;
	}

}
