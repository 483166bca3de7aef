/**
 * The Auth0 Management API client: a user's organizations, read with a client-credentials
 * token.
 */
@NullMarked
package dev.memberships.auth0;

import org.jspecify.annotations.NullMarked;
