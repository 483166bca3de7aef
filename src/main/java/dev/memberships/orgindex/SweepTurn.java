package dev.memberships.orgindex;

/**
 * Whether this instance sweeps now. Alone, it always does; replicas that share the index
 * take turns through a lease, so that the fleet spends one {@code rate}, not one per pod.
 */
@FunctionalInterface
public interface SweepTurn {

	/** Every instance sweeps for itself. */
	SweepTurn ALWAYS = () -> true;

	/**
	 * Takes or keeps the turn.
	 * @return whether this instance sweeps now
	 */
	boolean mine();

}
