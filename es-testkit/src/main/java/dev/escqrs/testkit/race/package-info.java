/** {@link dev.escqrs.testkit.race.RaceChecker}: racing writers against any store, and the invariants checked after. */
package dev.escqrs.testkit.race;
