package dev.memberships.orgindex;

import java.time.Clock;

import dev.memberships.auth0.Auth0Client;
import dev.memberships.auth0.OrganizationDirectory;
import dev.memberships.membership.evictions.MembershipEvictions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The organization index, when {@code memberships.auth0.index.enabled}: off, none of
 * these beans exist and every answer asks Auth0 per user, as before. Replicas that share
 * it add a {@link SweepTurn} and a {@link SharedIndex} (the Redis level does); without
 * them each pod sweeps for itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("memberships.auth0.index.enabled")
@EnableConfigurationProperties(OrganizationIndexProperties.class)
class OrganizationIndexConfiguration {

	@Bean
	OrganizationIndex organizationIndex(OrganizationIndexProperties properties, Clock clock) {
		return new OrganizationIndex(properties, clock);
	}

	@Bean
	IndexMetrics organizationIndexMetrics(MeterRegistry meters, OrganizationIndex index, Clock clock) {
		return new IndexMetrics(meters, index, clock);
	}

	@Bean
	SweepPriority organizationIndexSweepPriority() {
		return new SweepPriority();
	}

	/** Takes the place of the per-user client wherever the answers need organizations. */
	@Bean
	@Primary
	IndexedAuth0Client indexedAuth0Client(@Qualifier("auth0Client") Auth0Client auth0, OrganizationIndex index,
			SweepPriority priority) {
		return new IndexedAuth0Client(auth0, index, priority);
	}

	@Bean
	IndexReplica organizationIndexReplica(OrganizationIndex index, IndexMetrics metrics) {
		return new IndexReplica(index, metrics);
	}

	@Bean
	IndexEvents organizationIndexEvents(OrganizationIndex index, OrganizationDirectory directory,
			ObjectProvider<MembershipEvictions> evictions, IndexMetrics metrics, ObjectProvider<SharedIndex> shared,
			Clock clock) {
		return new IndexEvents(index, directory, evictions, metrics, shared.getIfAvailable(() -> SharedIndex.LOCAL),
				clock);
	}

	@Bean
	IndexSweeps organizationIndexSweeps(OrganizationDirectory directory, OrganizationIndex index,
			SweepPriority priority, OrganizationIndexProperties properties, IndexMetrics metrics,
			ObjectProvider<SweepTurn> turn, ObjectProvider<SharedIndex> shared, Clock clock) {
		IndexSweeper sweeper = new IndexSweeper(directory, index, new Pacer(properties.rate(), priority, clock),
				properties.pageSize(), metrics, shared.getIfAvailable(() -> SharedIndex.LOCAL), clock);
		return new IndexSweeps(sweeper, index, turn.getIfAvailable(() -> SweepTurn.ALWAYS), properties.sweepInterval(),
				clock);
	}

}
