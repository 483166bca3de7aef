/**
 * Who may call what: bearer-token validation, authorization rules, request hardening and
 * their problem responses.
 */
@NullMarked
package dev.memberships.security;

import org.jspecify.annotations.NullMarked;
