/**
 * The errors escqrs raises: all unchecked, all under {@link dev.escqrs.core.error.EscqrsException}, each message
 * naming the aggregate and the versions involved, each with a {@link dev.escqrs.core.error.EscqrsException#category()
 * category} and {@link dev.escqrs.core.error.EscqrsException#retryable()} to map them by.
 */
package dev.escqrs.core.error;
