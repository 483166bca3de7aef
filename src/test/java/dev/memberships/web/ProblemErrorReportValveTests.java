package dev.memberships.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problems written without Spring MVC by Tomcat's error report.
 */
class ProblemErrorReportValveTests {

	private final JsonMapper json = JsonMapper.shared();

	private final ProblemResponses problems = new ProblemResponses(this.json);

	@Test
	void problemShouldBeValidJsonWithTheStatus() {
		assertThat(this.json.readTree(this.problems.json(ProblemErrorReportValve.problem(400))).at("/type").asString())
			.isEqualTo("/problems/rejected-request");
		assertThat(this.json.readTree(this.problems.json(ProblemErrorReportValve.problem(505))).at("/title").asString())
			.isEqualTo("HTTP Version not supported");
		assertThat(this.json.readTree(this.problems.json(ProblemErrorReportValve.problem(505))).at("/type").asString())
			.isEqualTo("about:blank");
		assertThat(this.json.readTree(this.problems.json(ProblemErrorReportValve.problem(599))).at("/status").asInt())
			.isEqualTo(599);
	}

}
