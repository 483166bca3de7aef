package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The index's meters, all under {@code memberships.auth0.index}: whether it is ready
 * (answers come from it), how big it is, how old its last complete sweep is, what sweeps
 * cost and which events changed it.
 */
final class IndexMetrics {

	private static final String PREFIX = "memberships.auth0.index";

	private final MeterRegistry meters;

	private final Timer sweepDuration;

	private final DistributionSummary sweepCalls;

	IndexMetrics(MeterRegistry meters, OrganizationIndex index, Clock clock) {
		this.meters = meters;
		Gauge.builder(PREFIX + ".ready", index, (i) -> i.trusted() ? 1 : 0)
			.description("1 while answers come from the index: a sweep completed, within 2 x sweep-interval")
			.register(meters);
		Gauge.builder(PREFIX + ".stopped", index, (i) -> i.stopped() ? 1 : 0)
			.description("1 once the index stopped at memberships.auth0.index.max-memberships")
			.register(meters);
		Gauge.builder(PREFIX + ".users", index, OrganizationIndex::users).register(meters);
		Gauge.builder(PREFIX + ".organizations", index, OrganizationIndex::organizations).register(meters);
		Gauge.builder(PREFIX + ".memberships", index, OrganizationIndex::memberships).register(meters);
		Gauge
			.builder(PREFIX + ".last.sweep.age", index,
					(i) -> i.lastComplete()
						.map((last) -> (double) Duration.between(last, clock.instant()).toSeconds())
						.orElse(Double.NaN))
			.description("Seconds since the last complete sweep; NaN before the first")
			.baseUnit("seconds")
			.register(meters);
		this.sweepDuration = Timer.builder(PREFIX + ".sweep.duration")
			.description("How long complete sweeps took")
			.register(meters);
		this.sweepCalls = DistributionSummary.builder(PREFIX + ".sweep.calls")
			.description("Auth0 requests each complete sweep made")
			.register(meters);
	}

	void swept(Duration duration, int calls) {
		this.sweepDuration.record(duration);
		this.sweepCalls.record(calls);
	}

	void applied(String type) {
		Counter.builder(PREFIX + ".events")
			.description("Auth0 events applied to the index, by type")
			.tag("type", type)
			.register(this.meters)
			.increment();
	}

}
