package dev.escqrs.spring.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This replica's name among lease holders: given, or the host name, the process id and a random part. */
final class ReplicaName {
    private static final String GENERATED = generated();

    private ReplicaName() {
    }

    static String of(String configured) {
        return configured == null || configured.isBlank() ? GENERATED : configured;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
