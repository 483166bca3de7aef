package dev.memberships.membership;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * The answer of {@code POST /memberships/batch}: for each distinct user id, in the order
 * first asked, the single-user answer, or a problem of its own (a user Auth0 does not
 * know is one 404 problem, not a failed batch).
 *
 * @param results one per distinct user id: a {@link Memberships} or a {@link UserProblem}
 */
record BatchResult(List<Object> results) {

	/**
	 * Why one user of a batch has no answer, shaped like an RFC 9457 problem.
	 *
	 * @param userId the user
	 * @param type the stable problem type
	 * @param title its title
	 * @param status the status a single-user request would have answered
	 * @param detail what happened
	 */
	record UserProblem(String userId, URI type, @Nullable String title, int status, @Nullable String detail) {

		static UserProblem of(String userId, ProblemDetail problem) {
			return new UserProblem(userId, problem.getType(), problem.getTitle(), problem.getStatus(),
					problem.getDetail());
		}

	}

}
