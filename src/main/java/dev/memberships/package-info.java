/**
 * The memberships service: what a user belongs to in Auth0 and EnOS, answered in one
 * call.
 */
@NullMarked
package dev.memberships;

import org.jspecify.annotations.NullMarked;
