package dev.memberships.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error answers, for requests it refuses before any filter sees them (a
 * {@code %00} or an encoded backslash in the path, a request line or header over the
 * limit): problem+json like every other error, instead of Tomcat's HTML page with its
 * version in the footer. A {@code 400} is of type {@code /problems/rejected-request},
 * like the firewall's refusals; any other status is {@code about:blank}.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final ProblemResponses problems;

	ProblemErrorReportValve(ProblemResponses problems) {
		this.problems = problems;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("Cache-Control", "no-store");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			// Tomcat's reporter, not ProblemResponses.write: it works even when the
			// application already took the response's stream or writer.
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.problems.json(problem(status)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot be written: nothing to report to.
		}
	}

	static ProblemDetail problem(int status) {
		return (status == HttpStatus.BAD_REQUEST.value()) ? ProblemType.rejectedRequest()
				: ProblemType.ofStatus(status);
	}

}
