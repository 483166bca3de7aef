package dev.memberships.membership;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The memberships endpoint as callers see it: what it answers, and with which examples.
 */
@Tag(name = "memberships")
interface MembershipsApi {

	String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	/** A user id as validated: no control characters (Java's ISO controls). */
	String USER_ID = "^[^\\u0000-\\u001F\\u007F-\\u009F]+$";

	/** An OU id as validated. */
	String ORGANIZATION_ID = "^[A-Za-z0-9._-]{1,64}$";

	/** The longest header value: all headers of a request are at most 16 KB together. */
	int MAX_HEADER = 16_384;

	@Operation(operationId = "getMemberships", summary = "What the user belongs to",
			description = "The user's Auth0 organizations, EnOS organization structures and EnOS user groups, "
					+ "with each source's status. A failed source leaves its list empty and the answer "
					+ "incomplete; only when every source fails is the answer a 503.")
	@ApiResponse(responseCode = "200", description = "Every source answered, or some did (complete: false)",
			headers = {
					@Header(name = HttpHeaders.ETAG, description = "Weak; If-None-Match with it gives 304",
							schema = @Schema(maxLength = 80)),
					@Header(name = HttpHeaders.VARY,
							description = "Authorization (a browser keys its cache by the token), "
									+ "and Origin when CORS is on",
							schema = @Schema(maxLength = 256)) },
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Memberships.class),
					examples = { @ExampleObject(name = "complete", value = ApiExamples.COMPLETE),
							@ExampleObject(name = "partial", value = ApiExamples.PARTIAL) }))
	@ApiResponse(responseCode = "400", description = "A parameter is not valid; the problem names it",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
					examples = @ExampleObject(ApiExamples.INVALID_PARAMETER)))
	@ApiResponse(responseCode = "401", description = "No valid bearer token",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "403",
			description = "The token is neither this user's (sub) nor a service's (read:memberships scope)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "Auth0 does not know the user, or EnOS does not know the OU",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
					examples = { @ExampleObject(name = "user", value = ApiExamples.USER_NOT_FOUND),
							@ExampleObject(name = "organization", value = ApiExamples.ORGANIZATION_NOT_FOUND) }))
	@ApiResponse(responseCode = "503", description = "No source could answer",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
					examples = @ExampleObject(ApiExamples.UNAVAILABLE)))
	@ApiResponse(responseCode = "304",
			description = "Not modified: the If-None-Match header named the current ETag of this answer",
			headers = @Header(name = HttpHeaders.VARY, description = "As on the 200",
					schema = @Schema(maxLength = 256)))
	@GetMapping(path = "/users/{userId}/memberships", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> getMemberships(
			@Parameter(
					description = "The Auth0 user id, percent-encoded as one path segment "
							+ "(auth0|42 is auth0%7C42); at most 256 characters, no control characters",
					example = "auth0|42",
					schema = @Schema(minLength = 1, maxLength = MembershipQuery.MAX_USER_ID_LENGTH,
							pattern = USER_ID)) @PathVariable String userId,
			@Parameter(description = "The EnOS OU; the configured one when absent", example = "ou_main",
					schema = @Schema(minLength = 1, maxLength = 64, pattern = ORGANIZATION_ID)) @RequestParam(
							required = false) @Nullable String organizationId,
			@Parameter(description = "Language of structure names", example = "en_US",
					schema = @Schema(allowableValues = { "en_US", "zh_CN", "es_ES", "ja_JP", "de_DE", "pl_PL" },
							defaultValue = MembershipQuery.DEFAULT_LOCALE)) @RequestParam(
									required = false) @Nullable String locale,
			@Parameter(
					description = "no-cache asks every upstream again instead of serving fresh cached values; "
							+ "an upstream that fails is still answered from an older copy (STALE)",
					example = "no-cache", schema = @Schema(maxLength = MAX_HEADER)) @RequestHeader(
							name = HttpHeaders.CACHE_CONTROL, required = false) @Nullable String cacheControl,
			@Parameter(
					description = "Shortens the deadline of this request (never lengthens it): 500ms, 1.5s, "
							+ "or a bare number of milliseconds",
					example = "500ms",
					schema = @Schema(maxLength = MAX_HEADER, pattern = RequestTimeout.PATTERN)) @RequestHeader(
							name = RequestTimeout.HEADER, required = false) @Nullable String requestTimeout);

}
