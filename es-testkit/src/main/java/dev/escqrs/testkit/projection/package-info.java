/** Test helpers for read models: a projection that records what it is given and checks the projection contract. */
package dev.escqrs.testkit.projection;
