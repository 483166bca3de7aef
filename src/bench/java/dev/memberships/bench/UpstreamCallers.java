package dev.memberships.bench;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.memberships.auth0.Auth0Organization;
import dev.memberships.upstream.NoVerdict;
import dev.memberships.upstream.RetryableFailure;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UnwellUpstream;
import dev.memberships.upstream.UpstreamResilience;
import dev.memberships.upstream.UpstreamWebClients;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The four ways {@link ClientComparison} calls Auth0's organizations endpoint, each
 * blocking its (virtual) thread until the page is decoded into a record, as the service
 * does: WebClient on Reactor Netty, bare and inside the service's own
 * {@link UpstreamResilience}; RestClient on the JDK {@code HttpClient}, bare and inside
 * Resilience4j's synchronous decorators.
 */
final class UpstreamCallers {

	// The service's request (WebClientAuth0Client), one page of 50.
	private static final String ORGANIZATIONS = "/api/v2/users/{userId}/organizations?page={page}&per_page={perPage}&include_totals=true";

	private static final int PER_PAGE = 50;

	// Auth0Properties' defaults.
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

	private final WebClient webClient;

	private final RestClient restClient;

	private final String token;

	private final UpstreamResilience resilience = TestUpstreams.registry(Clock.systemUTC(), Duration.ofSeconds(2))
		.get("auth0");

	UpstreamCallers(String auth0BaseUrl, String clientId, String clientSecret) {
		WebClient shared = UpstreamWebClients.create(WebClient.builder(), auth0BaseUrl, CONNECT_TIMEOUT,
				MAX_BODY_BYTES);
		// Carries the rate-limit gate's filter, as every upstream's client of the service.
		this.webClient = UpstreamWebClients.forUpstream(shared, this.resilience);
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build());
		requestFactory.setReadTimeout(Duration.ofSeconds(2));
		this.restClient = RestClient.builder().baseUrl(auth0BaseUrl).requestFactory(requestFactory).build();
		this.token = token(clientId, clientSecret, auth0BaseUrl + "/api/v2/");
	}

	/** The callers, by the name the comparison's options and table use. */
	List<Caller> all() {
		return List.of(new Caller("webclient", "WebClient, Reactor Netty", this::webClient),
				new Caller("webclient-resilience", "WebClient + the service's UpstreamResilience",
						this::webClientResilience),
				new Caller("restclient", "RestClient, JDK HttpClient", this::restClient),
				new Caller("restclient-resilience4j", "RestClient + Resilience4j sync decorators",
						resilience4j(this::restClient)));
	}

	private Page webClient(String userId) {
		return webClientCall(userId).block();
	}

	// The service's whole wrapping: one deadline, gate, retry, breaker, bulkhead, timeout,
	// error translation, metrics; everything but observation and tracing.
	private Page webClientResilience(String userId) {
		return this.resilience.withDeadline(this.resilience.decorate(webClientCall(userId))).block();
	}

	private Mono<Page> webClientCall(String userId) {
		return this.webClient.get()
			.uri(ORGANIZATIONS, userId, 0, PER_PAGE)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(Page.class)
					: Mono.error(new IllegalStateException("Auth0 answered " + response.statusCode())));
	}

	private Page restClient(String userId) {
		return this.restClient.get()
			.uri(ORGANIZATIONS, userId, 0, PER_PAGE)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(Page.class);
	}

	// Retry, breaker and bulkhead configured as application.yml's defaults, the
	// application's predicates included: a full bulkhead is no verdict on the upstream.
	private static Function<String, Page> resilience4j(Function<String, Page> call) {
		Retry retry = Retry.of("auth0",
				RetryConfig.custom()
					.maxAttempts(3)
					.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2, 0.5,
							Duration.ofMillis(400)))
					.retryOnException(new RetryableFailure())
					.build());
		CircuitBreaker breaker = CircuitBreaker.of("auth0",
				CircuitBreakerConfig.custom()
					.slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.failureRateThreshold(50)
					.slowCallDurationThreshold(Duration.ofSeconds(1))
					.slowCallRateThreshold(80)
					.waitDurationInOpenState(Duration.ofSeconds(10))
					.permittedNumberOfCallsInHalfOpenState(3)
					.recordException(new UnwellUpstream())
					.ignoreException(new NoVerdict())
					.build());
		Bulkhead bulkhead = Bulkhead.of("auth0",
				BulkheadConfig.custom().maxConcurrentCalls(64).maxWaitDuration(Duration.ZERO).build());
		// Composed once, as the issue asks of the protections.
		return Retry.decorateFunction(retry,
				CircuitBreaker.decorateFunction(breaker, Bulkhead.decorateFunction(bulkhead, call)));
	}

	// One client-credentials token for every call, as the service's cached token.
	private String token(String clientId, String clientSecret, String audience) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("client_id", clientId);
		form.add("client_secret", clientSecret);
		form.add("audience", audience);
		return this.restClient.post()
			.uri("/oauth/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(Token.class)
			.accessToken();
	}

	/** One way of calling: blocks until the answer is decoded, or throws. */
	record Caller(String key, String label, Function<String, Page> call) {

	}

	/** The shape of the service's {@code OrganizationsPage} (package-private there). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Page(int start, int limit, int total, List<Auth0Organization> organizations) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Token(@JsonProperty("access_token") String accessToken) {

	}

}
