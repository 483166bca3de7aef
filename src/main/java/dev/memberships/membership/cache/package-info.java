/**
 * The cache engine of every source: two levels (this instance's Caffeine cache and an
 * optional shared level), refresh ahead, stale serving when the upstream fails, and the
 * caller's wait bounded by its deadline. It knows no upstream by name.
 */
@NullMarked
package dev.memberships.membership.cache;

import org.jspecify.annotations.NullMarked;
