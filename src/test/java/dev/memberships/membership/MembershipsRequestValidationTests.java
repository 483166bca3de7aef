package dev.memberships.membership;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import dev.memberships.enos.EnosProperties;
import dev.memberships.upstream.DeadlineProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the two endpoints refuse before asking anyone: a 400 problem naming the parameter,
 * and no call to the service. Only the web layer runs (controllers and problem advice,
 * without Tomcat or the security filters); the service is a mock that must not be called.
 * The same refusals over real HTTP, through the firewall and the token check, are
 * {@code InputFuzzTests}' business.
 */
@WebMvcTest(controllers = { MembershipsController.class, MembershipsBatchController.class },
		properties = { "memberships.enos.base-url=http://enos.test", "memberships.enos.app-key=key",
				"memberships.enos.app-secret=secret", "memberships.enos.organization-id=ou_main" })
@AutoConfigureMockMvc(addFilters = false)
class MembershipsRequestValidationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JsonMapper json;

	@MockitoBean
	private MembershipsService service;

	@MockitoBean
	private MembershipsBatchService batchService;

	@Test
	void getMembershipsWhenParametersInvalidShouldAnswerBadRequestNamingParameter() throws Exception {
		assertInvalid(get("/users/auth0%7C42/memberships?locale=fr_FR"), "locale");
		assertInvalid(get("/users/auth0%7C42/memberships?organizationId=..%2Fx"), "organizationId");
		assertInvalid(get(URI.create("/users/auth0%7C4%0A2/memberships")), "userId");
		assertInvalid(get("/users/" + "a".repeat(257) + "/memberships"), "userId");
		verifyNoInteractions(this.service);
	}

	@Test
	void getMembershipsWithMalformedRequestTimeoutShouldAnswerBadRequest() throws Exception {
		assertInvalid(get("/users/auth0%7C42/memberships").header("Request-Timeout", "soon"), "Request-Timeout");
		verifyNoInteractions(this.service);
	}

	@Test
	void batchWhenLimitsBrokenShouldAnswerBadRequestNamingTheParameter() throws Exception {
		assertInvalid(batch(List.of(), null), "userIds");
		assertInvalid(batch(IntStream.range(0, 1001).mapToObj((i) -> "u" + i).toList(), null), "userIds");
		assertInvalid(batch(List.of("ok", "fine", "bad\nid"), null), "userIds[2]");
		assertInvalid(batch(List.of("ok"), "ou/../x"), "organizationId");
		assertProblem(post("/memberships/batch").contentType(MediaType.APPLICATION_JSON).content("{\"userIds\": ["));
		verifyNoInteractions(this.batchService);
	}

	private RequestBuilder batch(List<String> userIds, String organizationId) {
		return post("/memberships/batch").contentType(MediaType.APPLICATION_JSON)
			.content(this.json.writeValueAsString(new BatchRequest(userIds, organizationId, null)));
	}

	private void assertInvalid(RequestBuilder request, String parameter) throws Exception {
		assertProblem(request).andExpect(jsonPath("$.type").value("/problems/invalid-parameter"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.parameter").value(parameter));
	}

	private ResultActions assertProblem(RequestBuilder request) throws Exception {
		return this.mvc.perform(request)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect((result) -> assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception")
				.doesNotContain("trace"));
	}

	// The controllers read the default OU and the limits from the service's own
	// properties.
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ EnosProperties.class, MembershipsProperties.class, DeadlineProperties.class })
	static class Properties {

	}

}
