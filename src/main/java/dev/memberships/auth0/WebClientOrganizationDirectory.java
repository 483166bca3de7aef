package dev.memberships.auth0;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import dev.memberships.upstream.CachedToken;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamErrors;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilience;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link OrganizationDirectory} over the {@link WebClientAuth0Client}'s own
 * {@link WebClient}, token and {@code auth0} protection: one connection pool, one token,
 * one rate-limit gate for per-user calls and directory reads alike.
 */
final class WebClientOrganizationDirectory implements OrganizationDirectory {

	private final WebClient webClient;

	private final CachedToken token;

	private final UpstreamResilience resilience;

	private final Clock clock;

	WebClientOrganizationDirectory(WebClient webClient, CachedToken token, UpstreamResilience resilience, Clock clock) {
		this.webClient = webClient;
		this.token = token;
		this.resilience = resilience;
		this.clock = clock;
	}

	@Override
	public Mono<Page<Auth0Organization>> organizations(@Nullable String from, int take) {
		return get(checkpoint("/api/v2/organizations?take={take}", from), Map.of(), from, take,
				DirectoryPages.Organizations.class)
			.map(DirectoryPages.Organizations::page);
	}

	@Override
	public Mono<Page<String>> memberIds(String organizationId, @Nullable String from, int take) {
		// fields=user_id: the ids are all the index needs, and the smallest answer.
		return get(
				checkpoint("/api/v2/organizations/{id}/members?fields=user_id&include_fields=true&take={take}", from),
				Map.of("id", organizationId), from, take, DirectoryPages.Members.class)
			.map(DirectoryPages.Members::page);
	}

	@Override
	public Mono<Auth0Organization> organization(String organizationId) {
		return get("/api/v2/organizations/{id}", Map.of("id", organizationId), null, 1, Auth0Organization.class);
	}

	private static String checkpoint(String template, @Nullable String from) {
		return (from != null && !from.isEmpty()) ? template + "&from={from}" : template;
	}

	private <T> Mono<T> get(String template, Map<String, String> variables, @Nullable String from, int take,
			Class<T> type) {
		// Variables, not concatenation: the default encoding encodes every reserved
		// character of a variable, so ids and checkpoints reach Auth0 as they were.
		Map<String, Object> all = new HashMap<>(variables);
		all.put("take", take);
		if (from != null) {
			all.put("from", from);
		}
		return this.resilience.withDeadline(this.token.withToken((current) -> request(template, all, type, current)));
	}

	private <T> Mono<T> request(String template, Map<String, Object> variables, Class<T> type, String accessToken) {
		return this.resilience.decorate(this.webClient.get()
			.uri(template, variables)
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(type)
					: Mono.error(failure(response)))
			.switchIfEmpty(Mono
				.error(() -> new UpstreamException(WebClientAuth0Client.UPSTREAM, FailureReason.BAD_RESPONSE))));
	}

	private UpstreamException failure(ClientResponse response) {
		return UpstreamErrors.forStatus(WebClientAuth0Client.UPSTREAM, response.statusCode(),
				response.headers().asHttpHeaders(), this.clock);
	}

}
