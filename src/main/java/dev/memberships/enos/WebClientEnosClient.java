package dev.memberships.enos;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.memberships.upstream.UpstreamResilience;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import dev.memberships.upstream.UpstreamWebClients;
import dev.memberships.upstream.Upstreams;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link EnosClient} over the EnOS API gateway. Arguments are checked before anything is
 * sent: a blank organization or a batch outside 1 to {@value #MAX_USERS_PER_CALL} users
 * is a programming error, thrown as an {@link IllegalArgumentException} at once.
 */
final class WebClientEnosClient implements EnosClient {

	static final String STRUCTURES = Upstreams.ENOS_STRUCTURES;

	static final String GROUPS = Upstreams.ENOS_GROUPS;

	static final String STRUCTURE_LIST_PATH = "/app-portal-service/v2.2/userStructures/structureList";

	static final String USER_GROUP_LIST_PATH = "/app-portal-service/v2.2/userGroup/getUsersUserGroupList";

	private final EnosGateway gateway;

	private final EnosTokens tokens;

	private final EnosGateway.Upstream structures;

	private final EnosGateway.Upstream groups;

	WebClientEnosClient(WebClient.Builder webClientBuilder, EnosProperties properties, JsonMapper jsonMapper,
			Clock clock, UpstreamResilienceRegistry resilience) {
		// One client for token and API calls: one connection pool, one body size limit;
		// each upstream on the gateway has its own copy with its own rate-limit filter.
		WebClient webClient = UpstreamWebClients.create(webClientBuilder, properties.baseUrl(),
				properties.connectTimeout(), properties.maxBodySize());
		UpstreamResilience tokenResilience = resilience.get(EnosTokens.UPSTREAM);
		EnosTokens tokens = new EnosTokens(UpstreamWebClients.forUpstream(webClient, tokenResilience), jsonMapper,
				properties, clock, tokenResilience);
		this.tokens = tokens;
		this.gateway = new EnosGateway(jsonMapper, tokens, properties.appSecret(), clock);
		this.structures = upstream(webClient, resilience.get(STRUCTURES));
		this.groups = upstream(webClient, resilience.get(GROUPS));
	}

	private static EnosGateway.Upstream upstream(WebClient webClient, UpstreamResilience resilience) {
		return new EnosGateway.Upstream(resilience.name(), UpstreamWebClients.forUpstream(webClient, resilience),
				resilience);
	}

	@Override
	public Mono<Void> fetchToken() {
		return this.tokens.get().then();
	}

	@Override
	public Mono<EnosAssignments> getUserStructures(String organizationId, List<String> userIds,
			@Nullable String locale) {
		checkArguments(organizationId, userIds);
		StructureListRequest request = new StructureListRequest(organizationId, List.copyOf(userIds), locale);
		return this.gateway.post(this.structures, STRUCTURE_LIST_PATH, request, EnosData.Structures.class)
			.map(EnosData.Structures::toAssignments);
	}

	@Override
	public Mono<EnosAssignments> getUserGroups(String organizationId, List<String> userIds) {
		checkArguments(organizationId, userIds);
		UserGroupListRequest request = new UserGroupListRequest(organizationId, List.copyOf(userIds));
		return this.gateway.post(this.groups, USER_GROUP_LIST_PATH, request, EnosData.Groups.class)
			.map(EnosData.Groups::toAssignments);
	}

	private static void checkArguments(String organizationId, List<String> userIds) {
		if (organizationId == null || organizationId.isBlank()) {
			throw new IllegalArgumentException("organizationId must not be blank");
		}
		if (userIds == null || userIds.isEmpty() || userIds.size() > MAX_USERS_PER_CALL) {
			throw new IllegalArgumentException("Between 1 and " + MAX_USERS_PER_CALL + " user ids per call, got "
					+ ((userIds != null) ? userIds.size() : 0));
		}
		if (userIds.stream().anyMatch((userId) -> userId == null || userId.isBlank())) {
			throw new IllegalArgumentException("User ids must not be blank");
		}
	}

	/**
	 * The structureList request body.
	 *
	 * @param locale omitted when {@code null}: EnOS then answers in {@code en_US}
	 */
	record StructureListRequest(String organizationId, List<String> userIds,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String locale) {

	}

	record UserGroupListRequest(String organizationId, List<String> userIds) {

	}

}
