/**
 * The memberships feature: the API, its validation, the fan-out to the sources, their
 * caches and the merge.
 */
@NullMarked
package dev.memberships.membership;

import org.jspecify.annotations.NullMarked;
