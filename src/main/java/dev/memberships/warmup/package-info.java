/**
 * A new pod's warm-up: between the started application and readiness, everything its
 * first burst would otherwise wait for (the issuer's keys, both upstream tokens and their
 * connections, Redis, compiled request code), bounded in time and never asking an
 * upstream about a user.
 */
@NullMarked
package dev.memberships.warmup;

import org.jspecify.annotations.NullMarked;
