package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** A title that breaks {@link Titles}: missing, blank, not valid Unicode, with control or format characters, too long. */
public final class InvalidTitleException extends DomainException {
    public InvalidTitleException(String message) {
        super(message);
    }
}
