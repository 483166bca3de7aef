package dev.memberships.bench;

import io.gatling.javaapi.core.Simulation;

/**
 * The simulation Gatling instantiates for every run: it takes the populations of the
 * {@link LoadRun} under way.
 */
public class PlanSimulation extends Simulation {

	public PlanSimulation() {
		LoadRun run = LoadRun.current();
		setUp(run.populations()).protocols(run.protocol());
	}

}
