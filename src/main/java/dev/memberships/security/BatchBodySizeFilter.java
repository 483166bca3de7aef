package dev.memberships.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.memberships.web.ProblemResponses;
import dev.memberships.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST /memberships/batch} takes at most a configured number of bytes; a larger
 * body is answered {@code 413} problem+json of type {@code /problems/content-too-large}
 * before anything parses it.
 * <p>
 * A declared {@code Content-Length} over the limit is refused without reading the body. A
 * body without one (chunked) is read up to one byte past the limit, and then either
 * refused or handed on from memory, so no body larger than the limit is ever held.
 */
final class BatchBodySizeFilter extends OncePerRequestFilter {

	static final String PATH = "/memberships/batch";

	private final String path;

	private final RequestMatcher batch;

	private final int maxBytes;

	private final ProblemResponses problems;

	BatchBodySizeFilter(long maxBytes, ProblemResponses problems) {
		this(PATH, maxBytes, problems);
	}

	/** The same limit for another {@code POST} path (the Auth0 events webhook). */
	BatchBodySizeFilter(String path, long maxBytes, ProblemResponses problems) {
		this.path = path;
		this.batch = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
		this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.batch.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			tooLarge(response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			tooLarge(response);
			return;
		}
		chain.doFilter(new ReadBodyRequest(request, body), response);
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		this.problems.write(response,
				ProblemType.CONTENT_TOO_LARGE.problem(
						"The body of POST " + this.path + " must be at most " + this.maxBytes + " bytes",
						Map.of("maxBodySize", this.maxBytes)));
	}

	private static Charset charset(@Nullable String encoding) {
		try {
			return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	/** The request with its body already read into memory. */
	private static final class ReadBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					// The body was read ahead into memory; the Servlet contract refuses a
					// listener then.
					throw new IllegalStateException("The body was already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
		}

	}

}
