package com.example.memberships.membership;

import java.util.Map;

import com.example.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/** A request parameter that is not valid: 400, naming the parameter. */
class InvalidParameterException extends ProblemException {

	private final String parameter;

	InvalidParameterException(String parameter, String reason) {
		super(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "'" + parameter + "' " + reason);
		this.parameter = parameter;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("parameter", this.parameter);
	}

}
