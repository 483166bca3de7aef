package dev.memberships.membership;

import java.time.Duration;
import java.util.List;

import dev.memberships.enos.EnosProperties;
import dev.memberships.upstream.DeadlineProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /memberships/batch}, for services that need many users at once.
 */
@RestController
@Tag(name = "memberships")
class MembershipsBatchController {

	private final MembershipsBatchService service;

	private final String defaultOrganizationId;

	private final Duration deadline;

	private final int maxUsers;

	MembershipsBatchController(MembershipsBatchService service, EnosProperties enos, MembershipsProperties properties,
			DeadlineProperties deadline) {
		this.service = service;
		this.defaultOrganizationId = enos.organizationId();
		this.deadline = deadline.deadline();
		this.maxUsers = properties.batching().maxUsers();
	}

	@Operation(operationId = "getMembershipsBatch", summary = "What many users of one OU belong to",
			description = "For each distinct user id, in the order first asked, the single-user answer, or a "
					+ "problem object of its own (userId, type, title, status, detail), e.g. a 404 for a user Auth0 "
					+ "does not know. Uses the same caches, batching and deadline as the single-user endpoint.")
	@ApiResponse(responseCode = "200", description = "One result per distinct user id",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = BatchResult.class)))
	@ApiResponse(responseCode = "400",
			description = "The body or one of its ids is not valid; the problem names it, "
					+ "e.g. parameter userIds[3]",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "403", description = "The token lacks the service scope (read:memberships)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "413", description = "The body is over memberships.security.batch-max-body-size",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@PostMapping(path = "/memberships/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	BatchResult batch(@RequestBody BatchRequest request,
			@Parameter(description = "no-cache asks every upstream again", example = "no-cache",
					schema = @Schema(maxLength = MembershipsApi.MAX_HEADER)) @RequestHeader(
							name = HttpHeaders.CACHE_CONTROL, required = false) @Nullable String cacheControl,
			@Parameter(description = "Shortens the deadline of this request: 500ms, 1.5s, or milliseconds",
					example = "500ms",
					schema = @Schema(maxLength = MembershipsApi.MAX_HEADER,
							pattern = RequestTimeout.PATTERN)) @RequestHeader(name = RequestTimeout.HEADER,
									required = false) @Nullable String requestTimeout) {
		List<MembershipQuery> queries = MembershipsBatchService.queries(request, this.defaultOrganizationId,
				this.maxUsers);
		Duration deadline = RequestTimeout.deadline(requestTimeout, this.deadline);
		return this.service.answer(queries, RequestTimeout.noCache(cacheControl), deadline);
	}

}
