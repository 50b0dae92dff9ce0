package dev.escqrs.core.port;

import java.time.Duration;

/**
 * What a store reports of each request it sends to its database, for metrics: DynamoDB's operation name
 * ({@code TransactWriteItems}, {@code GetItem}, {@code Query}, ...), whether it failed, and how long it took. Called
 * on the request's thread; keep it quick. es-core has no metrics library; bind one here (the example binds
 * Micrometer). The in-memory store sends no requests and reports nothing.
 */
@FunctionalInterface
public interface RequestObserver {
    /** Reports nothing. */
    RequestObserver NONE = (operation, failed, took) -> {};

    void request(String operation, boolean failed, Duration took);
}
