package dev.memberships.membership;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.memberships.membership.Memberships.Sources;
import dev.memberships.membership.cache.SourceStatus.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts answers by completeness and sources by status, so an on-call engineer sees how
 * often callers get less than everything. Tags are bounded: never a user id. The counters
 * are registered once, at start: looking a counter up by name and tags on every answer
 * cost more than counting.
 */
@Component
class AnswerMetrics {

	private final Counter complete;

	private final Counter partial;

	private final Counter failed;

	private final Map<State, Counter> organizations;

	private final Map<State, Counter> structures;

	private final Map<State, Counter> userGroups;

	AnswerMetrics(MeterRegistry registry) {
		this.complete = answers(registry, "complete");
		this.partial = answers(registry, "partial");
		this.failed = answers(registry, "failed");
		this.organizations = sources(registry, "organizations");
		this.structures = sources(registry, "structures");
		this.userGroups = sources(registry, "userGroups");
	}

	void answered(Memberships memberships) {
		(memberships.complete() ? this.complete : this.partial).increment();
		sources(memberships.sources());
	}

	void failed(Sources sources) {
		this.failed.increment();
		sources(sources);
	}

	private void sources(Sources sources) {
		increment(this.organizations, sources.organizations().status());
		increment(this.structures, sources.structures().status());
		increment(this.userGroups, sources.userGroups().status());
	}

	private static void increment(Map<State, Counter> counters, State state) {
		// sources(registry, source) registered a counter for every state.
		Objects.requireNonNull(counters.get(state)).increment();
	}

	private static Counter answers(MeterRegistry registry, String completeness) {
		return registry.counter("memberships.answers", "completeness", completeness);
	}

	private static Map<State, Counter> sources(MeterRegistry registry, String source) {
		Map<State, Counter> counters = new EnumMap<>(State.class);
		for (State state : State.values()) {
			counters.put(state, registry.counter("memberships.sources", "source", source, "status", state.name()));
		}
		return counters;
	}

}
