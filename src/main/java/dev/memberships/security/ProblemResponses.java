package dev.memberships.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.memberships.config.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the problems the security filters answer with, in the shape
 * {@code ProblemDetailsAdvice} gives every other error: RFC 9457
 * {@code application/problem+json} with a stable {@code type}. The filters run before
 * Spring MVC, so they cannot go through the advice. Details are fixed texts: never a
 * token, a header value or an exception message.
 */
final class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletResponse response, HttpStatus status, String typeSlug, String title, String detail)
			throws IOException {
		write(response, status, typeSlug, title, detail, Map.of());
	}

	void write(HttpServletResponse response, HttpStatus status, String typeSlug, String title, String detail,
			Map<String, Object> properties) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ProblemTypes.of(typeSlug).toString());
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.putAll(properties);
		byte[] body = this.json.writeValueAsBytes(problem);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
