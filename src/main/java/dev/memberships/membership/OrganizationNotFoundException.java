package dev.memberships.membership;

import dev.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/** EnOS does not know the organization unit (OU): 404. */
class OrganizationNotFoundException extends ProblemException {

	OrganizationNotFoundException() {
		super(HttpStatus.NOT_FOUND, "organization-not-found", "Organization not found", "No such organization unit.");
	}

}
