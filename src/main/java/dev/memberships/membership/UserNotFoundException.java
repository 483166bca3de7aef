package dev.memberships.membership;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

/** Auth0, the identity source, does not know the user: 404. */
class UserNotFoundException extends ProblemException {

	UserNotFoundException() {
		super(ProblemType.USER_NOT_FOUND, "No such user.");
	}

}
