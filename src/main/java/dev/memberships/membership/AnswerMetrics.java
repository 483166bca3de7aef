package dev.memberships.membership;

import dev.memberships.membership.Memberships.Sources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts answers by completeness and sources by status, so an on-call engineer sees how
 * often callers get less than everything. Tags are bounded: never a user id.
 */
@Component
class AnswerMetrics {

	private final MeterRegistry registry;

	AnswerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void answered(Memberships memberships) {
		this.registry.counter("memberships.answers", "completeness", memberships.complete() ? "complete" : "partial")
			.increment();
		sources(memberships.sources());
	}

	void failed(Sources sources) {
		this.registry.counter("memberships.answers", "completeness", "failed").increment();
		sources(sources);
	}

	private void sources(Sources sources) {
		source("organizations", sources.organizations());
		source("structures", sources.structures());
		source("userGroups", sources.userGroups());
	}

	private void source(String source, SourceStatus status) {
		this.registry.counter("memberships.sources", "source", source, "status", status.status().name()).increment();
	}

}
