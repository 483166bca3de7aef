package dev.memberships.warmup;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The warm-up's own users and OU: ids under a prefix drawn at random when the process
 * starts, so that no caller can name one and no real user ever has one.
 */
final class WarmUpUsers {

	private final String nonce = UUID.randomUUID().toString();

	private final String prefix = "memberships-warm-up|" + this.nonce + "-";

	String user(int index) {
		return this.prefix + index;
	}

	/** The OU of the warm-up's requests: EnOS batches are per OU, so none mixes in. */
	String organizationId() {
		return "warm-up-" + this.nonce;
	}

	boolean isWarmUpUser(String userId) {
		return userId.startsWith(this.prefix);
	}

	boolean areWarmUpUsers(JsonNode userIds) {
		if (!userIds.isArray() || userIds.isEmpty()) {
			return false;
		}
		for (JsonNode userId : userIds) {
			if (!userId.isString() || !isWarmUpUser(userId.asString())) {
				return false;
			}
		}
		return true;
	}

}
