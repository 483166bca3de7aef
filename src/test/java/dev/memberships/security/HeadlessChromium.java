package dev.memberships.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, for what only a real browser shows (its HTTP cache, its
 * CORS checks). A test calls {@link #assumeInstalled()} first: without the browser it is
 * skipped, saying why; {@code .ci/run} installs it.
 */
final class HeadlessChromium {

	private static final Path BINARY = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
		.map(Path::of)
		.filter(Files::isExecutable)
		.findFirst()
		.orElse(Path.of("chromium"));

	private HeadlessChromium() {
	}

	static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(BINARY),
				"no headless Chromium at /usr/bin/chromium: apt-get install chromium (.ci/run does)");
	}

	/**
	 * Loads the page in a fresh profile (so an empty HTTP cache), lets its scripts run,
	 * fetches included, and answers the DOM they left.
	 * @param url the page
	 * @param profile an empty directory for the browser's profile, its cache and the dump
	 */
	static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
		// --virtual-time-budget: the DOM is dumped once the page's timers and network
		// requests are done (virtual time stands still while a request is pending), not
		// at
		// the load event, when the fetches have only started.
		Path dom = profile.resolve("dom.html");
		Process browser = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=10000",
				"--dump-dom", url))
			.redirectOutput(dom.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!browser.waitFor(90, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Chromium did not finish with " + url);
			}
			return Files.readString(dom, StandardCharsets.UTF_8);
		}
		finally {
			browser.descendants().forEach(ProcessHandle::destroyForcibly);
			browser.destroyForcibly();
		}
	}

}
