package dev.partsmith.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its chromedriver by Selenium: the programs are
 * {@code PARTSMITH_TEST_CHROMIUM} and {@code PARTSMITH_TEST_CHROMEDRIVER} when set, else {@code chromium}
 * and {@code chromedriver} on the {@code PATH} or in {@code /usr/bin} (Debian's {@code chromium} and
 * {@code chromium-driver} packages). Without them the test fails, saying which is missing and how to
 * install it; it never downloads a browser.
 */
final class HeadlessChromium {

    static final String CHROMIUM_ENV = "PARTSMITH_TEST_CHROMIUM";
    static final String CHROMEDRIVER_ENV = "PARTSMITH_TEST_CHROMEDRIVER";

    private HeadlessChromium() {
    }

    /** A new headless browser with a window of the given size; quit it when done. */
    static ChromeDriver start(int width, int height) {
        Optional<Path> chromium = program(CHROMIUM_ENV, "chromium");
        Optional<Path> chromedriver = program(CHROMEDRIVER_ENV, "chromedriver");
        List<String> missing = new ArrayList<>();
        chromium.ifPresentOrElse(found -> { }, () -> missing.add("chromium (Debian package chromium; or set " + CHROMIUM_ENV + ")"));
        chromedriver.ifPresentOrElse(found -> { }, () -> missing.add("chromedriver (Debian package chromium-driver; or set " + CHROMEDRIVER_ENV + ")"));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The dashboard's browser test drives a headless Chromium, and this machine lacks " + String.join(" and ", missing)
                    + ". Install them with: apt-get install chromium chromium-driver (.ci/run does so when they are missing).");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage", "--disable-gpu",
                "--hide-scrollbars", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Waits for the dashboard's latest reading or action to show its outcome (the page's own promise, no polling). */
    static void settle(ChromeDriver driver) {
        ((JavascriptExecutor) driver).executeAsyncScript("window.partsmithDashboard.settled.then(arguments[arguments.length - 1]);");
    }

    private static Optional<Path> program(String env, String name) {
        String given = System.getenv(env);
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.add("/usr/bin");
        return directories.stream().filter(directory -> !directory.isBlank()).map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable).findFirst();
    }
}
