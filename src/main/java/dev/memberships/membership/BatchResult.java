package dev.memberships.membership;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * The answer of {@code POST /memberships/batch}: for each distinct user id, in the order
 * first asked, the single-user answer, or a problem of its own (a user Auth0 does not
 * know is one 404 problem, not a failed batch).
 *
 * @param results one per distinct user id
 */
record BatchResult(List<Entry> results) {

	/**
	 * One user's entry: the single-user answer, or why there is none. Written as itself,
	 * without a type tag: a problem is the entry with a {@code status}.
	 */
	@Schema(oneOf = { Memberships.class, UserProblem.class })
	sealed interface Entry permits Memberships, UserProblem {

	}

	/**
	 * Why one user of a batch has no answer, shaped like an RFC 9457 problem.
	 *
	 * @param userId the user
	 * @param type the stable problem type
	 * @param title its title
	 * @param status the status a single-user request would have answered
	 * @param detail what happened
	 */
	record UserProblem(String userId, @Nullable URI type, @Nullable String title, int status,
			@Nullable String detail) implements Entry {

		static UserProblem of(String userId, ProblemDetail problem) {
			return new UserProblem(userId, problem.getType(), problem.getTitle(), problem.getStatus(),
					problem.getDetail());
		}

	}

}
