package dev.escqrs.spring.boot;

import dev.escqrs.core.port.Leases;

/** This replica's name among lease holders: given, or {@link Leases#holderName()}, one for the process. */
final class ReplicaName {
    private static final String GENERATED = Leases.holderName();

    private ReplicaName() {}

    static String of(String configured) {
        return configured == null || configured.isBlank() ? GENERATED : configured;
    }
}
