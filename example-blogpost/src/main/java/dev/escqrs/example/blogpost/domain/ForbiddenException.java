package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** The actor may not do this: only a post's author may retitle or publish it, only an author sets their profile. */
public final class ForbiddenException extends DomainException {
    public ForbiddenException(String message) {
        super(message);
    }
}
