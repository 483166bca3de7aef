package dev.memberships.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.membership.evictions.MembershipEvictions;
import dev.memberships.membership.evictions.MembershipEvictions.AllEvicted;
import dev.memberships.orgindex.IndexEvents;
import dev.memberships.testsupport.MutableTicker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link Auth0Events} asks of the evictions for each event: user events evict within
 * a rate and make stale past it, organization events make stale, and an event the shared
 * level did not carry is refused and not remembered.
 */
class Auth0EventsTests {

	private final RecordingEvictions evictions = new RecordingEvictions();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final MutableTicker ticker = new MutableTicker();

	private final Auth0Events events = events(1, 2);

	@Test
	void userEventsPastTheEvictionBurstShouldMarkStaleUntilTheRateRefills() {
		assertThat(this.events.accept(userEvent("evt_1", "auth0|1"))).isEqualTo(Auth0Events.Outcome.EVICTED);
		assertThat(this.events.accept(userEvent("evt_2", "auth0|2"))).isEqualTo(Auth0Events.Outcome.EVICTED);
		assertThat(this.events.accept(userEvent("evt_3", "auth0|3"))).isEqualTo(Auth0Events.Outcome.STALE);
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(this.events.accept(userEvent("evt_4", "auth0|4"))).isEqualTo(Auth0Events.Outcome.EVICTED);
		assertThat(this.evictions.calls).containsExactly("evict auth0|1", "evict auth0|2", "stale auth0|3",
				"evict auth0|4");
		assertThat(count("user.updated", "stale")).isEqualTo(1);
	}

	@Test
	void organizationEventShouldMarkItsMembersStaleWithoutSpendingTheEvictionBudget() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.events.accept(organizationEvent("evt_org_" + i, "org_" + i)))
				.isEqualTo(Auth0Events.Outcome.STALE);
		}
		assertThat(this.evictions.calls).containsExactly("stale members org_0", "stale members org_1",
				"stale members org_2", "stale members org_3", "stale members org_4");
		assertThat(this.events.accept(userEvent("evt_user", "auth0|1"))).isEqualTo(Auth0Events.Outcome.EVICTED);
	}

	@Test
	void eventTheSharedLevelDidNotCarryShouldBeServiceUnavailableAndActedOnWhenDeliveredAgain() {
		this.evictions.everywhere.set(false);
		Auth0Event event = userEvent("evt_redis_down", "auth0|1");
		assertThatExceptionOfType(EventNotAppliedException.class).isThrownBy(() -> this.events.accept(event))
			.satisfies((refused) -> {
				assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(refused.getBody().getType().toString()).isEqualTo("/problems/event-not-applied");
				assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			});
		assertThat(count("user.updated", "failed")).isEqualTo(1);
		this.evictions.everywhere.set(true);
		assertThat(this.events.accept(event)).isEqualTo(Auth0Events.Outcome.EVICTED);
		assertThat(this.events.accept(event)).isEqualTo(Auth0Events.Outcome.DUPLICATE);
		assertThat(this.evictions.calls).containsExactly("evict auth0|1", "evict auth0|1");
	}

	@Test
	void eventWithAnIdOrSourceLongerThanTheLimitShouldBeInvalid() {
		JsonMapper json = JsonMapper.builder().build();
		String longId = "e".repeat(10 * 1024);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> Auth0Event.from(json.readTree("""
				{"id":"%s","type":"user.updated","data":{"object":{"user_id":"auth0|1"}}}""".formatted(longId))))
			.satisfies((invalid) -> assertThat(invalid.getBody().getProperties()).containsEntry("member", "id"));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> Auth0Event.from(json.readTree("""
					{"id":"evt_1","source":"%s","type":"user.updated","data":{"object":{"user_id":"auth0|1"}}}"""
				.formatted("s".repeat(Auth0Event.MAX_ID_LENGTH + 1)))))
			.satisfies((invalid) -> assertThat(invalid.getBody().getProperties()).containsEntry("member", "source"));
		assertThat(Auth0Event.from(json.readTree("""
				{"id":"%s","type":"user.updated","data":{"object":{"user_id":"auth0|1"}}}"""
			.formatted("e".repeat(Auth0Event.MAX_ID_LENGTH)))).id()).hasSize(Auth0Event.MAX_ID_LENGTH);
	}

	@Test
	void deduplicationKeyShouldTellSourceAndIdApartWhereTheirConcatenationsAgree() {
		Auth0Event.Key first = new Auth0Event("c", "ab", "user.updated", null, "auth0|1", null).deduplicationKey();
		Auth0Event.Key second = new Auth0Event("bc", "a", "user.updated", null, "auth0|1", null).deduplicationKey();
		assertThat(first).isNotEqualTo(second)
			.isEqualTo(new Auth0Event("c", "ab", "organization.updated", null, null, "org_1").deduplicationKey());
	}

	private double count(String type, String outcome) {
		return this.meters.counter("memberships.events", "type", type, "outcome", outcome).count();
	}

	private Auth0Events events(double rate, int burst) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", this.meters);
		beans.addBean("ticker", this.ticker);
		Auth0EventsProperties properties = new Auth0EventsProperties(null, DataSize.ofKilobytes(64),
				Duration.ofHours(24), 1000, rate, burst);
		return new Auth0Events(this.evictions, properties, beans.getBeanProvider(MeterRegistry.class),
				beans.getBeanProvider(Clock.class), beans.getBeanProvider(Ticker.class),
				beans.getBeanProvider(IndexEvents.class));
	}

	private static Auth0Event userEvent(String id, String userId) {
		return new Auth0Event(id, "urn:auth0:acme.eu.auth0.com", "user.updated", null, userId, null);
	}

	private static Auth0Event organizationEvent(String id, String organizationId) {
		return new Auth0Event(id, "urn:auth0:acme.eu.auth0.com", "organization.updated", null, null, organizationId);
	}

	/** Records what was asked, and answers whether every instance heard of it. */
	private static final class RecordingEvictions implements MembershipEvictions {

		private final List<String> calls = new ArrayList<>();

		private final AtomicBoolean everywhere = new AtomicBoolean(true);

		@Override
		public void evictUser(String userId) {
			this.calls.add("user " + userId);
		}

		@Override
		public boolean evictOrganizationsOf(String userId) {
			this.calls.add("evict " + userId);
			return this.everywhere.get();
		}

		@Override
		public boolean markOrganizationsStale(String userId) {
			this.calls.add("stale " + userId);
			return this.everywhere.get();
		}

		@Override
		public boolean markOrganizationMembersStale(String organizationId) {
			this.calls.add("stale members " + organizationId);
			return this.everywhere.get();
		}

		@Override
		public AllEvicted evictAll() {
			this.calls.add("all");
			return new AllEvicted(0, true, null);
		}

	}

}
