package dev.memberships.security;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.memberships.testsupport.StubUpstreams;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * What the shared {@link StubUpstreams} answer in the security tests: every user alike,
 * one organization, not in the OU.
 */
final class SecurityTestUpstreams {

	static final String AUTH0_CLIENT_SECRET = StubUpstreams.AUTH0_CLIENT_SECRET;

	static final String ENOS_APP_SECRET = StubUpstreams.ENOS_APP_SECRET;

	static final String AUTH0_ACCESS_TOKEN = "upstream-auth0-token-5e1c88aa";

	static final String ENOS_ACCESS_TOKEN = "upstream-enos-token-9a7d4410";

	static final String ORGANIZATIONS_PATH = "/api/v2/users/[^/]+/organizations";

	private SecurityTestUpstreams() {
	}

	/** Every request either stub received since the test began, Auth0's first. */
	static List<ServeEvent> serveEvents() {
		List<ServeEvent> events = new ArrayList<>(StubUpstreams.auth0().getAllServeEvents());
		events.addAll(StubUpstreams.enos().getAllServeEvents());
		return events;
	}

	/**
	 * The answers every security test relies on; the stubs forget them after each test.
	 */
	static void stub() {
		WireMockServer auth0 = StubUpstreams.auth0();
		WireMockServer enos = StubUpstreams.enos();
		auth0.stubFor(post("/oauth/token").willReturn(okJson(
				"{\"access_token\":\"" + AUTH0_ACCESS_TOKEN + "\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		auth0.stubFor(get(urlPathMatching(ORGANIZATIONS_PATH)).willReturn(okJson("""
				{"start":0,"limit":100,"total":1,"organizations":[
				 {"id":"org_1","name":"acme","display_name":"Acme Inc."}]}""")));
		enos.stubFor(post("/apim-token-service/v2.0/token/get")
			.willReturn(okJson("{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\""
					+ ENOS_ACCESS_TOKEN + "\",\"expire\":7200}}")));
		enos.stubFor(post(urlPathEqualTo("/app-portal-service/v2.2/userStructures/structureList")).willReturn(okJson("""
				{"code":0,"message":"OK","data":{
				 "usersUserStructures":[{"userId":"somebody-else","structureIds":["st_1"]}],
				 "userStructures":[{"id":"st_1","name":"Plant A"}]}}""")));
		enos.stubFor(
				post(urlPathEqualTo("/app-portal-service/v2.2/userGroup/getUsersUserGroupList")).willReturn(okJson("""
						{"code":0,"message":"OK","data":{
						 "usersUserGroups":[{"userId":"somebody-else","userGroupIds":["ug_1"]}],
						 "userGroups":[{"id":"ug_1","name":"Operators"}]}}""")));
	}

}
