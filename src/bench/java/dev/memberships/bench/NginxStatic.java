package dev.memberships.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx serving the answer-sized JSON file, for scale: what a server that only sends bytes
 * spends per answer. Started only where {@code nginx} is installed (Debian's
 * {@code nginx-light}); one worker, no access log, kept-alive connections.
 */
final class NginxStatic implements AutoCloseable {

	private final Process process;

	private final int port;

	private NginxStatic(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** nginx on a free port serving {@code files}, or empty where nginx is not installed. */
	static Optional<NginxStatic> start(Path dir, Path files) throws IOException, InterruptedException {
		Optional<Path> nginx = Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst();
		if (nginx.isEmpty()) {
			return Optional.empty();
		}
		Path home = dir.resolve("nginx");
		Files.createDirectories(home.resolve("tmp"));
		int port = Benchmark.freePort();
		String temp = home.resolve("tmp").toString();
		Files.writeString(home.resolve("nginx.conf"), String.join("\n", "user root;", "worker_processes 1;",
				"error_log " + home.resolve("error.log") + ";", "pid " + home.resolve("nginx.pid") + ";",
				"events { worker_connections 1024; }", "http {", "  access_log off;",
				"  types { application/json json; }", "  keepalive_requests 1000000;",
				"  client_body_temp_path " + temp + "; proxy_temp_path " + temp + "; fastcgi_temp_path " + temp
						+ "; uwsgi_temp_path " + temp + "; scgi_temp_path " + temp + ";",
				"  server { listen 127.0.0.1:" + port + "; root " + files + "; }", "}", ""));
		Process process = new ProcessBuilder(List.of(nginx.get().toString(), "-p", home.toString(), "-c",
				home.resolve("nginx.conf").toString(), "-g", "daemon off;"))
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("nginx.out").toFile())
			.start();
		for (int i = 0; i < 250; i++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return Optional.of(new NginxStatic(process, port));
			}
			catch (IOException ex) {
				if (!process.isAlive()) {
					throw new IllegalStateException("nginx did not start; see " + home.resolve("nginx.out"));
				}
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("nginx did not listen on " + port);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
