package dev.memberships.redis;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Boot's Redis auto-configurations out unless {@code memberships.redis.enabled} is
 * true: the starter is always on the class path, and without the switch there must be no
 * Redis bean, no health contributor and no connection attempt. Boot's Redis health
 * contributors and repositories stay out even then: {@link RedisLevelHealthIndicator}
 * reports Redis without turning the service DOWN, and the service keeps no repositories.
 * A filter rather than {@code spring.autoconfigure.exclude}, because an exclusion cannot
 * depend on a property.
 */
class RedisAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure.";

	private static final String HEALTH = REDIS_AUTO_CONFIGURATIONS + "health.";

	private static final String REPOSITORIES = REDIS_AUTO_CONFIGURATIONS + "DataRedisRepositoriesAutoConfiguration";

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		// Spring sets the environment before it asks for matches.
		boolean enabled = Objects.requireNonNull(this.environment)
			.getProperty(RedisLevelProperties.ENABLED, Boolean.class, false);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS)
					|| (enabled && !candidate.startsWith(HEALTH) && !candidate.equals(REPOSITORIES));
		}
		return matches;
	}

}
