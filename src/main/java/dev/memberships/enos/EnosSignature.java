package dev.memberships.enos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EnOS API gateway's request signatures: lowercase hex SHA-256 over UTF-8 text.
 */
public final class EnosSignature {

	private EnosSignature() {
	}

	/**
	 * The {@code encryption} field of a token request:
	 * {@code sha256(appKey + timestamp + appSecret)}.
	 */
	public static String forToken(String appKey, long timestamp, String appSecret) {
		return sha256Hex(appKey + timestamp + appSecret);
	}

	/**
	 * The {@code apim-signature} header of an API call:
	 * {@code sha256(accessToken + paramsData + timestamp + appSecret)}, where
	 * {@code paramsData} is the query parameters sorted by name, each as name then value,
	 * followed by the body exactly as sent.
	 */
	public static String forRequest(String accessToken, Map<String, String> queryParams, byte[] body, long timestamp,
			String appSecret) {
		StringBuilder paramsData = new StringBuilder();
		new TreeMap<>(queryParams).forEach((name, value) -> paramsData.append(name).append(value));
		paramsData.append(new String(body, StandardCharsets.UTF_8));
		return sha256Hex(accessToken + paramsData + timestamp + appSecret);
	}

	static String sha256Hex(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
