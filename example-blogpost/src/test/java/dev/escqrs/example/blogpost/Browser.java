package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the console's tests: Debian's headless chromium driven by its chromedriver through Selenium
 * WebDriver, both paths given (Selenium Manager cannot download here), a fresh profile each time. The paths may be
 * moved with {@code ESCQRS_CHROMIUM} and {@code ESCQRS_CHROMEDRIVER}; when either is missing the test fails and says
 * how to install them (it never skips).
 */
final class Browser implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path profile;
    private final ChromeDriverService service;
    final WebDriver driver;

    Browser() {
        Path chromium = executable("ESCQRS_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("ESCQRS_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            profile = Files.createTempDirectory("escqrs-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1600,1000",
                "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    private static Path executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            fail(("%s is missing: the operator console's browser tests drive Debian's chromium with chromedriver. "
                            + "Install them (as root: apt-get install -y chromium chromium-driver; scripts/test does it when it "
                            + "can), or point %s at them")
                    .formatted(path, variable));
        }
        return path;
    }

    /** The element {@code by} finds once the page has it (after a click that navigates); fails after {@link #PATIENCE}. */
    WebElement await(By by) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Reloads the page until {@code condition} holds; fails after {@link #PATIENCE} saying what it waited for. */
    void reloadUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            driver.navigate().refresh();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the console did not show %s within %s; it shows:%n%s"
                        .formatted(
                                what,
                                PATIENCE,
                                driver.findElement(By.tagName("body")).getText()));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // a polling interval, not a wait for an outcome
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
