package dev.memberships.bench;

import java.util.List;

import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

/**
 * What one run of {@link IndexScenario} measured, without or with the index.
 *
 * @param mode without or with the index
 * @param loadBefore {@code /proc/loadavg} before the service started
 * @param loadAfter {@code /proc/loadavg} at the end
 * @param readySeconds from the start of the load until the index was ready; -1 without
 * @param serving the active users' answers while serving
 * @param calls the upstream calls meanwhile
 * @param servingSeconds how long serving was measured
 * @param eventMillis per event, until an answer showed its change; -1 not within the
 * timeout
 * @param batch the batch of the 200 users never asked
 * @param lost the changes made without events
 * @param extraBatch the batch of 1,000 users never asked
 */
record IndexOutcome(String mode, String loadBefore, String loadAfter, double readySeconds, ActiveUsers.Tally serving,
		Counts calls, double servingSeconds, List<Long> eventMillis, IndexProbes.Batch batch, IndexProbes.Lost lost,
		IndexProbes.Batch extraBatch) {

	double perSecond(String endpoint) {
		return this.calls.calls().get(endpoint) / this.servingSeconds;
	}

	/** Auth0 Management API calls a second while serving, the token's aside. */
	double auth0PerSecond() {
		return perSecond(UpstreamTraffic.AUTH0_ORGS) + listsPerSecond();
	}

	/** The index's calls: organization list, member lists, single organizations. */
	double listsPerSecond() {
		return perSecond(UpstreamTraffic.AUTH0_ORGANIZATION_LIST) + perSecond(UpstreamTraffic.AUTH0_MEMBERS)
				+ perSecond(UpstreamTraffic.AUTH0_ORGANIZATION);
	}

	long slowestEventMillis() {
		return this.eventMillis.contains(-1L) ? -1
				: this.eventMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
	}

	/** Collects the figures as the run goes. */
	static final class Builder {

		private final String mode;

		private final String loadBefore;

		private String loadAfter = "-";

		private double readySeconds = -1;

		private ActiveUsers.Tally serving;

		private Counts calls;

		private double servingSeconds;

		private List<Long> eventMillis = List.of();

		private IndexProbes.Batch batch;

		private IndexProbes.Lost lost;

		private IndexProbes.Batch extraBatch;

		Builder(String mode, String loadBefore) {
			this.mode = mode;
			this.loadBefore = loadBefore;
		}

		void readySeconds(double seconds) {
			this.readySeconds = seconds;
		}

		void serving(ActiveUsers.Tally serving, Counts calls, double seconds) {
			this.serving = serving;
			this.calls = calls;
			this.servingSeconds = seconds;
		}

		void events(List<Long> millis) {
			this.eventMillis = millis;
		}

		void batch(IndexProbes.Batch batch) {
			this.batch = batch;
		}

		void lost(IndexProbes.Lost lost) {
			this.lost = lost;
		}

		void extraBatch(IndexProbes.Batch batch) {
			this.extraBatch = batch;
		}

		void loadAfter(String load) {
			this.loadAfter = load;
		}

		IndexOutcome build() {
			return new IndexOutcome(this.mode, this.loadBefore, this.loadAfter, this.readySeconds, this.serving,
					this.calls, this.servingSeconds, this.eventMillis, this.batch, this.lost, this.extraBatch);
		}

	}

}
