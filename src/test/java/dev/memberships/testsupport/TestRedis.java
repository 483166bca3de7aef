package dev.memberships.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * The Redis the tests of the shared level run against: {@code REDIS_URL} when set, else
 * the machine's own at {@code 127.0.0.1:6379} when one answers there (as {@code .ci/run}
 * makes sure), else a {@code redis-server} (Debian's package) started here on a free port
 * for the rest of the test JVM, so that {@code ./mvnw verify} needs no Redis running
 * beforehand.
 */
public final class TestRedis {

	private static final String DEFAULT_HOST = "127.0.0.1";

	private static final int DEFAULT_PORT = 6379;

	private static volatile String url;

	private TestRedis() {
	}

	/**
	 * The URL of the test Redis, starting one on the first call when none is there.
	 * @return a {@code redis://} URL
	 */
	public static synchronized String url() {
		if (url == null) {
			url = find();
		}
		return url;
	}

	/**
	 * Starts a {@code redis-server} of the caller's own on the given port: no
	 * persistence, loopback only; the caller stops it.
	 * @param port the port
	 * @return the process, once it accepts connections
	 * @throws IOException when {@code redis-server} cannot be started
	 */
	public static Process start(int port) throws IOException {
		Process server;
		try {
			server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", DEFAULT_HOST,
					"--save", "", "--appendonly", "no")
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			throw new IOException("The shared-level tests need a Redis: set REDIS_URL, run one at 127.0.0.1:6379, "
					+ "or install redis-server (Debian: apt-get install redis-server)", ex);
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
		return server;
	}

	/** A free port on loopback, for a server of a test's own. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String find() {
		String configured = System.getenv("REDIS_URL");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (answers(DEFAULT_PORT)) {
			return "redis://" + DEFAULT_HOST + ":" + DEFAULT_PORT;
		}
		try {
			int port = freePort();
			Process server = start(port);
			Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
			return "redis://" + DEFAULT_HOST + ":" + port;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(DEFAULT_HOST, port), 200);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			return "+PONG".equals(new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
