package dev.memberships.membership;

import java.util.Map;

import dev.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/** A request parameter that is not valid: 400, naming the parameter. */
class InvalidParameterException extends ProblemException {

	private final String parameter;

	private final String reason;

	InvalidParameterException(String parameter, String reason) {
		super(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "'" + parameter + "' " + reason);
		this.parameter = parameter;
		this.reason = reason;
	}

	String parameter() {
		return this.parameter;
	}

	/** The same problem, found at another place, for example an index in a list. */
	InvalidParameterException at(String parameter) {
		return new InvalidParameterException(parameter, this.reason);
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("parameter", this.parameter);
	}

}
