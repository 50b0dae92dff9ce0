/**
 * The JSON codec: payloads and aggregate state to JSON objects and back, with upcasting of old schema versions.
 * Stores keep {@link dev.escqrs.core.codec.EncodedEvent}s and state JSON; only the codec knows the domain types.
 */
package dev.escqrs.core.codec;
