/**
 * The optional organization index: every Auth0 organization and its members, built by a
 * budgeted sweep of Auth0's lists, kept current by change events, and answering users'
 * organizations without a per-user call. See {@code docs/organization-index.md}.
 */
@NullMarked
package dev.memberships.orgindex;

import org.jspecify.annotations.NullMarked;
