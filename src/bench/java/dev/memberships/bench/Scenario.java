package dev.memberships.bench;

/**
 * One scenario against the single service: drives its load through
 * {@link ServiceLoad#measure} and puts its rows, notes and targets into
 * {@link ServiceLoad#results()}. Registered by name in {@link SingleService#SCENARIOS}.
 */
@FunctionalInterface
interface Scenario {

	void run(ServiceLoad load) throws Exception;

}
