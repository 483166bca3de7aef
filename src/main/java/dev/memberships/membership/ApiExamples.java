package dev.memberships.membership;

/** Example answers shown in the API description. */
final class ApiExamples {

	static final String COMPLETE = """
			{"userId":"auth0|42","organizationId":"ou_main",
			 "organizations":[{"id":"org_1","name":"acme","displayName":"Acme Inc.","metadata":{"tier":"gold"}}],
			 "structures":[{"id":"st_1","name":"Plant A"}],
			 "userGroups":[{"id":"ug_1","name":"Operators"}],
			 "sources":{"organizations":{"status":"OK"},"structures":{"status":"OK"},"userGroups":{"status":"OK"}},
			 "complete":true}""";

	static final String PARTIAL = """
			{"userId":"auth0|42","organizationId":"ou_main",
			 "organizations":[{"id":"org_1","name":"acme","displayName":"Acme Inc.","metadata":{"tier":"gold"}}],
			 "structures":[{"id":"st_1","name":"Plant A"}],
			 "userGroups":[],
			 "sources":{"organizations":{"status":"OK"},"structures":{"status":"OK"},
			            "userGroups":{"status":"UNAVAILABLE","reason":"timeout"}},
			 "complete":false}""";

	static final String INVALID_PARAMETER = """
			{"type":"/problems/invalid-parameter","title":"Invalid parameter","status":400,
			 "detail":"'locale' must be one of en_US, zh_CN, es_ES, ja_JP, de_DE, pl_PL",
			 "instance":"/users/auth0%7C42/memberships","parameter":"locale"}""";

	static final String USER_NOT_FOUND = """
			{"type":"/problems/user-not-found","title":"User not found","status":404,"detail":"No such user.",
			 "instance":"/users/auth0%7Cnobody/memberships"}""";

	static final String ORGANIZATION_NOT_FOUND = """
			{"type":"/problems/organization-not-found","title":"Organization not found","status":404,
			 "detail":"No such organization unit.","instance":"/users/auth0%7C42/memberships"}""";

	static final String UNAVAILABLE = """
			{"type":"/problems/sources-unavailable","title":"Sources unavailable","status":503,
			 "detail":"No source could be reached; try again later.",
			 "sources":{"organizations":{"status":"UNAVAILABLE","reason":"rate_limited"},
			            "structures":{"status":"UNAVAILABLE","reason":"timeout"},
			            "userGroups":{"status":"UNAVAILABLE","reason":"upstream_error"}}}""";

	private ApiExamples() {
	}

}
