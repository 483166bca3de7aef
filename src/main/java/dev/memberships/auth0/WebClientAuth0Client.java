package dev.memberships.auth0;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.memberships.upstream.CachedToken;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamErrors;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilience;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import dev.memberships.upstream.UpstreamWebClients;
import dev.memberships.upstream.Upstreams;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link Auth0Client} over one {@link WebClient} (one connection pool), shared by the
 * token grant and the Management API calls. Each page request goes through the
 * {@code auth0} upstream's protection (rate-limit gate, retry, breaker, bulkhead), each
 * token fetch through {@code auth0-token}'s; the whole read fits into the deadline.
 */
final class WebClientAuth0Client implements Auth0Client {

	static final String UPSTREAM = Upstreams.AUTH0;

	/**
	 * Stops the page loop should Auth0's {@code total} never be reached (10,000
	 * organizations at the default 100 a page); hitting it fails the call rather than
	 * answer with a silently partial list.
	 */
	static final int MAX_PAGES = 100;

	// The default URI template encoding (TEMPLATE_AND_VALUES) encodes every reserved
	// character in a variable, so the user id stays one path segment.
	private static final String ORGANIZATIONS = "/api/v2/users/{userId}/organizations?page={page}&per_page={perPage}&include_totals=true";

	private final WebClient webClient;

	private final CachedToken token;

	private final int pageSize;

	private final UpstreamResilience resilience;

	private final Clock clock;

	WebClientAuth0Client(Auth0Properties properties, WebClient.Builder builder, Clock clock,
			UpstreamResilienceRegistry resilience) {
		WebClient shared = UpstreamWebClients.create(builder, properties.baseUrl(), properties.connectTimeout(),
				properties.maxBodySize());
		this.resilience = resilience.get(UPSTREAM);
		this.webClient = UpstreamWebClients.forUpstream(shared, this.resilience);
		UpstreamResilience tokenResilience = resilience.get(Auth0Tokens.UPSTREAM);
		this.token = Auth0Tokens.cachedToken(UpstreamWebClients.forUpstream(shared, tokenResilience), properties, clock,
				tokenResilience);
		this.pageSize = properties.pageSize();
		this.clock = clock;
	}

	@Override
	public Mono<Void> fetchToken() {
		return this.token.get().then();
	}

	@Override
	public Mono<List<Auth0Organization>> getUserOrganizations(String userId) {
		Assert.hasText(userId, "userId must not be blank");
		// Deferred so that each subscription collects into its own list.
		return this.resilience.withDeadline(Mono.defer(() -> readFrom(userId, 0, new ArrayList<>())));
	}

	private Mono<List<Auth0Organization>> readFrom(String userId, int page, List<Auth0Organization> read) {
		return getPage(userId, page).flatMap((result) -> {
			read.addAll(result.organizations());
			if (result.organizations().isEmpty() || read.size() >= result.total()) {
				return Mono.just(List.copyOf(read));
			}
			if (page + 1 >= MAX_PAGES) {
				return Mono.error(new UpstreamException(UPSTREAM, FailureReason.BAD_RESPONSE));
			}
			return readFrom(userId, page + 1, read);
		});
	}

	private Mono<OrganizationsPage> getPage(String userId, int page) {
		return this.token.withToken((current) -> request(userId, page, current));
	}

	private Mono<OrganizationsPage> request(String userId, int page, String accessToken) {
		return this.resilience.decorate(this.webClient.get()
			.uri(ORGANIZATIONS, userId, page, this.pageSize)
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(OrganizationsPage.class) : Mono.error(failure(response)))
			.switchIfEmpty(Mono.error(() -> new UpstreamException(UPSTREAM, FailureReason.BAD_RESPONSE))));
	}

	/** The organization lists, over this client's connections, token and protection. */
	OrganizationDirectory directory() {
		return new WebClientOrganizationDirectory(this.webClient, this.token, this.resilience, this.clock);
	}

	/** The status as a failure; the body is left unread. */
	private UpstreamException failure(ClientResponse response) {
		return UpstreamErrors.forStatus(UPSTREAM, response.statusCode(), response.headers().asHttpHeaders(),
				this.clock);
	}

}
