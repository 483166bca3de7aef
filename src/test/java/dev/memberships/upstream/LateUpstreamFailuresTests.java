package dev.memberships.upstream;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class LateUpstreamFailuresTests {

	private final LateUpstreamFailures hook = new LateUpstreamFailures();

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(LateUpstreamFailures.class),
			(Logger) LoggerFactory.getLogger("reactor.core.publisher.Operators"));

	private Level previousLevel;

	@BeforeEach
	void install() {
		this.events.start();
		this.loggers.forEach((logger) -> logger.addAppender(this.events));
		this.previousLevel = this.loggers.get(0).getLevel();
		this.loggers.get(0).setLevel(Level.DEBUG);
		this.hook.afterPropertiesSet();
	}

	@AfterEach
	void uninstall() {
		this.hook.destroy();
		this.loggers.get(0).setLevel(this.previousLevel);
		this.loggers.forEach((logger) -> logger.detachAppender(this.events));
	}

	@Test
	void upstreamFailureAfterCallerCancelledShouldBeLoggedAtDebugOnly() {
		failAfterCancel(new UpstreamException("enos-groups", FailureReason.TIMEOUT));
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
		assertThat(this.events.list.get(0).getFormattedMessage()).contains("enos-groups").contains("TIMEOUT");
	}

	@Test
	void otherFailureAfterCallerCancelledShouldStillBeLoggedAsError() {
		failAfterCancel(new IllegalStateException("a bug"));
		assertThat(this.events.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.ERROR);
			assertThat(event.getThrowableProxy().getMessage()).isEqualTo("a bug");
		});
	}

	private void failAfterCancel(Throwable error) {
		CompletableFuture<String> shared = new CompletableFuture<>();
		Disposable caller = Mono.fromFuture(shared, true).subscribe((value) -> {
		}, (ignored) -> {
		});
		caller.dispose();
		shared.completeExceptionally(error);
	}

}
