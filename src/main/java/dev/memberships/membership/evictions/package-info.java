/**
 * What can be forgotten of the cached answers: the one contract the operator endpoint,
 * the Auth0 change events and the Redis adapter share, apart from the memberships
 * feature, so that none of them depends on it.
 */
@NullMarked
package dev.memberships.membership.evictions;

import org.jspecify.annotations.NullMarked;
