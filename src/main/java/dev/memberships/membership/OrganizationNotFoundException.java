package dev.memberships.membership;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

/** EnOS does not know the organization unit (OU): 404. */
class OrganizationNotFoundException extends ProblemException {

	OrganizationNotFoundException() {
		super(ProblemType.ORGANIZATION_NOT_FOUND, "No such organization unit.");
	}

}
