package dev.partsmith.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.threeten.extra.MutableClock;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTables;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.PartitionOperation;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The sample's dashboard in a headless Chromium: it lists both tables with exactly the partitions the
 * catalog has (past, current, ahead, DEFAULT with its rows, a hand-made partition partsmith does not
 * manage), the runway and the last runs; its dry run shows the plan partsmith would apply and changes
 * nothing; its run applies it. The screenshot it takes is the README's ({@code target/dashboard.png}).
 * The tests run in order, each from where the one before left off.
 */
@SpringBootTest(classes = { PartsmithSampleApplication.class, DashboardIT.Clock.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "sample.writer.enabled=false", "partsmith.schedule.cron=-", "partsmith.safety.max-clock-skew=36500d" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class DashboardIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path work;

    static ChromeDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("sample.archive.directory", () -> work.resolve("archive").toString());
    }

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start(1440, 1400);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    SyntheticWriter writer;

    @Autowired
    MaintenanceRunner runner;

    @Autowired
    PartitionMaintainer maintainer;

    @Autowired
    PartsmithTables tables;

    private final TestCatalog catalog = new TestCatalog(db.dataSource());

    @Test
    @Order(1)
    void thePageListsTheSamplesTablesWithThePartitionsTheCatalogHas() {
        writer.write(40);
        clock.add(Duration.ofDays(35));
        runner.runAll();
        writer.write(25);
        catalog.exec("CREATE TABLE events_archive_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00')",
                "INSERT INTO events (created_at, kind, payload) VALUES ('2031-01-01 00:00:00+00', 'far-future', '{}')",
                "ANALYZE events", "ANALYZE audit_log");

        open();

        assertThat(browser.findElements(By.cssSelector("section.table"))).extracting(section -> section.getDomAttribute("data-key"))
                .containsExactly("events", "audit-log");
        for (String[] table : new String[][] { { "events", "events" }, { "audit-log", "audit_log" } }) {
            assertThat(partitions(table[0])).extracting(partition -> partition.getDomAttribute("data-name"))
                    .as("the partitions of %s on the page", table[1]).containsExactlyInAnyOrderElementsOf(catalog.partitions(table[1]));
        }
        assertThat(partition("events", "events__2024_04").getDomAttribute("class")).isEqualTo("partition current");
        assertThat(partition("events", "events__2024_03").getDomAttribute("class")).isEqualTo("partition past");
        assertThat(partition("events", "events__2024_06").getDomAttribute("class")).isEqualTo("partition ahead");
        assertThat(partition("events", "events_archive_2023").getDomAttribute("class")).isEqualTo("partition past not-managed");
        WebElement defaultPartition = partition("events", "events_default");
        assertThat(defaultPartition.getDomAttribute("class")).isEqualTo("partition default has-rows");
        assertThat(defaultPartition.getText()).as("the statistics' estimate, which counts the far-future row at least once")
                .matches("events_default\nDEFAULT\n~[1-9]\\d* rows?");
        assertThat(section("events").findElement(By.cssSelector(".not-managed li")).getText())
                .startsWith("events_archive_2023 [2023-01-01, 2024-01-01): its range [2023-01-01 00:00:00+00, 2024-01-01 00:00:00+00) is not");
        assertThat(section("audit-log").findElement(By.cssSelector(".runway")).getText())
                .isEqualTo("runway 6d 14h (min-runway 1d)");
        assertThat(section("events").findElements(By.cssSelector(".recent-runs tbody tr"))).as("the start-up run and the one after").hasSize(2);
        assertThat(browser.findElement(By.cssSelector("button[data-action=run-all]")).isDisplayed()).as("the sample allows writes").isTrue();
    }

    @Test
    @Order(2)
    void aDryRunShowsThePlanAndChangesNothing() throws IOException {
        clock.add(Duration.ofDays(3));
        List<String> before = catalog.partitions("audit_log");
        List<String> planned = maintainer.plan(tables.get("audit-log").orElseThrow().config()).operations().stream()
                .map(PartitionOperation::describe).toList();
        assertThat(planned).as("three days to create, three to detach, and the detached ones whose grace has passed to drop").hasSize(12)
                .contains("create public.audit_log__2024_04_28 for [2024-04-28 00:00:00+00:00, 2024-04-29 00:00:00+00:00)");
        open();
        assertThat(partition("audit-log", "audit_log__2024_04_22").getDomAttribute("class")).isEqualTo("partition current");

        click("dry-run", "audit-log");

        WebElement plan = section("audit-log").findElement(By.cssSelector(".plan"));
        assertThat(plan.findElement(By.tagName("h3")).getText()).startsWith("Dry run of audit-log at ").endsWith(": 12 operations");
        assertThat(plan.findElements(By.cssSelector("li.operation"))).extracting(WebElement::getText).containsExactlyElementsOf(planned);
        assertThat(catalog.partitions("audit_log")).as("a dry run changes nothing").isEqualTo(before);

        Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(3)
    void aRunAppliesThePlanAndThePageShowsTheNewPartitions() {
        click("run", "audit-log");

        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("audit-log: success, created 3, detached 3, dropped 6");
        assertThat(partitions("audit-log")).extracting(partition -> partition.getDomAttribute("data-name"))
                .containsExactlyInAnyOrderElementsOf(catalog.partitions("audit_log")).contains("audit_log__2024_04_28");
    }

    private void open() {
        browser.get("http://localhost:" + port + "/actuator/partsmith-dashboard/");
        HeadlessChromium.settle(browser);
    }

    private static void click(String action, String key) {
        section(key).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
        HeadlessChromium.settle(browser);
    }

    private static WebElement section(String key) {
        return browser.findElement(By.cssSelector("section.table[data-key='" + key + "']"));
    }

    private static List<WebElement> partitions(String key) {
        return section(key).findElements(By.cssSelector("li.partition"));
    }

    private static WebElement partition(String key, String name) {
        return section(key).findElement(By.cssSelector("li.partition[data-name='" + name + "']"));
    }

    @TestConfiguration
    static class Clock {

        @Bean
        MutableClock partsmithClock() {
            return MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        }
    }
}
