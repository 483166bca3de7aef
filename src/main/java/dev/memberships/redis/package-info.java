/**
 * Many replicas as one service: the Redis level of the caches, the cluster-wide lease and
 * eviction channel, and the Auth0 tenant gate, present only with
 * {@code memberships.redis.enabled}.
 */
@NullMarked
package dev.memberships.redis;

import org.jspecify.annotations.NullMarked;
