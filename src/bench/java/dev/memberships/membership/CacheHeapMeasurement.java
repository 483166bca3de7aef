package dev.memberships.membership;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.CachePolicy;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.membership.cache.SourceCache;
import reactor.core.publisher.Mono;

/**
 * Prints the heap that cached users take: fills the three source caches with a given
 * number of users (default 100,000), each with a typical answer (3 organizations with
 * metadata, 2 structures, 2 groups), and compares the live heap before and after. A
 * program, not a test: figures on a shared machine are not assertions.
 * <p>
 * Run (docs/caching.md): {@code java -cp <test classpath of -Pbench>
 * dev.memberships.membership.CacheHeapMeasurement 100000}. Kept with the benchmark, out of
 * the test classes, where {@code TestMembershipsApplication} is the one program
 * ({@code spring-boot:test-run} picks it by being the only main).
 */
public final class CacheHeapMeasurement {

	private CacheHeapMeasurement() {
	}

	public static void main(String[] args) {
		int users = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		CachePolicy policy = new CachePolicy(Duration.ofMinutes(5), Duration.ofMinutes(4), Duration.ofHours(1), users);
		long before = usedHeapAfterGc();
		SourceCache<String, List<Organization>> organizations = new SourceCache<>(policy, Ticker.systemTicker(),
				Clock.systemUTC(),
				(user) -> Mono.just(List.of(organization(user, 1), organization(user, 2), organization(user, 3))), SharedLevel.Source.upstreamOnly(), SourceCache.ignoreRemovals());
		SourceCache<EnosSources.StructuresKey, List<Structure>> structures = new SourceCache<>(policy,
				Ticker.systemTicker(), Clock.systemUTC(), (key) -> Mono.just(List
					.of(new Structure("st_" + key.userId() + "_1", "Plant A"), new Structure("st_2", "Zürich Werk"))), SharedLevel.Source.upstreamOnly(), SourceCache.ignoreRemovals());
		SourceCache<EnosSources.GroupsKey, List<UserGroup>> groups = new SourceCache<>(policy,
				Ticker.systemTicker(), Clock.systemUTC(), (key) -> Mono.just(List
					.of(new UserGroup("ug_" + key.userId(), "Operators"), new UserGroup("ug_2", "Équipe Nuit"))), SharedLevel.Source.upstreamOnly(), SourceCache.ignoreRemovals());
		for (int i = 0; i < users; i++) {
			String user = "auth0|64f1c2a9b7e3d4" + i;
			organizations.get(user, false).block();
			structures.get(new EnosSources.StructuresKey("ou_main", user, "en_US"), false).block();
			groups.get(new EnosSources.GroupsKey("ou_main", user), false).block();
		}
		long after = usedHeapAfterGc();
		long perUser = (after - before) / users;
		System.out.printf("cached users: %,d%n", users);
		System.out.printf("heap per cached user: %,d bytes%n", perUser);
		System.out.printf("heap for %,d users: %,d MiB%n", users, (after - before) >> 20);
		System.out.printf("(entries still cached: %d, %d, %d)%n",
				organizations.caffeine().synchronous().estimatedSize(),
				structures.caffeine().synchronous().estimatedSize(), groups.caffeine().synchronous().estimatedSize());
	}

	private static Organization organization(String user, int n) {
		return new Organization("org_" + user.hashCode() + "_" + n, "acme-" + n, "Acme Inc. " + n,
				Map.of("tier", "gold", "region", "eu-" + n));
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
