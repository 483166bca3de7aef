package dev.memberships.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallCharactersTests {

	// StrictHttpFirewall's expressions (Spring Security 7.1), which the loop replaces.
	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void isAllowedShouldAgreeWithTheFirewallsExpressionsOnEveryCharacter() {
		List<String> texts = new ArrayList<>();
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			texts.add(String.valueOf((char) c));
			texts.add("Bearer ey" + (char) c + "J");
		}
		for (int codePoint : new int[] { 0x1F600, 0x10FFFF, 0xE0001, 0x2FFFE, 0x1D400 }) {
			texts.add(new String(Character.toChars(codePoint)));
		}
		texts.add("");
		texts.add("\uD83D");
		texts.add("a\uDE00b");
		texts.add("text/html;\tq=0.9");
		for (String text : texts) {
			assertThat(FirewallCharacters.isAllowedName(text)).as("name %s", text.codePoints().toArray())
				.isEqualTo(NAME.matcher(text).matches());
			assertThat(FirewallCharacters.isAllowedHeaderValue(text)).as("value %s", text.codePoints().toArray())
				.isEqualTo(HEADER_VALUE.matcher(text).matches());
		}
	}

	@Test
	void isAllowedShouldRefuseControlCharactersAndAllowATabOnlyInValues() {
		assertThat(FirewallCharacters.isAllowedHeaderValue("a\tb")).isTrue();
		assertThat(FirewallCharacters.isAllowedName("a\tb")).isFalse();
		assertThat(FirewallCharacters.isAllowedHeaderValue("a\nb")).isFalse();
		assertThat(FirewallCharacters.isAllowedHeaderValue("a\u0085b")).isFalse();
		assertThat(FirewallCharacters.isAllowedHeaderValue("\u0378")).isFalse();
	}

}
