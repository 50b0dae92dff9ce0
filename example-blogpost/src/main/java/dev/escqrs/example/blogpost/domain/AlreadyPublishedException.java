package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** Publishing a post that is published already. */
public final class AlreadyPublishedException extends DomainException {
    public AlreadyPublishedException(String message) {
        super(message);
    }
}
