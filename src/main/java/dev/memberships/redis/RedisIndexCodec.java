package dev.memberships.redis;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.orgindex.IndexChange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the shared organization index is written in Redis, as JSON: one value per swept
 * organization, the last complete sweep, and the changes that travel on the channel. A
 * value that cannot be read is none: it is skipped, and the next sweep writes it again.
 * Times are epoch milliseconds in stored values (they are compared in scripts), ISO
 * instants in changes (an event's time keeps its precision, since the latest one wins).
 */
final class RedisIndexCodec {

	/** The prefix of a change on the channel, apart from evictions and heartbeats. */
	static final String CHANGE = "INDEX:";

	/** The prefix of the notice that a sweep was published. */
	static final String SWEPT = "INDEX-SWEPT:";

	private final JsonMapper json;

	RedisIndexCodec(JsonMapper json) {
		this.json = json;
	}

	String organization(Auth0Organization organization, Set<String> members, Instant readStart) {
		return this.json
			.writeValueAsString(new SweptOrganization(organization, List.copyOf(members), readStart.toEpochMilli()));
	}

	@Nullable SweptOrganization organization(String text) {
		SweptOrganization swept = read(text, SweptOrganization.class);
		return (swept != null && swept.organization() != null && swept.members() != null) ? swept : null;
	}

	String sweep(PublishedSweep sweep) {
		return this.json.writeValueAsString(sweep);
	}

	@Nullable PublishedSweep sweep(String text) {
		return read(text, PublishedSweep.class);
	}

	/** A change as a channel message, naming the pod that sends it. */
	String change(IndexChange change, String pod) {
		return CHANGE + this.json.writeValueAsString(new ChangeMessage(pod, change.type(), change.time().toString(),
				change.userId(), change.organizationId(), change.organization()));
	}

	/** The change a channel message holds, or {@code null} if it holds none. */
	@Nullable ChangeMessage change(String message) {
		if (!message.startsWith(CHANGE)) {
			return null;
		}
		ChangeMessage change = read(message.substring(CHANGE.length()), ChangeMessage.class);
		try {
			return (change != null && change.type() != null && change.pod() != null && change.time() != null
					&& change.change() != null) ? change : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private <T> @Nullable T read(String text, Class<T> type) {
		try {
			return this.json.readValue(text, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * What a sweep read of one organization.
	 *
	 * @param organization as listed
	 * @param members its members' user ids
	 * @param readStart when its first member page was requested, epoch ms
	 */
	record SweptOrganization(Auth0Organization organization, List<String> members, long readStart) {

		Instant readStartInstant() {
			return Instant.ofEpochMilli(this.readStart);
		}

	}

	/**
	 * The last complete sweep, as its pod published it.
	 *
	 * @param sweepStart when it started, epoch ms
	 * @param completedAt when it completed, epoch ms
	 * @param organizations how many organizations it left in Redis (counted there)
	 * @param format the format of the organizations' values
	 */
	record PublishedSweep(long sweepStart, long completedAt, int organizations, int format) {

		static final int FORMAT = 1;

	}

	/**
	 * A change on the channel.
	 *
	 * @param pod the pod that received the event and applied it first
	 * @param time ISO instant
	 */
	record ChangeMessage(String pod, String type, String time, @Nullable String userId, @Nullable String organizationId,
			@Nullable Auth0Organization organization) {

		IndexChange change() {
			return new IndexChange(this.type, Instant.parse(this.time), this.userId, this.organizationId,
					this.organization);
		}

	}

}
