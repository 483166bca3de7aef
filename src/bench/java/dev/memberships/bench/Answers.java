package dev.memberships.bench;

/** Answers by kind, as the load runs classify them. */
final class Answers {

	private long complete;

	private long stale;

	private long partial;

	private long errors;

	synchronized void add(int status, String body) {
		if (status != 200) {
			this.errors++;
		}
		else if (body.contains("\"UNAVAILABLE\"")) {
			this.partial++;
		}
		else if (body.contains("\"STALE\"")) {
			this.stale++;
		}
		else {
			this.complete++;
		}
	}

	synchronized long answers() {
		return this.complete + this.stale + this.partial;
	}

	synchronized long complete() {
		return this.complete;
	}

	synchronized long stale() {
		return this.stale;
	}

	synchronized long partial() {
		return this.partial;
	}

	synchronized long errors() {
		return this.errors;
	}

}
