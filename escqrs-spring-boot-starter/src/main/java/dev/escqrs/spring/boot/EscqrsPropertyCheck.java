package dev.escqrs.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Refuses an {@code escqrs.*} property that no escqrs configuration class binds (a typo: {@code escqrs.stor=memory}
 * would otherwise be ignored without a word), before any bean is made, naming it and the nearest known key. The known
 * keys are those of the configuration metadata every escqrs jar ships ({@code META-INF/spring-configuration-metadata.json},
 * what IDEs complete); names compare as Spring binds them (case, dashes, dots and underscores aside), so
 * {@code ESCQRS_DYNAMODB_TABLE_PREFIX} and {@code escqrs.dynamodb.tablePrefix} are known. The flags of escqrs's other
 * modules that are not Spring properties ({@link #NOT_SPRING}) are let through.
 */
final class EscqrsPropertyCheck implements BeanFactoryPostProcessor, EnvironmentAware {
    static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String PREFIX = "escqrs";
    /**
     * The {@code escqrs.*} JVM flags of escqrs's other modules, which Spring does not bind and this check lets through:
     * es-testkit's cap on its contracts' waits and the seed of its random payloads.
     */
    static final Set<String> NOT_SPRING = Set.of("escqrs.testkit.maxwaitmillis", "escqrs.testkit.seed");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        Set<String> known = knownKeys(
                beanFactory.getBeanClassLoader() != null
                        ? beanFactory.getBeanClassLoader()
                        : getClass().getClassLoader());
        if (known.isEmpty()) {
            return; // no metadata on the class path (a repackaged jar that dropped it): nothing to compare with
        }
        check(configuredKeys(configurable), known);
    }

    /** Throws for the first of {@code configured} that is none of {@code known}. */
    static void check(Set<String> configured, Set<String> known) {
        Set<String> squashedKnown = new TreeSet<>();
        known.forEach(k -> squashedKnown.add(squash(k)));
        for (String key : configured) {
            if (!squashedKnown.contains(squash(key))) {
                String nearest = nearest(key, known);
                throw new EscqrsConfigurationException(
                        ("property %s is not an escqrs property; the nearest is %s").formatted(key, nearest),
                        ("set %s instead (or remove %s); escqrs's properties are %s").formatted(nearest, key, known));
            }
        }
    }

    /** The {@code escqrs.*} keys of every enumerable property source, as written there. */
    static Set<String> configuredKeys(ConfigurableEnvironment environment) {
        Set<String> keys = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if ((lower.startsWith(PREFIX + ".") || lower.startsWith(PREFIX + "_"))
                            && !NOT_SPRING.contains(lower)) {
                        keys.add(name);
                    }
                }
            }
        }
        return keys;
    }

    /** Every {@code escqrs.*} property of the configuration metadata on the class path. */
    static Set<String> knownKeys(ClassLoader loader) {
        Set<String> keys = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            Enumeration<URL> files = loader.getResources(METADATA);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asText();
                        if (name.startsWith(PREFIX + ".")) {
                            keys.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + METADATA, e);
        }
        return keys;
    }

    /** A key as Spring's relaxed binding compares it: lower case, without dashes, dots and underscores. */
    private static String squash(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[-._\\[\\]]", "");
    }

    /** The known key least edits away from {@code key} (in the canonical form: lower case, dots, dashes). */
    static String nearest(String key, Set<String> known) {
        String canonical = key.toLowerCase(Locale.ROOT).replace('_', '.');
        List<String> candidates = new ArrayList<>(known);
        candidates.sort(
                Comparator.comparingInt((String k) -> distance(canonical, k)).thenComparing(k -> k));
        return candidates.getFirst();
    }

    /** Levenshtein's edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
