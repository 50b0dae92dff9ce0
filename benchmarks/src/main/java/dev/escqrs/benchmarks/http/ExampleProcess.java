package dev.escqrs.benchmarks.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example service in its own JVM ({@code Main --port 0}, development auth), started and read until its banner
 * has said where it listens and given alice's token. Its output (the access log) is drained from then on, or the
 * service would block on a full pipe. Closing it sends SIGTERM and waits for the JVM to exit.
 */
record ExampleProcess(Process process, String base, String token) implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("blog post service on http://([^:]+):(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("export ALICE=(\\S+)");

    /** Starts {@code java JVM_OPTIONS -cp CLASS_PATH Main --port 0 SERVICE_ARGUMENTS}. */
    static ExampleProcess start(String classPath, List<String> jvmOptions, List<String> serviceArguments)
            throws IOException {
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "dev.escqrs.example.blogpost.Main", "--port", "0"));
        command.addAll(serviceArguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String base = null;
        String token = null;
        String line;
        while (token == null && (line = out.readLine()) != null) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                base = "http://127.0.0.1:" + listening.group(2);
            }
            Matcher t = TOKEN.matcher(line);
            if (t.find()) {
                token = t.group(1);
            }
        }
        if (base == null || token == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not start: " + command);
        }
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {}));
        return new ExampleProcess(process, base, token);
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the JVM runs its shutdown hooks (and writes an AOT training record)
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
