package dev.escqrs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rules read every module's main classes: each module's packages are among the imported ones. */
class ImportedTest {
    @Test
    void every_module_s_classes_are_imported() {
        Map<String, Integer> perPackage = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.escqrs")) {
            perPackage.merge(c.getPackageName(), 1, Integer::sum);
        }
        assertThat(perPackage)
                .containsKeys(
                        "dev.escqrs.core.command",
                        "dev.escqrs.inmemory",
                        "dev.escqrs.dynamodb",
                        "dev.escqrs.dynamodb.internal",
                        "dev.escqrs.dynamodb.feed",
                        "dev.escqrs.dynamodb.lambda",
                        "dev.escqrs.dynamodb.kcl",
                        "dev.escqrs.testkit.contract",
                        "dev.escqrs.testkit.dynamodb",
                        "dev.escqrs.jackson3",
                        "dev.escqrs.micrometer",
                        "dev.escqrs.opentelemetry",
                        "dev.escqrs.cli",
                        "dev.escqrs.console",
                        "dev.escqrs.example.blogpost",
                        "dev.escqrs.spring.boot");
    }
}
