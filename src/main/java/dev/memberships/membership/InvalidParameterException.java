package dev.memberships.membership;

import java.util.Map;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

/** A request parameter that is not valid: 400, naming the parameter. */
class InvalidParameterException extends ProblemException {

	private final String parameter;

	private final String reason;

	InvalidParameterException(String parameter, String reason) {
		super(ProblemType.INVALID_PARAMETER, "'" + parameter + "' " + reason, Map.of("parameter", parameter));
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

}
