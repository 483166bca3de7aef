package dev.memberships.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.memberships.demo.DemoHttpClient.Answer;
import dev.memberships.enos.EnosSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo EnOS gateway over real HTTP: token encryption, request signatures, the
 * app-portal envelopes and their 31xxx codes, an outage of user groups and what the
 * benchmark counts.
 */
class DemoEnosHandlerTests {

	private static final String STRUCTURES = "userStructures/structureList";

	private static final String GROUPS = "userGroup/getUsersUserGroupList";

	private static DemoUpstreams upstreams;

	private static DemoHttpClient http;

	@BeforeAll
	static void start() {
		upstreams = new DemoUpstreams().start();
		http = new DemoHttpClient(upstreams.baseUrl());
	}

	@AfterAll
	static void stop() {
		http.close();
		upstreams.stop();
	}

	@Test
	void tokenWhenEncryptionMatchesShouldIssueTheSameTokenWhileValid() {
		long now = System.currentTimeMillis();
		String encryption = EnosSignature.forToken(DemoData.APP_KEY, now, DemoData.APP_SECRET);
		Answer answer = http.enosToken("get", DemoData.APP_KEY, now, encryption, null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("status").asInt()).isZero();
		assertThat(answer.body().get("msg").stringValue()).isEqualTo("Success");
		assertThat(answer.body().at("/data/expire").asLong()).isBetween(7100L, 7200L);
		assertThat(http.enosToken()).isEqualTo(answer.body().at("/data/accessToken").stringValue());
	}

	@Test
	void tokenWhenEncryptionIsWrongShouldAnswerNonZeroStatus() {
		long now = System.currentTimeMillis();
		String encryption = EnosSignature.forToken(DemoData.APP_KEY, now, "not-the-secret");
		Answer answer = http.enosToken("get", DemoData.APP_KEY, now, encryption, null);
		assertThat(answer.body().get("status").asInt()).isNotZero();
		assertThat(answer.body().has("data")).isFalse();
	}

