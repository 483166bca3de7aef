package dev.memberships.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@link OverloadProperties#maxConcurrentRequests()} API requests in progress at
 * once; one more is answered at once with {@code 503} problem+json of type
 * {@code /problems/overloaded} and {@code Retry-After}, counted in
 * {@code memberships.overload.rejected}. There is no queue: a request that cannot start
 * now is better told so than left waiting behind others for the CPU.
 * <p>
 * A permit is taken before the rest of the chain and given back exactly once when the
 * request is done: when the chain returns or throws, or, for a request that went async,
 * when its async cycle completes. Error dispatches run after the chain has returned (and
 * the permit come back), so they are never refused; async re-dispatches are skipped
 * ({@link OncePerRequestFilter}'s defaults).
 * <p>
 * A CORS preflight passes without a permit: Spring Security's {@code CorsFilter} answers
 * it without a token or a handler, and a {@code 503} to it would show the browser a CORS
 * failure rather than the overload. A refusal to an allowed origin carries the CORS
 * headers that {@code CorsFilter} would have added, so that the frontend can read the
 * problem and {@code Retry-After}.
 */
final class OverloadFilter extends OncePerRequestFilter {

	private final int maxConcurrentRequests;

	private final Semaphore permits;

	private final String retryAfterSeconds;

	private final ProblemResponses problems;

	private final CorsConfigurationSource cors;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	private final Counter rejected;

	OverloadFilter(OverloadProperties properties, ProblemResponses problems, CorsConfigurationSource cors,
			MeterRegistry meters) {
		this.maxConcurrentRequests = properties.maxConcurrentRequests();
		this.permits = new Semaphore(this.maxConcurrentRequests);
		this.retryAfterSeconds = Long.toString(properties.retryAfterSeconds());
		this.problems = problems;
		this.cors = cors;
		this.rejected = Counter.builder("memberships.overload.rejected")
			.description("API requests refused with 503 because too many were in progress")
			.register(meters);
		Gauge.builder("memberships.overload.in-flight", this, OverloadFilter::inFlight)
			.description("API requests in progress, of memberships.overload.max-concurrent-requests")
			.strongReference(true)
			.register(meters);
	}

	/** API requests holding a permit now. */
	int inFlight() {
		return this.maxConcurrentRequests - this.permits.availablePermits();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return CorsUtils.isPreFlightRequest(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.permits.tryAcquire()) {
			refuse(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new ReleaseOnComplete());
			}
			else {
				this.permits.release();
			}
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.rejected.increment();
		// At most debug: under overload, one line per refusal would add to the load.
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Refused a request: " + this.maxConcurrentRequests + " already in progress");
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		allowCrossOrigin(request, response);
		this.problems.write(response, ProblemType.OVERLOADED
			.problem("The service has too many requests in progress; try again in " + this.retryAfterSeconds + " s"));
	}

	/**
	 * The CORS headers of an allowed origin and method, as {@code CorsFilter} adds them.
	 * Checked first, because {@link DefaultCorsProcessor} answers anything else 403
	 * itself.
	 */
	private void allowCrossOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!CorsUtils.isCorsRequest(request)) {
			return;
		}
		CorsConfiguration config = this.cors.getCorsConfiguration(request);
		if (config != null && config.checkOrigin(request.getHeader(HttpHeaders.ORIGIN)) != null
				&& config.checkHttpMethod(HttpMethod.valueOf(request.getMethod())) != null) {
			this.corsProcessor.processRequest(config, request, response);
		}
	}

	/**
	 * Gives the permit back when the async cycle ends: {@code onComplete} comes once,
	 * after a timeout or an error too.
	 */
	private final class ReleaseOnComplete implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			OverloadFilter.this.permits.release();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A new async cycle on the same request: stay registered for its end.
			event.getAsyncContext().addListener(this);
		}

	}

}
