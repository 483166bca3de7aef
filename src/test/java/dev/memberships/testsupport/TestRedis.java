package dev.memberships.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

	private static volatile String clusterNodes;

	/** Where {@code .ci/run} starts a cluster of three masters when none is there. */
	private static final int[] CI_CLUSTER_PORTS = { 7000, 7001, 7002 };

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

	/**
	 * A Redis Cluster of three masters for the shared level's cluster tests:
	 * {@code REDIS_CLUSTER_NODES} when set, else {@code .ci/run}'s on ports 7000-7002
	 * when they answer, else one started here on free ports for the rest of the test JVM.
	 * @return {@code host:port,host:port,...}, for
	 * {@code spring.data.redis.cluster.nodes}
	 */
	public static synchronized String clusterNodes() {
		if (clusterNodes == null) {
			clusterNodes = findCluster();
		}
		return clusterNodes;
	}

	private static String findCluster() {
		String configured = System.getenv("REDIS_CLUSTER_NODES");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (Arrays.stream(CI_CLUSTER_PORTS).allMatch(TestRedis::answers)) {
			return nodes(CI_CLUSTER_PORTS);
		}
		try {
			int[] ports = { freePort(), freePort(), freePort() };
			Path dir = Files.createTempDirectory("test-redis-cluster");
			List<Process> servers = new ArrayList<>();
			for (int port : ports) {
				servers.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", DEFAULT_HOST,
						"--save", "", "--appendonly", "no", "--cluster-enabled", "yes", "--cluster-config-file",
						"nodes-" + port + ".conf", "--dir", dir.toString())
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectErrorStream(true)
					.start());
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(Process::destroy)));
			for (int port : ports) {
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			Arrays.stream(ports).mapToObj((port) -> DEFAULT_HOST + ":" + port).forEach(create::add);
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			Process created = new ProcessBuilder(create).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectErrorStream(true)
				.start();
			if (!created.waitFor(60, TimeUnit.SECONDS) || created.exitValue() != 0) {
				throw new IllegalStateException("redis-cli --cluster create failed");
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> Arrays.stream(ports).allMatch(TestRedis::clusterOk));
			return nodes(ports);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The cluster tests need redis-server and redis-cli on the PATH", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String nodes(int[] ports) {
		return String.join(",", Arrays.stream(ports).mapToObj((port) -> DEFAULT_HOST + ":" + port).toList());
	}

	private static boolean clusterOk(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(DEFAULT_HOST, port), 200);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("CLUSTER INFO\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] answer = new byte[64];
			int read = socket.getInputStream().read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).contains("cluster_state:ok");
		}
		catch (IOException ex) {
			return false;
		}
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
