package dev.memberships.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * One stub server standing in for Auth0 and the EnOS gateway (their paths do not
 * overlap), answering every user alike: one organization, not in the OU. Started once for
 * the test run, so that every test class sharing {@link SecuredServiceTestSupport} shares
 * one application context. Silent: it logs nothing, so the log checks see only the
 * service's own lines.
 */
final class SecurityTestUpstreams {

	static final String AUTH0_CLIENT_SECRET = "auth0-client-secret-7f3a9c0d";

	static final String ENOS_APP_SECRET = "enos-app-secret-41bd2e77";

	static final String AUTH0_ACCESS_TOKEN = "upstream-auth0-token-5e1c88aa";

	static final String ENOS_ACCESS_TOKEN = "upstream-enos-token-9a7d4410";

	static final String ORGANIZATIONS_PATH = "/api/v2/users/[^/]+/organizations";

	static final WireMockServer SERVER = start();

	private SecurityTestUpstreams() {
	}

	static void register(DynamicPropertyRegistry registry) {
		registry.add("memberships.auth0.base-url", SERVER::baseUrl);
		registry.add("memberships.auth0.client-id", () -> "security-tests");
		registry.add("memberships.auth0.client-secret", () -> AUTH0_CLIENT_SECRET);
		registry.add("memberships.enos.base-url", SERVER::baseUrl);
		registry.add("memberships.enos.app-key", () -> "security-tests-key");
		registry.add("memberships.enos.app-secret", () -> ENOS_APP_SECRET);
		registry.add("memberships.enos.organization-id", () -> "ou_main");
	}

	private static WireMockServer start() {
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().notifier(new Silent()));
		server.start();
		server.stubFor(post("/oauth/token").willReturn(okJson(
				"{\"access_token\":\"" + AUTH0_ACCESS_TOKEN + "\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		server.stubFor(get(urlPathMatching(ORGANIZATIONS_PATH)).willReturn(okJson("""
				{"start":0,"limit":100,"total":1,"organizations":[
				 {"id":"org_1","name":"acme","display_name":"Acme Inc."}]}""")));
		server.stubFor(post("/apim-token-service/v2.0/token/get")
			.willReturn(okJson("{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\""
					+ ENOS_ACCESS_TOKEN + "\",\"expire\":7200}}")));
		server
			.stubFor(post(urlPathEqualTo("/app-portal-service/v2.2/userStructures/structureList")).willReturn(okJson("""
					{"code":0,"message":"OK","data":{
					 "usersUserStructures":[{"userId":"somebody-else","structureIds":["st_1"]}],
					 "userStructures":[{"id":"st_1","name":"Plant A"}]}}""")));
		server.stubFor(
				post(urlPathEqualTo("/app-portal-service/v2.2/userGroup/getUsersUserGroupList")).willReturn(okJson("""
						{"code":0,"message":"OK","data":{
						 "usersUserGroups":[{"userId":"somebody-else","userGroupIds":["ug_1"]}],
						 "userGroups":[{"id":"ug_1","name":"Operators"}]}}""")));
		return server;
	}

	private static final class Silent implements Notifier {

		@Override
		public void info(String message) {
		}

		@Override
		public void error(String message) {
		}

		@Override
		public void error(String message, Throwable t) {
		}

	}

}