	@Test
	void structuresWhenSignedShouldAnswerEnvelopeAndLeaveOutUsersNotInTheOu() {
		Answer answer = http.enosCall(STRUCTURES, http.enosToken(),
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|alice\",\"google-oauth2|outsider\",\"auth0|bob\"]}");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("code").asInt()).isZero();
		assertThat(answer.body().get("message").stringValue()).isEqualTo("OK");
		JsonNode data = answer.body().get("data");
		assertThat(data.get("usersUserStructures").values()).extracting((u) -> u.get("userId").stringValue())
			.containsExactly("auth0|alice", "auth0|bob");
		assertThat(data.at("/usersUserStructures/0/structureIds").values()).extracting(JsonNode::stringValue)
			.containsExactly("str_zurich", "str_tokyo");
		assertThat(data.get("userStructures").values()).extracting((s) -> s.get("name").stringValue())
			.containsExactly("Zurich Plant", "Tokyo Plant", "Malmö Warehouse");
	}

	@Test
	void structuresShouldHonourLocale() {
		String token = http.enosToken();
		assertThat(structureNames(token, "zh_CN")).containsExactly("苏黎世工厂", "东京工厂");
		assertThat(structureNames(token, "de_DE")).containsExactly("Werk Zürich", "Tokyo Plant");
		assertThat(structureNames(token, "en_US")).containsExactly("Zurich Plant", "Tokyo Plant");
	}

	@Test
	void callWhenOneBodyByteIsTamperedShouldAnswer1202() {
		byte[] signed = "{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|alice\"]}"
			.getBytes(StandardCharsets.UTF_8);
		byte[] sent = signed.clone();
		sent[sent.length - 4] = 'X';
		Answer answer = http.enosCall(STRUCTURES, Map.of(), http.enosToken(), signed, sent);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("code").asInt()).isEqualTo(1202);
		assertThat(answer.body().has("data")).isFalse();
	}

	@Test
	void callWhenQueryParametersAreSignedSortedShouldBeAccepted() {
		byte[] body = "{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|bob\"]}".getBytes(StandardCharsets.UTF_8);
		Answer answer = http.enosCall(GROUPS + "?zeta=1&alpha=%C3%A9t%C3%A9", Map.of("zeta", "1", "alpha", "été"),
				http.enosToken(), body, body);
		assertThat(answer.body().get("code").asInt()).isZero();
	}

	@Test
	void callWhenTokenIsUnknownShouldAnswer1203() {
		Answer answer = http.enosCall(GROUPS, "made-up-token",
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|bob\"]}");
		assertThat(answer.body().get("code").asInt()).isEqualTo(1203);
	}

	@Test
	void refreshShouldIssueANewTokenAndRetireTheOldOne() {
		String old = http.enosToken();
		long now = System.currentTimeMillis();
		Answer refreshed = http.enosToken("refresh", DemoData.APP_KEY, now,
				EnosSignature.forToken(DemoData.APP_KEY, now, DemoData.APP_SECRET), old);
		String fresh = refreshed.body().at("/data/accessToken").stringValue();
		assertThat(fresh).isNotEqualTo(old);
		String body = "{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|bob\"]}";
		assertThat(http.enosCall(GROUPS, old, body).body().get("code").asInt()).isEqualTo(1203);
		assertThat(http.enosCall(GROUPS, fresh, body).body().get("code").asInt()).isZero();
	}

	@Test
	void callsWhenOuIsUnknownShouldAnswer31404() {
		String token = http.enosToken();
		String body = "{\"organizationId\":\"ou_other\",\"userIds\":[\"auth0|alice\"]}";
		assertThat(http.enosCall(STRUCTURES, token, body).body().get("code").asInt()).isEqualTo(31404);
		assertThat(http.enosCall(GROUPS, token, body).body().get("code").asInt()).isEqualTo(31404);
	}

	@Test
	void groupsWhenOutsiderIsInTheBatchShouldAnswer31404() {
		Answer answer = http.enosCall(GROUPS, http.enosToken(),
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|alice\",\"google-oauth2|outsider\"]}");
		assertThat(answer.body().get("code").asInt()).isEqualTo(31404);
		assertThat(answer.body().get("message").stringValue()).contains("some users not found in the OU");
	}

	@Test
	void groupsWhenEveryUserIsInTheOuShouldAnswerEnvelope() {
		Answer answer = http.enosCall(GROUPS, http.enosToken(),
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|alice\",\"auth0|bob\"]}");
		JsonNode data = answer.body().get("data");
		assertThat(answer.body().get("code").asInt()).isZero();
		assertThat(data.at("/usersUserGroups/0/userGroupIds").values()).extracting(JsonNode::stringValue)
			.containsExactly("grp_operators", "grp_nuit");
		assertThat(data.get("userGroups").values()).extracting((g) -> g.get("name").stringValue())
			.containsExactly("Operators", "Équipe Nuit — Opérateurs");
	}

	@Test
	void callsWhenUserIdsAreEmptyShouldAnswer31400() {
		Answer answer = http.enosCall(STRUCTURES, http.enosToken(), "{\"organizationId\":\"ou_demo\",\"userIds\":[]}");
		assertThat(answer.body().get("code").asInt()).isEqualTo(31400);
	}

	@Test
	void structuresOfGeneratedUsersShouldAnswerTwoEach() {
		Answer answer = http.enosCall(STRUCTURES, http.enosToken(),
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"bench|1\",\"bench|2\"]}");
		assertThat(answer.body().get("code").asInt()).isZero();
		assertThat(answer.body().at("/data/usersUserStructures").values())
			.allSatisfy((user) -> assertThat(user.get("structureIds").size()).isEqualTo(2));
	}

	@Test
	void groupsWhenDownShouldAnswer503UntilUp() {
		try (DemoUpstreams upstreams = new DemoUpstreams().start();
				DemoHttpClient client = new DemoHttpClient(upstreams.baseUrl())) {
			String token = client.enosToken();
			String body = "{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|bob\"]}";
			upstreams.conditions().groupsDown(true);
			assertThat(client.enosCall(GROUPS, token, body).status()).isEqualTo(503);
			upstreams.conditions().groupsDown(false);
			assertThat(client.enosCall(GROUPS, token, body).body().get("code").asInt()).isZero();
		}
	}

	@Test
	void callsShouldBeCountedWithTheirBatchSizes() {
		try (DemoUpstreams upstreams = new DemoUpstreams().start();
				DemoHttpClient client = new DemoHttpClient(upstreams.baseUrl())) {
			String token = client.enosToken();
			client.enosCall(STRUCTURES, token, "{\"organizationId\":\"ou_demo\",\"userIds\":[\"bench|1\"]}");
			client.enosCall(STRUCTURES, token,
					"{\"organizationId\":\"ou_demo\",\"userIds\":[\"bench|1\",\"bench|2\",\"bench|3\"]}");
			UpstreamTraffic.Counts counts = upstreams.traffic().counts();
			assertThat(counts.calls().get(UpstreamTraffic.ENOS_TOKEN)).isOne();
			assertThat(counts.calls().get(UpstreamTraffic.ENOS_STRUCTURES)).isEqualTo(2);
			assertThat(counts.batchUsers().get(UpstreamTraffic.ENOS_STRUCTURES)).isEqualTo(4);
			assertThat(upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES)).isEqualTo(3);
			assertThat(upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES)).isZero();
		}
	}

	private static List<String> structureNames(String token, String locale) {
		Answer answer = http.enosCall(STRUCTURES, token,
				"{\"organizationId\":\"ou_demo\",\"userIds\":[\"auth0|alice\"],\"locale\":\"" + locale + "\"}");
		return answer.body()
			.at("/data/userStructures")
			.values()
			.stream()
			.map((s) -> s.get("name").stringValue())
			.toList();
	}

}
