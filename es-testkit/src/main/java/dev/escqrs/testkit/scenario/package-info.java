/**
 * Given/when/then scenarios for deciders ({@link dev.escqrs.testkit.scenario.Scenario}), pure or on a store, with
 * failure messages that list expected and actual events one per line.
 */
package dev.escqrs.testkit.scenario;
