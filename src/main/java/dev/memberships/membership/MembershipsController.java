package dev.memberships.membership;

import java.time.Duration;

import dev.memberships.enos.EnosProperties;
import dev.memberships.upstream.DeadlineProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers {@code GET /users/{userId}/memberships}: validates the query, takes the
 * caller's deadline and no-cache wish, and sets the answer's {@code Cache-Control}. The
 * contract, with its examples, is on {@link MembershipsApi}.
 */
@RestController
class MembershipsController implements MembershipsApi {

	private final MembershipsService service;

	private final String defaultOrganizationId;

	private final Duration deadline;

	MembershipsController(MembershipsService service, EnosProperties enos, DeadlineProperties deadline) {
		this.service = service;
		this.defaultOrganizationId = enos.organizationId();
		this.deadline = deadline.deadline();
	}

	@Override
	public ResponseEntity<byte[]> getMemberships(String userId, @Nullable String organizationId,
			@Nullable String locale, @Nullable String cacheControl, @Nullable String requestTimeout) {
		MembershipQuery query = MembershipQuery.of(userId, organizationId, locale, this.defaultOrganizationId);
		Duration deadline = RequestTimeout.deadline(requestTimeout, this.deadline);
		MembershipsService.RenderedAnswer answer = this.service.memberships(query, RequestTimeout.noCache(cacheControl),
				deadline);
		// The ETag set here also answers If-None-Match with 304 (Spring MVC compares it
		// weakly), and the 304 keeps these headers. Vary: Authorization keys a browser's
		// cache by the token, so a request without it (after a logout) or with another
		// one never gets this answer from the cache; Spring adds it to the CORS filter's
		// Vary: Origin rather than replacing it. See docs/api.md.
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(answer.maxAge()).cachePrivate())
			.varyBy(HttpHeaders.AUTHORIZATION)
			.eTag(answer.answer().etag())
			.contentType(MediaType.APPLICATION_JSON)
			.body(answer.answer().json());
	}

}
