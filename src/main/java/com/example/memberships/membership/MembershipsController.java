package com.example.memberships.membership;

import com.example.memberships.enos.EnosProperties;

import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /users/{userId}/memberships}. The contract, with its examples, is on
 * {@link MembershipsApi}.
 */
@RestController
class MembershipsController implements MembershipsApi {

	private final MembershipsService service;

	private final String defaultOrganizationId;

	MembershipsController(MembershipsService service, EnosProperties enos) {
		this.service = service;
		this.defaultOrganizationId = enos.organizationId();
	}

	@Override
	public Memberships getMemberships(String userId, String organizationId, String locale) {
		return this.service.memberships(MembershipQuery.of(userId, organizationId, locale, this.defaultOrganizationId));
	}

}
