package dev.memberships.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.memberships.demo.DemoHttpClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo Auth0's lists over real HTTP, as the organization index reads them: checkpoint
 * paging of organizations and members, one organization, the bearer check, offset
 * paging's limit, changes to the tenant while it runs, and the shared rate limit and
 * counting.
 */
class DemoAuth0DirectoryTests {

	private static DemoUpstreams upstreams;

	private static DemoHttpClient http;

	private static String token;

	@BeforeAll
	static void start() {
		upstreams = new DemoUpstreams().start();
		http = new DemoHttpClient(upstreams.baseUrl());
		token = http.auth0Token();
	}

	@AfterAll
	static void stop() {
		http.close();
		upstreams.stop();
	}

	@Test
	void organizationsWhenCheckpointPagedShouldListEveryOrganizationOnceAndEndWithoutNext() {
		List<String> ids = new ArrayList<>();
		String from = null;
		int pages = 0;
		do {
			Answer answer = http.get("/auth0/api/v2/organizations?take=50" + ((from != null) ? "&from=" + from : ""),
					token);
			assertThat(answer.status()).isEqualTo(200);
			answer.body().get("organizations").values().forEach((org) -> ids.add(org.get("id").stringValue()));
			from = answer.body().has("next") ? answer.body().get("next").stringValue() : null;
			pages++;
		}
		while (from != null);
		assertThat(ids).doesNotHaveDuplicates()
			.contains("org_zurich", "org_tokyo", "org_nuit", "org_malmo", "org_partner", "org_many_001", "org_many_150")
			.isSorted();
		assertThat(pages).isEqualTo((ids.size() + 49) / 50);
	}

