package dev.memberships.orgindex;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.bench.SyntheticTenant;

/**
 * Prints the heap the organization index takes per membership: sweeps a tenant of
 * {@code organizations} organizations and {@code memberships} memberships (defaults 500
 * and 50,000, the example; each user in 2 organizations, Auth0-style user ids,
 * organizations with metadata) into an index, through the path a sweep takes, and
 * compares the live heap before and after. A program, not a test.
 * <p>
 * Run: {@code java -cp <test classpath of -Pbench>
 * dev.memberships.orgindex.IndexHeapMeasurement 500 50000}.
 */
public final class IndexHeapMeasurement {

	private IndexHeapMeasurement() {
	}

	public static void main(String[] args) {
		int organizations = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int memberships = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		SyntheticTenant tenant = new SyntheticTenant(organizations, memberships / 2);
		long before = usedHeapAfterGc();
		OrganizationIndex index = new OrganizationIndex(
				new OrganizationIndexProperties(true, 1, Duration.ofMinutes(30), 50, 10_000_000), Clock.systemUTC());
		Instant start = Instant.now();
		Set<String> listed = new HashSet<>();
		for (int o = 0; o < organizations; o++) {
			Auth0Organization organization = tenant.organization(o);
			listed.add(organization.id());
			index.swept(organization, tenant.members(o), start);
		}
		index.sweepCompleted(listed, start, Instant.now());
		long after = usedHeapAfterGc();
		System.out.printf("organizations: %,d, users: %,d, memberships: %,d%n", index.organizations(), index.users(),
				index.memberships());
		System.out.printf("heap per membership: %,d bytes%n", (after - before) / index.memberships());
		System.out.printf("heap for the index: %,d KiB%n", (after - before) >> 10);
		System.out.println(index.lookup(SyntheticTenant.userId(7)));
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
