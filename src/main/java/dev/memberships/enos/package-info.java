/**
 * The EnOS API gateway client: a user's organization structures and user groups, in
 * signed requests.
 */
@NullMarked
package dev.memberships.enos;

import org.jspecify.annotations.NullMarked;
