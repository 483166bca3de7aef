package dev.memberships.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.stereotype.Component;

/**
 * Writes the problems answered outside Spring MVC (by the security filters and handlers,
 * and by Tomcat's error report), in the JSON Spring MVC gives every other problem: the
 * application's {@link JsonMapper} with Spring's {@link ProblemDetailJacksonMixin}, so
 * extra members sit beside {@code type} and {@code title}. The filters run before Spring
 * MVC, so they cannot go through its advice. Public for the security filters and
 * handlers, which answer before Spring MVC.
 */
@Component
public final class ProblemResponses {

	private final JsonMapper json;

	public ProblemResponses(JsonMapper json) {
		this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
	}

	/** Answers with the problem, unless the response was already committed. */
	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		byte[] body = json(problem).getBytes(StandardCharsets.UTF_8);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/** The problem as JSON, for a writer that is not a servlet response. */
	String json(ProblemDetail problem) {
		return this.json.writeValueAsString(problem);
	}

}
