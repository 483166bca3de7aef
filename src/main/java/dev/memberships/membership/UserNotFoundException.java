package dev.memberships.membership;

import dev.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/** Auth0, the identity source, does not know the user: 404. */
class UserNotFoundException extends ProblemException {

	UserNotFoundException() {
		super(HttpStatus.NOT_FOUND, "user-not-found", "User not found", "No such user.");
	}

}
