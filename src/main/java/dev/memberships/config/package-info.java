/**
 * Cross-cutting configuration: problem responses, the application's clock, web server
 * settings and start-up messages.
 */
@NullMarked
package dev.memberships.config;

import org.jspecify.annotations.NullMarked;
