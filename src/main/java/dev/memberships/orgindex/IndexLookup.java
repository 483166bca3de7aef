package dev.memberships.orgindex;

import java.util.List;

import dev.memberships.auth0.Auth0Organization;

/** What the index says of a user. */
sealed interface IndexLookup {

	record Listed(List<Auth0Organization> organizations) implements IndexLookup {
	}

	/** Not in the index, or the index has no complete sweep yet: ask Auth0. */
	record Ask() implements IndexLookup {
	}

	/** Auth0 does not know the user. */
	record Unknown() implements IndexLookup {
	}

}
