package dev.memberships.security;

import java.net.http.HttpResponse;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port: probes and Prometheus open, health and info for any valid token,
 * operator endpoints for the admin scope, nothing else exposed; and none of it on the API
 * port.
 */
class ManagementSecurityTests extends SecuredServiceTestSupport {

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Test
	void probesAndPrometheusShouldBeOpen() throws Exception {
		assertThat(managementGet("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(managementGet("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		HttpResponse<String> prometheus = managementGet("/actuator/prometheus", null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_");
	}

	@Test
	void healthInfoAndLinksShouldNeedAValidToken() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/info", "/actuator" }) {
			assertProblem(managementGet(path, null), 401, "/problems/unauthorized");
			assertProblem(managementGet(path, TestTokens.unsigned(TestTokens.OPERATOR)), 401, "/problems/unauthorized");
			assertThat(managementGet(path, TestTokens.user("auth0|alice")).statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void cacheEvictionShouldNeedTheAdminScope() throws Exception {
		assertProblem(evict(null), 401, "/problems/unauthorized");
		assertProblem(evict(TestTokens.user("auth0|42")), 403, "/problems/forbidden");
		assertProblem(evict(TestTokens.service()), 403, "/problems/forbidden");
		assertThat(evict(TestTokens.admin()).statusCode()).isEqualTo(204);
		HttpResponse<String> all = send(withToken(management("/actuator/usercache"), TestTokens.service()).DELETE());
		assertProblem(all, 403, "/problems/forbidden");
		assertThat(send(withToken(management("/actuator/usercache"), TestTokens.admin()).DELETE()).statusCode())
			.isEqualTo(204);
	}

	@Test
	void deleteUpstreamsShouldCloseTheBreakersForTheAdminScopeOnly() throws Exception {
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker("auth0");
		breaker.transitionToOpenState();
		HttpResponse<String> refused = send(
				withToken(management("/actuator/upstreams"), TestTokens.service()).DELETE());
		assertProblem(refused, 403, "/problems/forbidden");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(send(withToken(management("/actuator/upstreams"), TestTokens.admin()).DELETE()).statusCode())
			.isEqualTo(204);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void environmentAndConfigurationEndpointsShouldNotBeExposed() throws Exception {
		for (String path : new String[] { "/actuator/env", "/actuator/configprops", "/actuator/beans",
				"/actuator/heapdump", "/actuator/loggers", "/actuator/mappings", "/actuator/threaddump" }) {
			assertThat(managementGet(path, TestTokens.admin()).statusCode()).as(path).isEqualTo(404);
		}
	}

	@Test
	void actuatorShouldNotBeOnTheApiPort() throws Exception {
		assertThat(get("/actuator/health/liveness", TestTokens.service()).statusCode()).isEqualTo(404);
		assertThat(send(withToken(api("/actuator/usercache/auth0%7C42"), TestTokens.admin()).DELETE()).statusCode())
			.isIn(403, 404);
		assertProblem(get("/actuator/prometheus", null), 401, "/problems/unauthorized");
	}

	@Test
	void apiShouldNotBeOnTheManagementPort() throws Exception {
		// Any other path of the management port is the admin's: 404 for them only.
		assertThat(managementGet("/users/auth0%7C42/memberships", TestTokens.admin()).statusCode()).isEqualTo(404);
		assertProblem(managementGet("/users/auth0%7C42/memberships", TestTokens.service()), 403, "/problems/forbidden");
		assertProblem(managementGet("/users/auth0%7C42/memberships", null), 401, "/problems/unauthorized");
	}

	@Test
	void managementAnswersShouldCarryNoServerBanner() throws Exception {
		HttpResponse<String> response = managementGet("/actuator/health/liveness", null);
		assertThat(response.headers().firstValue("Server")).isEmpty();
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		HttpResponse<String> rejected = managementGet("/actuator/health%00", null);
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(rejected.body()).doesNotContainIgnoringCase("tomcat").doesNotContain("<html");
	}

	private HttpResponse<String> evict(String token) throws Exception {
		return send(withToken(management("/actuator/usercache/auth0%7C42"), token).DELETE());
	}

	private HttpResponse<String> managementGet(String path, String token) throws Exception {
		return send(withToken(management(path), token));
	}

}
