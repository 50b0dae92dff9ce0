/**
 * The errors escqrs raises: all unchecked, all under {@link dev.escqrs.core.error.EscqrsException}, each message
 * naming the aggregate and the versions involved.
 */
package dev.escqrs.core.error;
