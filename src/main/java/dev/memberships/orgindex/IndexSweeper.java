package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.auth0.OrganizationDirectory;
import dev.memberships.auth0.OrganizationDirectory.Page;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.Upstreams;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One full sweep: every organization, then every member of each (ids only), with
 * checkpoint pagination, one request at a time at the {@link Pacer}'s pace. Each
 * organization's members are handed to the index once all their pages are read. A request
 * the rate-limit gate refused waits for its turn as long as it takes, ahead of new
 * per-user calls ({@link SweepPriority}); a failed one is tried again from the same
 * checkpoint after a wait, and after {@link #ATTEMPTS} failures the sweep is abandoned,
 * incomplete, and the next one starts over. Each organization, and the sweep's
 * completion, are also handed to the {@link SharedIndex} for the other replicas.
 * Blocking: it runs on the sweeps' own thread.
 */
final class IndexSweeper {

	static final int ATTEMPTS = 5;

	private final OrganizationDirectory directory;

	private final OrganizationIndex index;

	private final Pacer pacer;

	private final int pageSize;

	private final IndexMetrics metrics;

	private final SharedIndex shared;

	private final Clock clock;

	private int calls;

	IndexSweeper(OrganizationDirectory directory, OrganizationIndex index, Pacer pacer, int pageSize,
			IndexMetrics metrics, SharedIndex shared, Clock clock) {
		this.shared = shared;
		this.directory = directory;
		this.index = index;
		this.pacer = pacer;
		this.pageSize = pageSize;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Sweeps once.
	 * @return whether the sweep completed
	 * @throws UpstreamException when Auth0 kept failing
	 */
	boolean sweep() throws InterruptedException {
		Instant start = this.clock.instant();
		this.calls = 0;
		Set<String> listed = new HashSet<>();
		String from = null;
		do {
			String checkpoint = from;
			Page<Auth0Organization> page = call(() -> this.directory.organizations(checkpoint, this.pageSize));
			for (Auth0Organization organization : page.items()) {
				listed.add(organization.id());
				if (!sweep(organization)) {
					return false;
				}
			}
			from = page.last() ? null : page.next();
		}
		while (from != null);
		Instant completed = this.clock.instant();
		this.index.sweepCompleted(listed, start, completed);
		this.shared.sweepCompleted(listed, start, completed);
		this.metrics.swept(Duration.between(start, completed), this.calls);
		return true;
	}

	int calls() {
		return this.calls;
	}

	private boolean sweep(Auth0Organization organization) throws InterruptedException {
		Instant readStart = this.clock.instant();
		Set<String> members = new HashSet<>();
		String from = null;
		do {
			String checkpoint = from;
			Page<String> page;
			try {
				page = call(() -> this.directory.memberIds(organization.id(), checkpoint, this.pageSize));
			}
			catch (UpstreamException ex) {
				if (ex.reason() != FailureReason.NOT_FOUND) {
					throw ex;
				}
				// Deleted since the organization list was read.
				this.index.organizationDeleted(organization.id(), readStart);
				return true;
			}
			members.addAll(page.items());
			from = page.last() ? null : page.next();
		}
		while (from != null);
		if (!this.index.swept(organization, members, readStart)) {
			return false;
		}
		this.shared.swept(organization, members, readStart);
		return true;
	}

	private <T> T call(Supplier<Mono<T>> request) throws InterruptedException {
		try {
			for (int failures = 0;;) {
				this.pacer.awaitTurn();
				this.calls++;
				try {
					T answer = request.get().block();
					if (answer == null) {
						throw new UpstreamException(Upstreams.AUTH0, FailureReason.BAD_RESPONSE);
					}
					return answer;
				}
				catch (UpstreamException ex) {
					@Nullable Duration wait = ex.retryAfter().orElse(null);
					if (ex.reason() == FailureReason.RATE_LIMITED) {
						// Not a failure: a sweep waits for its share of the budget as
						// long
						// as it takes.
						this.pacer.refused(wait);
						continue;
					}
					this.pacer.answered();
					if (++failures >= ATTEMPTS || !isTransient(ex)) {
						throw ex;
					}
					this.pacer.backOff((wait != null) ? wait : this.pacer.interval().multipliedBy(1L << failures));
				}
			}
		}
		finally {
			this.pacer.answered();
		}
	}

	private static boolean isTransient(UpstreamException ex) {
		return switch (ex.reason()) {
			case TIMEOUT, UPSTREAM_ERROR, CIRCUIT_OPEN, BULKHEAD_FULL -> true;
			default -> false;
		};
	}

}
