package dev.memberships.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The permit accounting of {@link OverloadFilter}, without Spring: a permit is held while
 * the request is in the chain and comes back exactly once, whether the chain returns,
 * throws or goes async.
 */
class OverloadFilterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final OverloadFilter filter = new OverloadFilter(new OverloadProperties(1, Duration.ofMillis(1500)),
			new ProblemResponses(this.json), cors(), this.meters);

	@Test
	void doFilterShouldHoldAPermitWhileTheRequestIsInTheChainAndGiveItBackAfter() throws Exception {
		AtomicReference<Integer> inFlightInside = new AtomicReference<>();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(get(), response, (request, ignored) -> inFlightInside.set(this.filter.inFlight()));
		assertThat(inFlightInside).hasValue(1);
		assertThat(this.filter.inFlight()).isZero();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void doFilterWhenEveryPermitIsTakenShouldAnswer503ProblemWithRetryAfterAndCountIt() throws Exception {
		MockHttpServletResponse refused = new MockHttpServletResponse();
		AtomicReference<Boolean> secondReachedChain = new AtomicReference<>(false);
		this.filter.doFilter(get(), new MockHttpServletResponse(), (request, response) -> this.filter.doFilter(get(),
				refused, (secondRequest, secondResponse) -> secondReachedChain.set(true)));
		assertThat(secondReachedChain).hasValue(false);
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getContentType()).isEqualTo("application/problem+json");
		// 1.5 s rounds up: a client must not come back before the configured delay.
		assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
		JsonNode problem = this.json.readTree(refused.getContentAsString());
		assertThat(problem.at("/type").asString()).isEqualTo("/problems/overloaded");
		assertThat(problem.at("/title").asString()).isEqualTo("Overloaded");
		assertThat(problem.at("/status").asInt()).isEqualTo(503);
		assertThat(this.meters.get("memberships.overload.rejected").counter().count()).isEqualTo(1);
		assertThat(this.filter.inFlight()).isZero();
	}

	@Test
	void doFilterWhenTheChainThrowsShouldGiveThePermitBack() throws Exception {
		FilterChain failing = (request, response) -> {
			throw new IOException("broken pipe");
		};
		assertThatIOException().isThrownBy(() -> this.filter.doFilter(get(), new MockHttpServletResponse(), failing));
		assertThat(this.filter.inFlight()).isZero();
		MockHttpServletResponse next = new MockHttpServletResponse();
		this.filter.doFilter(get(), next, (request, response) -> {
		});
		assertThat(next.getStatus()).isEqualTo(200);
		assertThat(this.meters.get("memberships.overload.rejected").counter().count()).isZero();
	}

	@Test
	void doFilterWhenTheRequestGoesAsyncShouldHoldThePermitUntilItCompletes() throws Exception {
		MockHttpServletRequest request = get();
		request.setAsyncSupported(true);
		this.filter.doFilter(request, new MockHttpServletResponse(), (async, response) -> async.startAsync());
		assertThat(this.filter.inFlight()).isEqualTo(1);
		request.getAsyncContext().complete();
		assertThat(this.filter.inFlight()).isZero();
	}

	@Test
	void doFilterWhenCorsPreflightShouldPassWithoutAPermit() throws Exception {
		MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/users/u1/memberships");
		preflight.addHeader("Origin", "https://app.example.com");
		preflight.addHeader("Access-Control-Request-Method", "GET");
		AtomicReference<Boolean> preflightReachedChain = new AtomicReference<>(false);
		this.filter.doFilter(get(), new MockHttpServletResponse(), (request, response) -> this.filter
			.doFilter(preflight, new MockHttpServletResponse(), (inner, innerResponse) -> {
				preflightReachedChain.set(true);
				assertThat(this.filter.inFlight()).isEqualTo(1);
			}));
		assertThat(preflightReachedChain).hasValue(true);
		assertThat(this.meters.get("memberships.overload.rejected").counter().count()).isZero();
	}

	@Test
	void inFlightGaugeShouldReportPermitsTaken() throws Exception {
		AtomicReference<Double> gaugeInside = new AtomicReference<>();
		this.filter.doFilter(get(), new MockHttpServletResponse(), (request, response) -> gaugeInside
			.set(this.meters.get("memberships.overload.in-flight").gauge().value()));
		assertThat(gaugeInside).hasValue(1.0);
		assertThat(this.meters.get("memberships.overload.in-flight").gauge().value()).isZero();
	}

	@Test
	void doFilterWhenRefusingAnAllowedOriginShouldAddTheCorsHeaders() throws Exception {
		MockHttpServletResponse allowed = new MockHttpServletResponse();
		MockHttpServletResponse other = new MockHttpServletResponse();
		this.filter.doFilter(get(), new MockHttpServletResponse(), (request, response) -> {
			this.filter.doFilter(fromOrigin("https://app.example.com"), allowed, failIfReached());
			this.filter.doFilter(fromOrigin("https://evil.example.com"), other, failIfReached());
		});
		assertThat(allowed.getStatus()).isEqualTo(503);
		assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
		assertThat(allowed.getHeader("Access-Control-Expose-Headers")).contains("Retry-After");
		assertThat(other.getStatus()).isEqualTo(503);
		assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
		assertThat(this.json.readTree(other.getContentAsString()).at("/type").asString())
			.isEqualTo("/problems/overloaded");
	}

	private static MockHttpServletRequest fromOrigin(String origin) {
		MockHttpServletRequest request = get();
		request.addHeader("Origin", origin);
		return request;
	}

	private static FilterChain failIfReached() {
		return (request, response) -> {
			throw new AssertionError("refused request reached the chain");
		};
	}

	/** The CORS of {@link CrossOriginConfiguration} for one allowed origin. */
	private static CorsConfigurationSource cors() {
		return new CrossOriginConfiguration()
			.corsConfigurationSource(new CorsProperties(List.of("https://app.example.com"), Duration.ofMinutes(30)));
	}

	private static MockHttpServletRequest get() {
		return new MockHttpServletRequest("GET", "/users/u1/memberships");
	}

}
