package dev.escqrs.console;

import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The runners the console was given, and where each runs: in this process (acted on directly, while it runs), or
 * elsewhere (named, or found in the {@link Parking}), reached through the parking only.
 */
final class Runners {
    private final Map<String, Supplier<Optional<ProjectionRunner.Running>>> local;
    private final Set<String> remote;
    private final Optional<Parking> parking;

    Runners(
            Map<String, Supplier<Optional<ProjectionRunner.Running>>> local,
            Set<String> remote,
            Optional<Parking> parking) {
        this.local = new LinkedHashMap<>(local);
        this.remote = new LinkedHashSet<>(remote);
        this.parking = parking;
    }

    /** {@code runner}, if the console knows it; a {@link Sessions.Refusal} (404) if not. */
    String known(String runner) {
        if (!local.containsKey(runner) && !remoteNames().contains(runner)) {
            throw new Sessions.Refusal(404, "no runner " + runner + " here");
        }
        return runner;
    }

    /** The runner, when it runs in this process now. */
    Optional<ProjectionRunner.Running> running(String runner) {
        Supplier<Optional<ProjectionRunner.Running>> supplier = local.get(runner);
        return supplier == null ? Optional.empty() : supplier.get();
    }

    /** The runner running in this process; a {@link Sessions.Refusal} (409) when it runs elsewhere or not now. */
    ProjectionRunner.Running runningHere(String runner) {
        return running(runner)
                .orElseThrow(
                        () -> new Sessions.Refusal(
                                409,
                                runner
                                        + " does not run in this process: replay it and set its checkpoint where it runs (or with the CLI)"));
    }

    /** The parking that reaches {@code runner}; a {@link Sessions.Refusal} (409) when the console was given none. */
    Parking parkingFor(String runner) {
        return parking.orElseThrow(() -> new Sessions.Refusal(
                409,
                runner + " does not run in this process and the console was given no Parking to reach it through"));
    }

    private Set<String> remoteNames() {
        Set<String> names = new LinkedHashSet<>(remote);
        parking.ifPresent(lot -> lot.parked().forEach(entry -> names.add(entry.runner())));
        names.removeAll(local.keySet());
        return names;
    }

    /** What the page shows of each runner, in the order given, then the runners known from the parking only. */
    List<RunnerView> views() {
        List<RunnerView> views = new ArrayList<>();
        local.forEach((name, supplier) -> {
            Optional<ProjectionRunner.Running> running = supplier.get();
            if (running.isPresent()) {
                views.add(new RunnerView(
                        name,
                        RunnerView.Where.HERE,
                        Optional.of(running.get().status()),
                        running.get().checkpoint(),
                        running.get().parked()));
            } else {
                views.add(new RunnerView(
                        name,
                        RunnerView.Where.STOPPED,
                        Optional.empty(),
                        Optional.empty(),
                        parking.map(lot -> lot.parked(name)).orElse(List.of())));
            }
        });
        for (String name : remoteNames()) {
            views.add(new RunnerView(
                    name,
                    RunnerView.Where.ELSEWHERE,
                    Optional.empty(),
                    Optional.empty(),
                    parking.map(lot -> lot.parked(name)).orElse(List.of())));
        }
        return views;
    }
}
