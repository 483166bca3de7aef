package dev.memberships.testsupport;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit.Stubbing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Stubs of the three upstreams speaking their real protocols, for one user
 * {@code auth0|42} in OU {@code ou_main} unless a test says otherwise, on the shared
 * {@link dev.memberships.testsupport.StubUpstreams}.
 */
public final class UpstreamStubs {

	public static final String STRUCTURES_PATH = "/app-portal-service/v2.2/userStructures/structureList";

	public static final String GROUPS_PATH = "/app-portal-service/v2.2/userGroup/getUsersUserGroupList";

	public static final String ORGANIZATIONS_PATH = "/api/v2/users/[^/]+/organizations";

	private UpstreamStubs() {
	}

	public static void tokens(Stubbing auth0, Stubbing enos) {
		auth0.stubFor(post("/oauth/token")
			.willReturn(okJson("{\"access_token\":\"auth0-token\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		enos.stubFor(post("/apim-token-service/v2.0/token/get").willReturn(okJson(
				"{\"status\":0,\"msg\":\"Success\",\"business\":\"0\",\"data\":{\"accessToken\":\"enos-token\",\"expire\":7200}}")));
	}

	public static MappingBuilder organizations() {
		return get(urlPathMatching(ORGANIZATIONS_PATH));
	}

	public static MappingBuilder structures() {
		return post(urlPathEqualTo(STRUCTURES_PATH));
	}

	public static MappingBuilder groups() {
		return post(urlPathEqualTo(GROUPS_PATH));
	}

	public static ResponseDefinitionBuilder organizationsOk() {
		return okJson("""
				{"start":0,"limit":100,"total":1,"organizations":[
				 {"id":"org_1","name":"acme","display_name":"Acme Inc.","metadata":{"tier":"gold"},
				  "branding":{"logo_url":"https://x/logo.png"},"brand_new_field":true}]}""");
	}

	public static ResponseDefinitionBuilder structuresOk(String userId) {
		return okJson("""
				{"code":0,"message":"OK","data":{
				 "usersUserStructures":[{"userId":"%s","structureIds":["st_1"]}],
				 "userStructures":[{"id":"st_1","name":"Plant A"}]}}""".formatted(userId));
	}

	public static ResponseDefinitionBuilder groupsOk(String userId) {
		return okJson("""
				{"code":0,"message":"OK","data":{
				 "usersUserGroups":[{"userId":"%s","userGroupIds":["ug_1"]}],
				 "userGroups":[{"id":"ug_1","name":"Operators"}]}}""".formatted(userId));
	}

	public static ResponseDefinitionBuilder enosCode(int code) {
		return okJson("{\"code\":%d,\"message\":\"error\",\"data\":null}".formatted(code));
	}

	public static void allOk(Stubbing auth0, Stubbing enos, String userId) {
		auth0.stubFor(organizations().willReturn(organizationsOk()));
		enos.stubFor(structures().willReturn(structuresOk(userId)));
		enos.stubFor(groups().willReturn(groupsOk(userId)));
	}

}
