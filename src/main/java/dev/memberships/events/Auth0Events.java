package dev.memberships.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.membership.evictions.MembershipEvictions;
import dev.memberships.orgindex.IndexEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Acts on Auth0 change events, once per event id: a user event evicts that user's Auth0
 * organizations (past {@link EvictionBudget}'s rate it makes them stale instead); an
 * organization event makes its cached members' organizations stale, so that each is asked
 * again at its next read and still served stale if Auth0 fails. Delivery is at least once
 * and unordered; either is the same whatever came before it, so order does not matter,
 * and the next answer asks Auth0 for the state as it is then. An event the other
 * instances may not have heard of (Redis did not answer) is refused, so that Auth0
 * delivers it again.
 * <p>
 * Metrics: {@code memberships.events} (tags {@code type}, {@code outcome}) and
 * {@code memberships.events.age}, the time from the change to its arrival.
 */
@Component
@ConditionalOnProperty(Auth0EventsProperties.TOKEN)
class Auth0Events {

	static final String OTHER_TYPE = "other";

	private final MembershipEvictions evictions;

	/** Event ids seen lately: a redelivery within the window is dropped. */
	private final Cache<Auth0Event.Key, Boolean> seen;

	private final EvictionBudget budget;

	private final MeterRegistry meters;

	private final Clock clock;

	/** The organization index, when on: changed in place before the eviction. */
	private final ObjectProvider<IndexEvents> index;

	Auth0Events(MembershipEvictions evictions, Auth0EventsProperties properties, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<Clock> clock, ObjectProvider<Ticker> ticker, ObjectProvider<IndexEvents> index) {
		this.evictions = evictions;
		Ticker time = ticker.getIfAvailable(Ticker::systemTicker);
		this.budget = new EvictionBudget(properties.evictionRate(), properties.evictionBurst(), time);
		this.index = index;
		this.seen = Caffeine.newBuilder()
			.ticker(time)
			.expireAfterWrite(properties.duplicateWindow())
			.maximumSize(properties.duplicateIds())
			.build();
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Evicts what the event changed, unless it was seen before or its type changes
	 * nothing here.
	 * @throws InvalidEventException when the event lacks the id its type needs; then
	 * nothing is evicted or remembered
	 */
	Outcome accept(Auth0Event event) {
		Auth0EventType type = Auth0EventType.of(event.type());
		if (type == null) {
			return count(OTHER_TYPE, Outcome.IGNORED);
		}
		String target = (type.target() == Auth0EventType.Target.USER) ? event.userId() : event.organizationId();
		if (target == null) {
			count(type.typeName(), Outcome.REJECTED);
			throw new InvalidEventException("Events of type " + type.typeName() + " need "
					+ ((type.target() == Auth0EventType.Target.USER) ? "the user's id" : "the organization's id"),
					"data.object");
		}
		Auth0Event.Key key = event.deduplicationKey();
		if (this.seen.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
			return count(type.typeName(), Outcome.DUPLICATE);
		}
		Outcome outcome;
		boolean everywhere;
		try {
			this.index.ifAvailable(
					(index) -> index.apply(type.typeName(), event.time(), event.userId(), event.organizationId()));
			if (type.target() == Auth0EventType.Target.ORGANIZATION) {
				outcome = Outcome.STALE;
				everywhere = this.evictions.markOrganizationMembersStale(target);
			}
			else if (this.budget.tryTake()) {
				outcome = Outcome.EVICTED;
				everywhere = this.evictions.evictOrganizationsOf(target);
			}
			else {
				outcome = Outcome.STALE;
				everywhere = this.evictions.markOrganizationsStale(target);
			}
		}
		catch (RuntimeException ex) {
			// Not done: let Auth0's redelivery try again.
			this.seen.invalidate(key);
			count(type.typeName(), Outcome.FAILED);
			throw ex;
		}
		if (!everywhere) {
			this.seen.invalidate(key);
			count(type.typeName(), Outcome.FAILED);
			throw new EventNotAppliedException();
		}
		// Once per event: how long answers could have been stale before this one.
		recordAge(type, event);
		return count(type.typeName(), outcome);
	}

	/** A body that was not an event at all. */
	void rejected() {
		count(OTHER_TYPE, Outcome.REJECTED);
	}

	private void recordAge(Auth0EventType type, Auth0Event event) {
		if (event.time() != null) {
			Duration age = Duration.between(event.time(), this.clock.instant());
			Timer.builder("memberships.events.age")
				.description("Time from an Auth0 change to the arrival of its event")
				.tag("type", type.typeName())
				.publishPercentileHistogram()
				.maximumExpectedValue(Duration.ofMinutes(10))
				.register(this.meters)
				.record(age.isNegative() ? Duration.ZERO : age);
		}
	}

	private Outcome count(String type, Outcome outcome) {
		Counter.builder("memberships.events")
			.description("Auth0 change events received, by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome.tag())
			.register(this.meters)
			.increment();
		return outcome;
	}

	/** What became of an event. */
	enum Outcome {

		/** A user's organizations forgotten. */
		EVICTED,

		/**
		 * Organizations made stale: asked again at the next read, served stale meanwhile
		 * if need be.
		 */
		STALE,

		DUPLICATE, IGNORED, REJECTED,

		/** Applied on this instance only: answered 503, for Auth0 to deliver again. */
		FAILED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
