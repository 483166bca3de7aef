/**
 * The web layer every feature shares: problem responses (the one factory of RFC 9457
 * bodies, the Spring MVC advice, and the writer for answers outside Spring MVC), the
 * overload limit, CORS and Tomcat's settings. It knows nothing of the features or of
 * security; they use it.
 */
@NullMarked
package dev.memberships.web;

import org.jspecify.annotations.NullMarked;
