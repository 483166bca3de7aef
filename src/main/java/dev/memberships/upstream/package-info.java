/**
 * What every upstream client shares: failure reasons, tokens, deadlines and each
 * upstream's protection.
 */
@NullMarked
package dev.memberships.upstream;

import org.jspecify.annotations.NullMarked;
