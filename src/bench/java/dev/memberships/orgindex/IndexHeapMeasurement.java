package dev.memberships.orgindex;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

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
		int users = memberships / 2;
		long before = usedHeapAfterGc();
		OrganizationIndex index = new OrganizationIndex(
				new OrganizationIndexProperties(true, 1, Duration.ofMinutes(30), 50, 10_000_000), Clock.systemUTC());
		Instant start = Instant.now();
		Set<String> listed = new HashSet<>();
		for (int o = 0; o < organizations; o++) {
			Set<String> members = new HashSet<>();
			for (int u = o; u < users; u += organizations) {
				members.add(userId(u));
				members.add(userId((u + 1) % users));
			}
			String id = "org_" + Long.toHexString(0x5a1b2c3d4e5fL + o);
			listed.add(id);
			index.swept(new Auth0Organization(id, "acme-" + o, "Acme Plant " + o, Map.of("region", "eu-central")),
					members, start);
		}
		index.sweepCompleted(listed, start, Instant.now());
		long after = usedHeapAfterGc();
		System.out.printf("organizations: %,d, users: %,d, memberships: %,d%n", index.organizations(), index.users(),
				index.memberships());
		System.out.printf("heap per membership: %,d bytes%n", (after - before) / index.memberships());
		System.out.printf("heap for the index: %,d KiB%n", (after - before) >> 10);
		System.out.println(index.lookup(userId(7)));
	}

	private static String userId(int i) {
		return "auth0|64f1c2a9b7e3d4" + String.format("%010d", i);
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
