package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** A profile that breaks {@link Profiles}: a missing, blank or too long name, an email that is not one. */
public final class InvalidProfileException extends DomainException {
    public InvalidProfileException(String message) {
        super(message);
    }
}
