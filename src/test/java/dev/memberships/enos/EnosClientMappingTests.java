package dev.memberships.enos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.memberships.enos.EnosAssignments.EnosItem;
import dev.memberships.enos.EnosTestSupport.Endpoint;
import dev.memberships.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What is asked of each endpoint and how its answer is split back per user.
 */
class EnosClientMappingTests {

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final EnosClient client = EnosTestSupport.client(wireMock, new MutableClock(EnosTestSupport.START));

	@BeforeEach
	void stubToken() {
		EnosTestSupport.stubTokens(wireMock, "token-1");
	}

	@Test
	void getUserStructuresShouldSendLocaleAndResolveNamesPerUser() {
		wireMock.stubFor(post(Endpoint.STRUCTURES.path).willReturn(okJson(EnosTestSupport.success("""
				{"usersUserStructures": [
				    {"userId": "u1", "structureIds": ["s1", "s2"], "extra": 1},
				    {"userId": "u2", "structureIds": ["s3"]}],
				 "userStructures": [
				    {"id": "s1", "name": "Plant A", "parentId": "root"},
				    {"id": "s2", "name": "Plant B"}],
				 "newField": {"any": "thing"}}"""))));
		EnosAssignments answer = EnosTestSupport
			.resultOf(this.client.getUserStructures(EnosTestSupport.ORG, List.of("u1", "u2", "u3"), "zh_CN"));
		assertThat(answer.of("u1")).containsExactly(new EnosItem("s1", "Plant A"), new EnosItem("s2", "Plant B"));
		assertThat(answer.of("u2")).containsExactly(new EnosItem("s3", "s3"));
		assertThat(answer.byUser()).doesNotContainKey("u3");
		assertThat(answer.of("u3")).isEmpty();
		wireMock.verify(postRequestedFor(urlEqualTo(Endpoint.STRUCTURES.path)).withRequestBody(
				equalToJson("{\"organizationId\":\"o15\",\"userIds\":[\"u1\",\"u2\",\"u3\"],\"locale\":\"zh_CN\"}")));
	}

	@Test
	void getUserStructuresWithoutLocaleShouldOmitIt() {
		wireMock.stubFor(
				post(Endpoint.STRUCTURES.path).willReturn(okJson(EnosTestSupport.success(Endpoint.STRUCTURES.data))));
		EnosTestSupport.resultOf(this.client.getUserStructures(EnosTestSupport.ORG, List.of("u1"), null));
		byte[] body = wireMock.findAll(postRequestedFor(urlEqualTo(Endpoint.STRUCTURES.path))).get(0).getBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("locale");
		wireMock.verify(postRequestedFor(urlEqualTo(Endpoint.STRUCTURES.path))
			.withRequestBody(equalToJson("{\"organizationId\":\"o15\",\"userIds\":[\"u1\"]}")));
	}

	@Test
	void getUserGroupsShouldResolveNamesPerUser() {
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson("""
				{"code": 0, "message": "OK", "requestId": "r-1", "data": {
				  "usersUserGroups": [
				    {"userId": "u1", "userGroupIds": ["g1", "g2"], "extra": true},
				    {"userId": "u2", "userGroupIds": []}],
				  "userGroups": [
				    {"id": "g1", "name": "Operators", "description": "ops"},
				    {"id": "g2", "name": "Viewers"}]}}""")));
		EnosAssignments answer = EnosTestSupport
			.resultOf(this.client.getUserGroups(EnosTestSupport.ORG, List.of("u1", "u2", "u3")));
		assertThat(answer.of("u1")).containsExactly(new EnosItem("g1", "Operators"), new EnosItem("g2", "Viewers"));
		assertThat(answer.of("u2")).isEmpty();
		assertThat(answer.byUser()).containsOnlyKeys("u1", "u2");
		wireMock.verify(postRequestedFor(urlEqualTo(Endpoint.GROUPS.path))
			.withRequestBody(equalToJson("{\"organizationId\":\"o15\",\"userIds\":[\"u1\",\"u2\",\"u3\"]}")));
	}

	@Test
	void getUserGroupsWhenAnswerHasNoListsShouldAnswerNoAssignments() {
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson(EnosTestSupport.success("{}"))));
		EnosAssignments answer = EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client));
		assertThat(answer.byUser()).isEmpty();
	}

	@Test
	void getUserGroupsWithThousandUsersShouldAskInOneCall() {
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
		List<String> userIds = new ArrayList<>();
		for (int i = 0; i < EnosClient.MAX_USERS_PER_CALL; i++) {
			userIds.add("u" + i);
		}
		EnosTestSupport.resultOf(this.client.getUserGroups(EnosTestSupport.ORG, userIds));
		wireMock.verify(1, postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
	}

	@Test
	void callsWithoutUsersOrTooManyOrBlankShouldBeRefusedBeforeSending() {
		List<String> tooMany = Collections.nCopies(EnosClient.MAX_USERS_PER_CALL + 1, "u");
		List<String> withNull = new ArrayList<>(List.of("u1"));
		withNull.add(null);
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserGroups("o15", List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserGroups("o15", tooMany));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserGroups("o15", null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserGroups("o15", withNull));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserGroups(" ", List.of("u1")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserStructures("o15", tooMany, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.getUserStructures(null, List.of("u1"), null));
		wireMock.verify(0, postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
	}

}
