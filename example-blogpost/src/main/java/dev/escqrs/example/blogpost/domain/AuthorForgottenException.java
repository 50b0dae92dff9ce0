package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.error.DomainException;

/** Setting the profile of an author who was forgotten: their personal data is not kept any more. */
public final class AuthorForgottenException extends DomainException {
    public AuthorForgottenException(String message) {
        super(message);
    }
}
