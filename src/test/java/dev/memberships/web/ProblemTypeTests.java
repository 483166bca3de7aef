package dev.memberships.web;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one factory of problem bodies: type, title and status come from the kind, the
 * detail and extra members from the caller.
 */
class ProblemTypeTests {

	@Test
	void problemShouldCarryTheKindsTypeTitleAndStatusWithTheDetailAndMembers() {
		ProblemDetail problem = ProblemType.CONTENT_TOO_LARGE.problem("too big", Map.of("maxBodySize", 10));
		assertThat(problem.getType()).isEqualTo(URI.create("/problems/content-too-large"));
		assertThat(problem.getTitle()).isEqualTo("Content too large");
		assertThat(problem.getStatus()).isEqualTo(413);
		assertThat(problem.getDetail()).isEqualTo("too big");
		assertThat(problem.getProperties()).containsExactly(Map.entry("maxBodySize", 10));
	}

	@Test
	void ofStatusShouldBeAboutBlankTitledWithTheReasonPhrase() {
		ProblemDetail known = ProblemType.ofStatus(405);
		assertThat(known.getType()).isEqualTo(URI.create("about:blank"));
		assertThat(known.getTitle()).isEqualTo("Method Not Allowed");
		assertThat(ProblemType.ofStatus(599).getTitle()).isEqualTo("Error");
	}

}
