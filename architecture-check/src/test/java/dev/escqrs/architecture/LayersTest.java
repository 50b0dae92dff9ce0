package dev.escqrs.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One rule set for the main classes of every module (docs/architecture.md, "Layers"): what es-core may use, which
 * modules reach the internal packages, that the adapters do not use each other, and es-core's and es-dynamodb's packages
 * in their layer order (no upward arrow, so no cycle).
 */
@AnalyzeClasses(packages = "dev.escqrs", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    @ArchTest
    static final ArchRule the_kernel_has_no_aws_guice_or_spring = noClasses()
            .that()
            .resideInAPackage("dev.escqrs.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "software.amazon..",
                    "com.google.inject..",
                    "org.springframework..",
                    "io.micrometer..",
                    "io.opentelemetry..")
            .because(
                    "es-core is the pure kernel: Jackson and ULIDs, nothing AWS, nothing Guice (docs/architecture.md)");

    @ArchTest
    static final ArchRule the_kernel_uses_no_adapter = noClasses()
            .that()
            .resideInAPackage("dev.escqrs.core..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(
                    "dev.escqrs.core..",
                    "java..",
                    "javax..",
                    "com.fasterxml.jackson..",
                    "com.github.f4b6a3.ulid..",
                    "org.slf4j..")
            .because("the ports are es-core's; the adapters implement them, never the other way round");

    /** The packages of es-dynamodb's own module (not its lambda and kcl modules). */
    private static final String[] DYNAMODB_MODULE = {
        "dev.escqrs.dynamodb",
        "dev.escqrs.dynamodb.table..",
        "dev.escqrs.dynamodb.internal..",
        "dev.escqrs.dynamodb.feed.."
    };

    /** The packages of es-testkit's own module (not es-testkit-dynamodb). */
    private static final String[] TESTKIT_MODULE = {
        "dev.escqrs.testkit",
        "dev.escqrs.testkit.contract..",
        "dev.escqrs.testkit.internal..",
        "dev.escqrs.testkit.projection..",
        "dev.escqrs.testkit.race..",
        "dev.escqrs.testkit.reaction..",
        "dev.escqrs.testkit.scenario..",
        "dev.escqrs.testkit.store.."
    };

    private static String[] packages(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @ArchTest
    static final ArchRule the_kernels_internals_only_where_listed = noClasses()
            .that()
            .resideOutsideOfPackages(packages(
                    new String[] {
                        "dev.escqrs.core..", "dev.escqrs.dynamodb.kcl..", "dev.escqrs.inmemory..", "dev.escqrs.cli.."
                    },
                    DYNAMODB_MODULE,
                    TESTKIT_MODULE))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.escqrs.core.internal")
            .because("es-core exports internal only to es-dynamodb, es-dynamodb-kcl, es-inmemory, es-testkit and "
                    + "escqrs-cli (module-info)");

    @ArchTest
    static final ArchRule the_kernels_runtime_internals_only_where_listed = noClasses()
            .that()
            .resideOutsideOfPackages(packages(
                    new String[] {"dev.escqrs.core..", "dev.escqrs.inmemory.."}, DYNAMODB_MODULE, TESTKIT_MODULE))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.escqrs.core.internal.runtime")
            .because("es-core exports internal.runtime only to es-dynamodb, es-inmemory and es-testkit (module-info)");

    @ArchTest
    static final ArchRule the_dynamodb_internals_only_where_listed = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "dev.escqrs.dynamodb",
                    "dev.escqrs.dynamodb.internal..",
                    "dev.escqrs.dynamodb.feed..",
                    "dev.escqrs.dynamodb.lambda..",
                    "dev.escqrs.dynamodb.kcl..",
                    "dev.escqrs.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.escqrs.dynamodb.internal..")
            .because("es-dynamodb exports internal only to es-dynamodb-lambda, es-dynamodb-kcl and escqrs-cli "
                    + "(module-info)");

    @ArchTest
    static final ArchRule the_example_uses_no_internal_package = noClasses()
            .that()
            .resideInAPackage("dev.escqrs.example..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..internal..")
            .because("the example is what users copy: it uses the API only");

    @ArchTest
    static final ArchRule the_adapters_do_not_use_each_other = noClasses()
            .that()
            .resideInAPackage("dev.escqrs.inmemory..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.escqrs.dynamodb..")
            .because("each adapter stands on es-core alone");

    @ArchTest
    static final ArchRule the_dynamodb_adapter_does_not_use_the_memory_one = noClasses()
            .that()
            .resideInAPackage("dev.escqrs.dynamodb..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.escqrs.inmemory..")
            .because("each adapter stands on es-core alone");

    @ArchTest
    static final ArchRule only_the_guice_modules_touch_guice = noClasses()
            .that()
            .resideInAnyPackage("dev.escqrs.dynamodb..", "dev.escqrs.inmemory..", "dev.escqrs.spring..")
            .and()
            .haveNameNotMatching("dev\\.escqrs\\.(dynamodb\\.DynamoDbModule|inmemory\\.InMemoryModule)(\\$.*)?")
            .should()
            .dependOnClassesThat(resideInAnyPackage("com.google.inject..", "com.google.common..")
                    .or(nameMatching("dev\\.escqrs\\.(dynamodb\\.DynamoDbModule|inmemory\\.InMemoryModule)(\\$.*)?")))
            .because("Guice is optional (requires static): a Spring application has none, so any other class that "
                    + "loads a Guice module or a Guice class fails there with NoClassDefFoundError");

    /** es-core's packages from the bottom up: each may use only those before it (docs/architecture.md, "Layers"). */
    static final List<String> KERNEL_LAYERS = List.of(
            "error",
            "privacy",
            "internal",
            "idempotency",
            "event",
            "decider",
            "aggregate",
            "codec",
            "port",
            "command",
            "internal.runtime",
            "feed",
            "projection",
            "reaction");

    @ArchTest
    static final ArchRule the_kernels_packages_point_down_only = classes()
            .that()
            .resideInAPackage("dev.escqrs.core..")
            .should(pointDownOnly(
                    "use only es-core packages below their own " + KERNEL_LAYERS,
                    p -> p.startsWith("dev.escqrs.core.") ? layer(p) : -1))
            .because("a package that uses one above it makes a cycle, and the next change makes it worse (issue 38)");

    @ArchTest
    static final ArchRule the_kernel_has_no_package_cycle =
            slices().matching("dev.escqrs.core.(**)").should().beFreeOfCycles();

    /**
     * es-dynamodb's packages from the bottom up, the root package {@code dev.escqrs.dynamodb} ("") last: each may use
     * only those before it (docs/architecture.md, "Layers"). es-dynamodb-lambda and es-dynamodb-kcl
     * ({@code dev.escqrs.dynamodb.lambda}, {@code .kcl}) are modules above it, not among them.
     */
    static final List<String> DYNAMODB_LAYERS = List.of("table", "internal", "feed", "");

    @ArchTest
    static final ArchRule the_dynamodb_packages_point_down_only = classes()
            .that(resideInAnyPackage(dynamoDbPackages()))
            .should(pointDownOnly(
                    "use only es-dynamodb packages below their own " + DYNAMODB_LAYERS, LayersTest::dynamoDbLayer))
            .because("a package that uses one above it makes a cycle, and the next change makes it worse (issue 38)");

    /** No package cycle in any module, nor between modules. */
    @ArchTest
    static final ArchRule no_package_cycle_anywhere =
            slices().matching("dev.escqrs.(**)").should().beFreeOfCycles();

    /**
     * A class depends on no package above its own: {@code layerOf} gives a package's place in its module's layers, or
     * -1 for a package outside the module.
     */
    private static ArchCondition<JavaClass> pointDownOnly(String description, ToIntFunction<String> layerOf) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                int own = layerOf.applyAsInt(item.getPackageName());
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if (layerOf.applyAsInt(target) > own) {
                        events.add(SimpleConditionEvent.violated(
                                dependency,
                                dependency.getDescription() + " points up, from " + item.getPackageName() + " to "
                                        + target));
                    }
                }
            }
        };
    }

    private static String[] dynamoDbPackages() {
        return DYNAMODB_LAYERS.stream()
                .map(layer -> layer.isEmpty() ? "dev.escqrs.dynamodb" : "dev.escqrs.dynamodb." + layer)
                .toArray(String[]::new);
    }

    /** The index in {@link #DYNAMODB_LAYERS} of an es-dynamodb package, or -1 for any other package. */
    private static int dynamoDbLayer(String packageName) {
        if (packageName.equals("dev.escqrs.dynamodb")) {
            return DYNAMODB_LAYERS.indexOf("");
        }
        return packageName.startsWith("dev.escqrs.dynamodb.")
                ? DYNAMODB_LAYERS.indexOf(packageName.substring("dev.escqrs.dynamodb.".length()))
                : -1;
    }

    private static int layer(String packageName) {
        int index = KERNEL_LAYERS.indexOf(packageName.substring("dev.escqrs.core.".length()));
        if (index < 0) {
            throw new IllegalStateException(packageName + " has no place in LayersTest.KERNEL_LAYERS: add it there and "
                    + "to docs/architecture.md");
        }
        return index;
    }
}
