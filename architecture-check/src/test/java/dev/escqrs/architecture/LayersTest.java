package dev.escqrs.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * One rule set for the main classes of every module (docs/architecture.md, "Layers"): what es-core may use, which
 * modules reach the internal packages, that the adapters do not use each other. Package cycles are not checked yet:
 * es-core has 37 (issue 38).
 */
@AnalyzeClasses(packages = "dev.escqrs", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    @ArchTest
    static final ArchRule the_kernel_has_no_aws_guice_or_spring = noClasses()
            .that().resideInAPackage("dev.escqrs.core..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.google.inject..",
                    "org.springframework..", "io.micrometer..", "io.opentelemetry..")
            .because("es-core is the pure kernel: Jackson and ULIDs, nothing AWS, nothing Guice (DESIGN.md)");

    @ArchTest
    static final ArchRule the_kernel_uses_no_adapter = noClasses()
            .that().resideInAPackage("dev.escqrs.core..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.escqrs.core..", "java..", "javax..",
                    "com.fasterxml.jackson..", "com.github.f4b6a3.ulid..", "org.slf4j..")
            .because("the ports are es-core's; the adapters implement them, never the other way round");

    @ArchTest
    static final ArchRule the_kernels_internals_only_where_listed = noClasses()
            .that().resideOutsideOfPackages("dev.escqrs.core..", "dev.escqrs.dynamodb..", "dev.escqrs.inmemory..",
                    "dev.escqrs.testkit..", "dev.escqrs.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.escqrs.core.internal..")
            .because("es-core exports internal only to es-dynamodb, es-dynamodb-kcl, es-inmemory, es-testkit and "
                    + "escqrs-cli (module-info); the kcl module's package is dev.escqrs.dynamodb.kcl");

    @ArchTest
    static final ArchRule the_dynamodb_internals_only_where_listed = noClasses()
            .that().resideOutsideOfPackages("dev.escqrs.dynamodb", "dev.escqrs.dynamodb.internal..",
                    "dev.escqrs.dynamodb.feed..", "dev.escqrs.dynamodb.lambda..", "dev.escqrs.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.escqrs.dynamodb.internal..")
            .because("es-dynamodb exports internal only to es-dynamodb-lambda and escqrs-cli (module-info)");

    @ArchTest
    static final ArchRule the_example_uses_no_internal_package = noClasses()
            .that().resideInAPackage("dev.escqrs.example..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("the example is what users copy: it uses the API only");

    @ArchTest
    static final ArchRule the_adapters_do_not_use_each_other = noClasses()
            .that().resideInAPackage("dev.escqrs.inmemory..")
            .should().dependOnClassesThat().resideInAPackage("dev.escqrs.dynamodb..")
            .because("each adapter stands on es-core alone");

    @ArchTest
    static final ArchRule the_dynamodb_adapter_does_not_use_the_memory_one = noClasses()
            .that().resideInAPackage("dev.escqrs.dynamodb..")
            .should().dependOnClassesThat().resideInAPackage("dev.escqrs.inmemory..")
            .because("each adapter stands on es-core alone");

    @ArchTest
    static final ArchRule only_the_guice_modules_touch_guice = noClasses()
            .that().resideInAnyPackage("dev.escqrs.dynamodb..", "dev.escqrs.inmemory..", "dev.escqrs.spring..")
            .and().haveNameNotMatching("dev\\.escqrs\\.(dynamodb\\.DynamoDbModule|inmemory\\.InMemoryModule)(\\$.*)?")
            .should().dependOnClassesThat(resideInAnyPackage("com.google.inject..", "com.google.common..")
                    .or(nameMatching("dev\\.escqrs\\.(dynamodb\\.DynamoDbModule|inmemory\\.InMemoryModule)(\\$.*)?")))
            .because("Guice is optional (requires static): a Spring application has none, so any other class that "
                    + "loads a Guice module or a Guice class fails there with NoClassDefFoundError");
}
