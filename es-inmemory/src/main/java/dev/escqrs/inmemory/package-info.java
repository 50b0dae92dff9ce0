/** The in-memory adapter: {@link dev.escqrs.inmemory.InMemoryEventStore} and its Guice module. */
package dev.escqrs.inmemory;
