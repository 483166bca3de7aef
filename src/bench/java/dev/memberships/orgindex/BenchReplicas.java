package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** An index's replica for the benchmark programs of other packages. */
public final class BenchReplicas {

	private BenchReplicas() {
	}

	/** A fresh index, as a pod has it before it loads the fleet's. */
	public static IndexReplica replica() {
		OrganizationIndex index = new OrganizationIndex(
				new OrganizationIndexProperties(true, 1, Duration.ofMinutes(30), 50, 10_000_000), Clock.systemUTC());
		return new IndexReplica(index, new IndexMetrics(new SimpleMeterRegistry(), index, Clock.systemUTC()));
	}

}
