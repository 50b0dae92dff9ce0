/**
 * For those who write a store adapter, not for applications: the limits every store enforces and the one way to count
 * sizes ({@link dev.escqrs.core.spi.StoreLimits}), stream ids ({@link dev.escqrs.core.spi.StreamIds}) and the
 * validation of ids and names ({@link dev.escqrs.core.spi.Identifiers}). The encoded form of an event that stores
 * keep is {@link dev.escqrs.core.codec.EncodedEvent}, next to the codec that makes it. May change between minor
 * versions as adapters need.
 */
package dev.escqrs.core.spi;
