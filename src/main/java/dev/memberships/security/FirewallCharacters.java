package dev.memberships.security;

/**
 * The characters {@code StrictHttpFirewall} allows in header names and values and in
 * parameter names, checked without its regular expressions: the same rules,
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (and a tab in header values), but a loop.
 * Run on every header read, the expressions were the top frame of a cached answer's JFR
 * profile, a bearer token being some 800 characters read several times per request.
 */
final class FirewallCharacters {

	private FirewallCharacters() {
	}

	/** A header or parameter name: assigned characters, no control characters. */
	static boolean isAllowedName(String name) {
		return isAllowed(name, false);
	}

	/** A header value: assigned characters, no control characters but the tab. */
	static boolean isAllowedHeaderValue(String value) {
		return isAllowed(value, true);
	}

	private static boolean isAllowed(String text, boolean tab) {
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
