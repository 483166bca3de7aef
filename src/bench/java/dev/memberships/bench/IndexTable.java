package dev.memberships.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.memberships.demo.UpstreamTraffic;

/**
 * {@link IndexScenario}'s table: one column per run, then issue 22's done-when targets
 * against the run with the index.
 */
final class IndexTable {

	private IndexTable() {
	}

	static String of(List<IndexOutcome> outcomes) {
		StringBuilder table = new StringBuilder();
		table.append("| ").append(IndexScenario.ACTIVE).append(" active of ").append(IndexScenario.USERS)
			.append(" users, 50 organizations, Auth0 at 2/s |");
		outcomes.forEach((outcome) -> table.append(' ').append(outcome.mode()).append(" |"));
		table.append("\n|---|");
		outcomes.forEach((outcome) -> table.append("---|"));
		table.append('\n');
		row(table, outcomes, "load average before / after", (o) -> o.loadBefore() + " / " + o.loadAfter());
		row(table, outcomes, "index ready after",
				(o) -> (o.readySeconds() < 0) ? "-" : format("%.0f s", o.readySeconds()));
		row(table, outcomes, "answers while serving", (o) -> format("%d in %.0f s", o.serving().answers(),
				o.servingSeconds()));
		row(table, outcomes, "organizations OK / STALE / other",
				(o) -> format("%.1f %% / %.1f %% / %.1f %%", o.serving().share(o.serving().ok()),
						o.serving().share(o.serving().stale()), o.serving().share(o.serving().other())));
		row(table, outcomes, "oldest STALE answer", (o) -> format("%d s", o.serving().oldestStale()));
		row(table, outcomes, "Auth0 calls/s while serving: all", (o) -> format("%.2f", o.auth0PerSecond()));
		row(table, outcomes, "per-user / organization list / members / one organization",
				(o) -> format("%.2f / %.2f / %.2f / %.2f", o.perSecond(UpstreamTraffic.AUTH0_ORGS),
						o.perSecond(UpstreamTraffic.AUTH0_ORGANIZATION_LIST),
						o.perSecond(UpstreamTraffic.AUTH0_MEMBERS), o.perSecond(UpstreamTraffic.AUTH0_ORGANIZATION)));
		row(table, outcomes, "Auth0 429s while serving", (o) -> Long.toString(o.calls().tooManyRequests()));
		row(table, outcomes, "event's change visible (4 events), slowest",
				(o) -> millis(o.slowestEventMillis()) + " " + o.eventMillis());
		row(table, outcomes, "batch of the other 200: complete / organizations OK", (o) -> batch(o.batch()));
		row(table, outcomes, "  its per-user calls / time", (o) -> format("%d / %.1f s", o.batch().perUserCalls(),
				o.batch().seconds()));
		row(table, outcomes, "lost event, joined: visible after", (o) -> lost(o.lost().joinSeconds(),
				o.lost().joinSweeps(), o.lost().timeoutSeconds()));
		row(table, outcomes, "lost event, left: visible after", (o) -> lost(o.lost().leaveSeconds(),
				o.lost().leaveSweeps(), o.lost().timeoutSeconds()));
		row(table, outcomes, "batch of 1,000 never asked: complete / organizations OK", (o) -> batch(o.extraBatch()));
		row(table, outcomes, "  its per-user calls / time",
				(o) -> format("%d / %.1f s", o.extraBatch().perUserCalls(), o.extraBatch().seconds()));
		IndexOutcome with = outcomes.get(outcomes.size() - 1);
		if (with.readySeconds() < 0) {
			return table.toString();
		}
		table.append("\n| done-when target (with the index) | measured | met |\n|---|---|---|\n");
		double ok = with.serving().share(with.serving().ok());
		target(table, ">= 99 % of answers OK", format("%.1f %%", ok), ok >= 99);
		target(table, "<= 1.1 Auth0 calls/s while serving", format("%.2f", with.auth0PerSecond()),
				with.auth0PerSecond() <= 1.1);
		target(table, "batch of the other 200 complete, <= 5 per-user calls",
				format("%d complete, %d calls", with.batch().complete(), with.batch().perUserCalls()),
				with.batch().complete() == with.batch().users() && with.batch().perUserCalls() <= 5);
		long slowest = with.slowestEventMillis();
		target(table, "an event's change visible within 2 s", millis(slowest), slowest >= 0 && slowest <= 2000);
		long sweeps = Math.max(with.lost().joinSweeps(), with.lost().leaveSweeps());
		boolean healed = with.lost().joinSeconds() >= 0 && with.lost().leaveSeconds() >= 0;
		target(table, "a lost event's change visible within two sweeps",
				healed ? format("after %d complete sweeps", sweeps) : "not seen", healed && sweeps <= 2);
		return table.toString();
	}

	private static void row(StringBuilder table, List<IndexOutcome> outcomes, String name,
			Function<IndexOutcome, String> cell) {
		table.append("| ").append(name).append(" |");
		outcomes.forEach((outcome) -> table.append(' ').append(cell.apply(outcome)).append(" |"));
		table.append('\n');
	}

	private static void target(StringBuilder table, String target, String measured, boolean met) {
		table.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "NO")
			.append(" |\n");
	}

	private static String batch(IndexProbes.Batch batch) {
		return format("%d / %d of %d", batch.complete(), batch.organizationsOk(), batch.users());
	}

	private static String lost(double seconds, long sweeps, long timeout) {
		if (seconds < 0) {
			return format("not within %d s", timeout);
		}
		return format("%.1f s", seconds) + ((sweeps > 0) ? format(" (%d complete sweeps)", sweeps) : "");
	}

	private static String millis(long millis) {
		return (millis < 0) ? "not within the timeout" : format("%d ms", millis);
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
