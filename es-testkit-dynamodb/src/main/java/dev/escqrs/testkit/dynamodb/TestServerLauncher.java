package dev.escqrs.testkit.dynamodb;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds the DynamoDB test server, or starts one: the endpoint in {@value DynamoDbTestServer#ENDPOINT_VARIABLE}, else
 * a moto container where a Docker engine is visible, else a {@code moto_server} process on a free loopback port
 * (stopped when the JVM exits). Says everything it tried when none works. {@link DynamoDbTestServer} waits for the
 * server to answer and builds the clients.
 */
final class TestServerLauncher {
    private TestServerLauncher() {}

    static Found find() {
        List<String> tried = new ArrayList<>();
        String fromEnv = System.getenv(DynamoDbTestServer.ENDPOINT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Found(URI.create(fromEnv.trim()), "environment", Duration.ofSeconds(30), Optional.empty());
        }
        tried.add(DynamoDbTestServer.ENDPOINT_VARIABLE + " is not set");
        Optional<Found> container = startContainer(tried);
        if (container.isPresent()) {
            return container.get();
        }
        Optional<List<String>> command = motoCommand();
        if (command.isPresent()) {
            return startProcess(command.get());
        }
        tried.add("no moto_server on PATH (" + System.getenv("PATH") + ") and python3 cannot import moto.server");
        throw new IllegalStateException(("""
                No DynamoDB test server could be found or started. Tried:
                  - %s
                Fix one of these:
                  - install moto's server:  pip install "moto[server]"   (then `moto_server` must be on PATH), or
                  - start a server yourself and set %s=http://127.0.0.1:PORT, or
                  - run a Docker engine, so that the %s container can start.
                scripts/test installs moto when it is missing.""")
                .formatted(
                        String.join("\n  - ", tried),
                        DynamoDbTestServer.ENDPOINT_VARIABLE,
                        DynamoDbTestServer.MOTO_IMAGE));
    }

    /**
     * Whether to ask Testcontainers at all: when asked ({@value DynamoDbTestServer#TESTCONTAINERS_VARIABLE}), or when a Docker engine is
     * visible ({@code DOCKER_HOST}, the usual socket). Asking it without one logs an ERROR on every test run.
     */
    private static boolean dockerLikely() {
        return "true".equalsIgnoreCase(System.getenv(DynamoDbTestServer.TESTCONTAINERS_VARIABLE))
                || System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    private static Optional<Found> startContainer(List<String> tried) {
        if (!dockerLikely()) {
            tried.add("no Docker engine visible for Testcontainers (no DOCKER_HOST, no docker.sock; set "
                    + DynamoDbTestServer.TESTCONTAINERS_VARIABLE + "=true to try anyway)");
            return Optional.empty();
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            tried.add("no Docker engine for Testcontainers");
            return Optional.empty();
        }
        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
        GenericContainer<?> moto = new GenericContainer<>(DockerImageName.parse(DynamoDbTestServer.MOTO_IMAGE))
                .withExposedPorts(5000)
                .waitingFor(Wait.forListeningPort());
        try {
            moto.start();
        } catch (RuntimeException e) {
            tried.add("the %s container did not start: %s".formatted(DynamoDbTestServer.MOTO_IMAGE, e.getMessage()));
            return Optional.empty();
        }
        URI endpoint = URI.create("http://%s:%d".formatted(moto.getHost(), moto.getMappedPort(5000)));
        return Optional.of(new Found(endpoint, "container", Duration.ofSeconds(60), Optional.empty()));
    }

    private static Optional<List<String>> motoCommand() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "moto_server");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(List.of(candidate.toString()));
                }
            }
        }
        try {
            Process check = new ProcessBuilder("python3", "-c", "import moto.server")
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
                return Optional.of(List.of("python3", "-m", "moto.server"));
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static Found startProcess(List<String> command) {
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log;
        Process process;
        try {
            log = Files.createTempFile("escqrs-moto-" + port + "-", ".log");
            process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not start %s: %s".formatted(String.join(" ", full), e.getMessage()), e);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            process.destroy();
                            try {
                                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                                    process.destroyForcibly();
                                }
                            } catch (InterruptedException e) {
                                process.destroyForcibly();
                            }
                        },
                        "escqrs-moto-stop"));
        return new Found(
                URI.create("http://127.0.0.1:" + port),
                "moto_server process",
                Duration.ofSeconds(60),
                Optional.of(new Started(process, log, full)));
    }

    /** A process this launcher started: its command and where its output goes. */
    record Started(Process process, Path log, List<String> command) {}

    /** A server found or started: where, how, how long it may take to answer, and its process if one was started. */
    record Found(URI endpoint, String origin, Duration readyTimeout, Optional<Started> started) {}

    static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the moto server: " + e.getMessage(), e);
        }
    }
}
