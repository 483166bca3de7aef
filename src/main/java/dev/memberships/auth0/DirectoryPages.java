package dev.memberships.auth0;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The checkpoint-paginated answers of {@code GET /api/v2/organizations} and {@code GET
 * /api/v2/organizations/{id}/members}. The list is required: an answer without it is
 * refused as a bad response rather than read as an empty page.
 */
final class DirectoryPages {

	private DirectoryPages() {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Organizations(List<Auth0Organization> organizations, @Nullable String next) {

		Organizations {
			if (organizations == null) {
				throw new IllegalArgumentException("organizations is missing");
			}
		}

		OrganizationDirectory.Page<Auth0Organization> page() {
			return new OrganizationDirectory.Page<>(this.organizations, this.next);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Members(List<Member> members, @Nullable String next) {

		Members {
			if (members == null) {
				throw new IllegalArgumentException("members is missing");
			}
		}

		OrganizationDirectory.Page<String> page() {
			return new OrganizationDirectory.Page<>(this.members.stream().map(Member::userId).toList(), this.next);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Member(@JsonProperty("user_id") String userId) {

		Member {
			if (userId == null || userId.isBlank()) {
				throw new IllegalArgumentException("user_id is missing");
			}
		}

	}

}
