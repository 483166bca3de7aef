package com.example.memberships.membership;

import java.util.List;

import com.example.memberships.auth0.Auth0Client;
import com.example.memberships.enos.EnosClient;
import com.example.memberships.membership.Memberships.Organization;
import com.example.memberships.membership.Memberships.Structure;
import com.example.memberships.membership.Memberships.UserGroup;
import com.example.memberships.upstream.UpstreamErrors;
import com.example.memberships.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple3;

import org.springframework.stereotype.Service;

/**
 * Asks the three sources at once and merges what they answer within the deadline: the
 * answer takes as long as the slowest source, not the sum.
 */
@Service
class MembershipsService {

	private static final Logger log = LoggerFactory.getLogger(MembershipsService.class);

	private final Auth0Client auth0;

	private final EnosClient enos;

	private final MembershipsProperties properties;

	MembershipsService(Auth0Client auth0, EnosClient enos, MembershipsProperties properties) {
		this.auth0 = auth0;
		this.enos = enos;
		this.properties = properties;
	}

	Memberships memberships(MembershipQuery query) {
		String userId = query.userId();
		List<String> batch = List.of(userId);
		Mono<SourceResult<List<Organization>>> organizations = load("auth0",
				this.auth0.getUserOrganizations(userId).map(SourceMapping::organizations));
		Mono<SourceResult<List<Structure>>> structures = load("enos-structures",
				this.enos.getUserStructures(query.organizationId(), batch, query.locale())
					.map((answer) -> SourceMapping.structures(answer.of(userId))));
		Mono<SourceResult<List<UserGroup>>> userGroups = load("enos-groups",
				this.enos.getUserGroups(query.organizationId(), batch)
					.map((answer) -> SourceMapping.userGroups(answer.of(userId))));
		Tuple3<SourceResult<List<Organization>>, SourceResult<List<Structure>>, SourceResult<List<UserGroup>>> results = Mono
			.zip(organizations, structures, userGroups)
			.block();
		return MembershipsMerge.merge(query, results.getT1(), results.getT2(), results.getT3());
	}

	private <T> Mono<SourceResult<T>> load(String upstream, Mono<T> call) {
		return call.map(SourceResult::fresh)
			.timeout(this.properties.deadline())
			.onErrorResume((error) -> Mono.just(failed(upstream, error)));
	}

	private static <T> SourceResult<T> failed(String upstream, Throwable error) {
		UpstreamException failure = UpstreamErrors.translate(upstream, error);
		log.warn("Source {} unavailable: {}", upstream, failure.getMessage());
		return SourceResult.failed(failure.reason(), failure.retryAfter().orElse(null));
	}

}
