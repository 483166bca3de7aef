/**
 * Auth0 change events: the Event Streams webhook that turns each event into the evictions
 * it calls for.
 */
@NullMarked
package dev.memberships.events;

import org.jspecify.annotations.NullMarked;
