package dev.escqrs.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that a doc's Java snippets show what a test runs: each of their lines is in the test's source. */
final class DocSnippets {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private DocSnippets() {}

    /**
     * Every non-blank line of every {@code java} block of {@code doc} (from the repository root), but imports and
     * "...", appears in the source of {@code test} (this module's test class); returns how many lines were checked.
     */
    static int assertShownAsRun(String doc, Class<?> test) throws IOException {
        String text = Files.readString(Path.of("..").resolve(doc));
        String source = Files.readString(
                Path.of("src", "test", "java").resolve(test.getName().replace('.', '/') + ".java"));
        Matcher blocks = JAVA_BLOCK.matcher(text);
        int checked = 0;
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\\n")) {
                String code = line.strip();
                if (!code.isEmpty() && !code.startsWith("import ") && !code.equals("...")) {
                    assertThat(source)
                            .as("%s shows a line %s does not run", doc, test.getSimpleName())
                            .contains(code);
                    checked++;
                }
            }
        }
        return checked;
    }
}
