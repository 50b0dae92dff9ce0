/**
 * Event payloads and aggregate state on Jackson 3: {@link dev.escqrs.jackson3.Jackson3} makes a
 * {@link dev.escqrs.core.codec.JsonCodec} whose application classes go through a Jackson 3 {@code JsonMapper}.
 */
package dev.escqrs.jackson3;
