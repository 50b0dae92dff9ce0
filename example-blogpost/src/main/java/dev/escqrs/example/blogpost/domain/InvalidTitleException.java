package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** A title that is missing, blank after trimming, or longer than 200 characters. */
public final class InvalidTitleException extends DomainException {
    public InvalidTitleException(String message) {
        super(message);
    }
}
