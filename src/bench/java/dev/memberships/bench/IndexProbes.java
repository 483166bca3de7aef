package dev.memberships.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import dev.memberships.demo.UpstreamTraffic;

/**
 * The parts of {@link IndexScenario} that change the tenant or ask once and watch: how
 * long an event's change takes to show in an answer, a batch and the per-user calls it
 * caused, and how long a change whose event was lost takes to show.
 */
final class IndexProbes {

	private static final Duration EVENT_POLL = Duration.ofMillis(50);

	private static final Duration LOST_POLL = Duration.ofMillis(500);

	// Late per-user calls of a batch (refreshes after its deadline) are counted too.
	private static final Duration BATCH_SETTLE = Duration.ofSeconds(2);

	private final IndexClient client;

	private final UpstreamTraffic traffic;

	IndexProbes(IndexClient client, UpstreamTraffic traffic) {
		this.client = client;
		this.traffic = traffic;
	}

	/**
	 * Two active users each join an organization and leave it again, each change made in
	 * the tenant and then its event posted; each timed from the change until an answer of
	 * the user's shows it, or {@code -1} after the timeout.
	 */
	List<Long> events(IndexScenario.Tenant tenant, Duration timeout) throws Exception {
		List<Long> millis = new ArrayList<>();
		for (int n = 0; n < 2; n++) {
			String user = tenant.user(n);
			String organization = tenant.otherOrganization(n);
			long start = System.nanoTime();
			tenant.tenant().addMember(organization, user);
			this.client.memberEvent("organization.member.added", organization, user);
			millis.add(visible(user, (answer) -> answer.organizations().contains(organization), start, timeout));
			start = System.nanoTime();
			tenant.tenant().removeMember(organization, user);
			this.client.memberEvent("organization.member.deleted", organization, user);
			millis.add(visible(user, (answer) -> answer.status() == 200 && !answer.organizations().contains(organization),
					start, timeout));
		}
		return millis;
	}

	/** Asks for the users at once, and counts what came back and the calls it caused. */
	Batch batch(List<String> userIds) throws Exception {
		long before = this.traffic.perUserCalls(userIds);
		long start = System.nanoTime();
		List<IndexClient.Answer> answers = this.client.batch(userIds);
		double seconds = (System.nanoTime() - start) / 1e9;
		Thread.sleep(BATCH_SETTLE);
		long calls = this.traffic.perUserCalls(userIds) - before;
		return new Batch(userIds.size(), answers.stream().filter(IndexClient.Answer::complete).count(),
				answers.stream().filter((answer) -> answer.source().equals("OK")).count(), calls, seconds);
	}

	/**
	 * One active user joins an organization and another leaves one, both without an event
	 * (the 1,000 extra users join at the same time, also without events);
	 * each timed until an answer shows it, and the complete sweeps meanwhile counted.
	 */
	Lost lostChanges(IndexScenario.Tenant tenant, Duration timeout) throws Exception {
		String joiner = tenant.user(10);
		String joined = tenant.otherOrganization(10);
		String leaver = tenant.user(11);
		String left = tenant.firstOrganization(11);
		long sweeps = this.client.sweeps();
		long start = System.nanoTime();
		tenant.tenant().addMember(joined, joiner);
		tenant.tenant().removeMember(left, leaver);
		double joinSeconds = -1;
		double leaveSeconds = -1;
		long joinSweeps = -1;
		long leaveSweeps = -1;
		long end = start + timeout.toNanos();
		while ((joinSeconds < 0 || leaveSeconds < 0) && System.nanoTime() < end) {
			if (joinSeconds < 0 && this.client.ask(joiner).organizations().contains(joined)) {
				joinSeconds = (System.nanoTime() - start) / 1e9;
				joinSweeps = this.client.sweeps() - sweeps;
			}
			IndexClient.Answer leaverAnswer = this.client.ask(leaver);
			if (leaveSeconds < 0 && leaverAnswer.status() == 200 && !leaverAnswer.organizations().contains(left)) {
				leaveSeconds = (System.nanoTime() - start) / 1e9;
				leaveSweeps = this.client.sweeps() - sweeps;
			}
			Thread.sleep(LOST_POLL);
		}
		return new Lost(joinSeconds, joinSweeps, leaveSeconds, leaveSweeps, timeout.toSeconds());
	}

	/** Waits until the condition holds; fails after the timeout. */
	static void await(Callable<Boolean> condition, Duration timeout) throws Exception {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.call()) {
			if (System.nanoTime() > end) {
				throw new IllegalStateException("Not within " + timeout);
			}
			Thread.sleep(200);
		}
	}

	private long visible(String user, Predicate<IndexClient.Answer> shows, long start, Duration timeout)
			throws InterruptedException {
		long end = start + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (shows.test(this.client.ask(user))) {
				return (System.nanoTime() - start) / 1_000_000;
			}
			Thread.sleep(EVENT_POLL);
		}
		return -1;
	}

	/**
	 * A batch's outcome.
	 *
	 * @param users users asked
	 * @param complete answers complete (every source)
	 * @param organizationsOk answers whose organizations were fresh
	 * @param perUserCalls per-user Auth0 calls for these users, 429s included
	 * @param seconds until the batch's answer
	 */
	record Batch(int users, long complete, long organizationsOk, long perUserCalls, double seconds) {
	}

	/**
	 * Changes without events: seconds until an answer showed each ({@code -1}: not within
	 * the timeout), and the complete sweeps until then.
	 */
	record Lost(double joinSeconds, long joinSweeps, double leaveSeconds, long leaveSweeps, long timeoutSeconds) {
	}

}
