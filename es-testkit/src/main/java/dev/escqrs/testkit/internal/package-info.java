/**
 * The small aggregates the contracts and the race checker run on. Not API: the module does not export this package,
 * and it changes as the contracts need.
 */
package dev.escqrs.testkit.internal;