	@Test
	void organizationShouldAnswerItsFieldsAndUnknownShouldAnswer404() {
		Answer zurich = http.get("/auth0/api/v2/organizations/org_zurich", token);
		assertThat(zurich.status()).isEqualTo(200);
		assertThat(zurich.body().get("display_name").stringValue()).isEqualTo("Zürich Werk");
		assertThat(zurich.body().at("/metadata/site").stringValue()).isEqualTo("ZRH");
		Answer unknown = http.get("/auth0/api/v2/organizations/org_nope", token);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body().get("errorCode").stringValue()).isEqualTo("inexistent_organization");
	}

	@Test
	void membersWhenOnlyUserIdAskedShouldAnswerIdsAlone() {
		Answer answer = http
			.get("/auth0/api/v2/organizations/org_zurich/members?fields=user_id&include_fields=true&take=50", token);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().has("next")).isFalse();
		assertThat(answer.body().get("members").values()).extracting((member) -> member.get("user_id").stringValue())
			.containsExactly("auth0|alice", "auth0|bob");
		assertThat(answer.body().at("/members/0").propertyNames()).containsExactly("user_id");
	}

	@Test
	void membersWithoutFieldsShouldAnswerAuth0sMemberShape() {
		Answer answer = http.get("/auth0/api/v2/organizations/org_partner/members?take=10", token);
		assertThat(answer.body().at("/members/0").propertyNames()).containsExactly("user_id", "email", "picture",
				"name");
	}

	@Test
	void membersWhenSeveralPagesShouldFollowNextToTheEnd() {
		upstreams.tenant().addOrganization("org_paged");
		for (int i = 1; i <= 7; i++) {
			upstreams.tenant().addMember("org_paged", "bench|paged-" + i);
		}
		List<String> ids = new ArrayList<>();
		String from = null;
		int pages = 0;
		do {
			Answer answer = http.get("/auth0/api/v2/organizations/org_paged/members?fields=user_id&take=3"
					+ ((from != null) ? "&from=" + from : ""), token);
			answer.body().get("members").values().forEach((member) -> ids.add(member.get("user_id").stringValue()));
			from = answer.body().has("next") ? answer.body().get("next").stringValue() : null;
			pages++;
		}
		while (from != null);
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(7).doesNotHaveDuplicates();
	}

	@Test
	void membersWhenUnknownOrganizationShouldAnswer404() {
		Answer answer = http.get("/auth0/api/v2/organizations/org_nope/members?take=50", token);
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body().get("statusCode").asInt()).isEqualTo(404);
	}

	@Test
	void tenantWhenMemberAddedAndRemovedAtRunTimeShouldChangeListsAndPerUserAnswers() {
		upstreams.tenant().addOrganization("org_changing");
		upstreams.tenant().addMember("org_changing", "bench|mover");
		assertThat(memberIds("org_changing")).containsExactly("bench|mover");
		assertThat(organizationIdsOf("bench%7Cmover")).containsExactly("org_changing");
		upstreams.tenant().removeMember("org_changing", "bench|mover");
		assertThat(memberIds("org_changing")).isEmpty();
		// Still known to the tenant: no organizations, not 404.
		assertThat(organizationIdsOf("bench%7Cmover")).isEmpty();
	}

	@Test
	void listsWithoutBearerTokenShouldAnswer401() {
		assertThat(http.get("/auth0/api/v2/organizations?take=50", null).status()).isEqualTo(401);
		assertThat(http.get("/auth0/api/v2/organizations/org_zurich/members?take=50", "made-up").status())
			.isEqualTo(401);
		assertThat(http.get("/auth0/api/v2/organizations/org_zurich", "made-up").status()).isEqualTo(401);
	}

	@Test
	void listsWhenTakeOver100OrCheckpointInvalidShouldAnswer400() {
		Answer take = http.get("/auth0/api/v2/organizations?take=101", token);
		assertThat(take.status()).isEqualTo(400);
		assertThat(take.body().get("errorCode").stringValue()).isEqualTo("invalid_query_string");
		assertThat(http.get("/auth0/api/v2/organizations?take=5&from=%25%25", token).status()).isEqualTo(400);
	}

	@Test
	void organizationsWhenOffsetPagedPastThousandRecordsShouldAnswer400InvalidPaging() {
		Answer first = http.get("/auth0/api/v2/organizations?page=0&per_page=100&include_totals=true", token);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().get("organizations").size()).isEqualTo(100);
		Answer past = http.get("/auth0/api/v2/organizations?page=10&per_page=100", token);
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.body().get("errorCode").stringValue()).isEqualTo("invalid_paging");
	}

	@Test
	void listsShouldShareTheRateLimitWithPerUserCallsAndBeCountedApart() {
		try (DemoUpstreams limited = new DemoUpstreams().start();
				DemoHttpClient client = new DemoHttpClient(limited.baseUrl())) {
			limited.conditions().auth0RateLimit(0.001, 2);
			String token = client.auth0Token();
			assertThat(client.get("/auth0/api/v2/organizations?take=50", token).status()).isEqualTo(200);
			assertThat(client.get("/auth0/api/v2/users/auth0%7Calice/organizations", token).status()).isEqualTo(200);
			Answer refused = client.get("/auth0/api/v2/organizations/org_zurich/members?take=50", token);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.response().headers().firstValueAsLong("X-RateLimit-Remaining")).hasValue(0);
			assertThat(client.get("/auth0/api/v2/organizations/org_zurich", token).status()).isEqualTo(429);
			UpstreamTraffic.Counts counts = limited.traffic().counts();
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_ORGANIZATION_LIST)).isOne();
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_ORGS)).isOne();
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_MEMBERS)).isOne();
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_ORGANIZATION)).isOne();
			assertThat(counts.tooManyRequests()).isEqualTo(2);
			assertThat(limited.traffic().perUserCalls(Set.of("auth0|alice", "auth0|bob"))).isOne();
		}
	}

	private static List<String> memberIds(String organizationId) {
		JsonNode body = http
			.get("/auth0/api/v2/organizations/" + organizationId + "/members?fields=user_id&take=50", token)
			.body();
		return body.get("members").values().stream().map((member) -> member.get("user_id").stringValue()).toList();
	}

	private static List<String> organizationIdsOf(String encodedUserId) {
		Answer answer = http.get("/auth0/api/v2/users/" + encodedUserId + "/organizations", token);
		assertThat(answer.status()).isEqualTo(200);
		return answer.body().values().stream().map((org) -> org.get("id").stringValue()).toList();
	}

}
