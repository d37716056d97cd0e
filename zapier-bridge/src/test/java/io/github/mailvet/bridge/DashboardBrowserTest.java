package io.github.mailvet.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.dns.DnsTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The bridge's dashboard in a real browser (Debian's chromium, headless): sign in with a key, see
 * this month's usage and the 12-month chart, recent batches with progress, and verify an address.
 * Skipped without chromium unless {@code MAILVET_REQUIRE_BROWSER=1} (set by {@code .ci/run}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final DnsTestServer dns = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25").start();
  private EmbeddedDatabase db;
  private RunningBridge bridge;
  private WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "1".equals(System.getenv("MAILVET_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("MAILVET_REQUIRE_BROWSER=1 but chromium is missing");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
    db = EmbeddedDatabase.open(Files.createTempDirectory("mailvet-dashboard-"), true);
    bridge = new RunningBridge(db.jdbcUrl(), Map.of("mailvet.dns.servers", dns.hostPort()));
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1100,1300", "--lang=en-US");
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (db != null) {
      db.close();
    }
    dns.close();
  }

  @Test
  void aKeyHolderSeesUsageTheChartBatchesAndCanVerifyAnAddress() throws Exception {
    Keys.Created k = bridge.key("free", 500L, false);
    bridge.post("/api/v1/validate-emails", k.rawKey(),
        "{\"emails\": [\"a@acme.com\", \"b@acme.com\", \"c@acme.com\"]}");
    String batch = bridge.post("/api/v1/batches", k.rawKey(),
        "{\"emails\": [\"d@acme.com\", \"e@acme.com\"]}").body().path("batch_id").asString();

    browser.get(bridge.base + "/");
    browser.findElement(By.id("key")).sendKeys("mv_live_" + "0".repeat(32));
    browser.findElement(By.cssSelector("#login-form button")).click();
    // the message appears when the bridge has answered: wait for it, the element is already there
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
    assertThat(browser.findElement(By.id("login-error")).getText()).contains("unauthorized");
    assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).as("a wrong key gets nothing")
        .isFalse();

    browser.findElement(By.id("key")).clear();
    browser.findElement(By.id("key")).sendKeys(k.rawKey());
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(d -> d.findElement(By.id("dashboard")).isDisplayed());
    wait.until(d -> d.findElement(By.cssSelector("tr[data-batch='" + batch + "'] .batch-status"))
        .getText().equals("completed"));

    assertThat(browser.findElement(By.id("used")).getText()).isEqualTo("5");
    assertThat(browser.findElement(By.id("limit")).getText()).isEqualTo("500");
    assertThat(browser.findElement(By.id("plan")).getText()).isEqualTo("free");
    List<WebElement> bars = browser.findElements(By.cssSelector("#chart rect"));
    assertThat(bars).hasSize(12);
    WebElement last = bars.get(11);
    assertThat(last.getAttribute("data-month"))
        .isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
    assertThat(last.getAttribute("data-used")).isEqualTo("5");
    assertThat(bars.get(0).getAttribute("data-used")).isEqualTo("0");

    browser.findElement(By.id("email")).sendKeys("ada@gmial.com");
    browser.findElement(By.cssSelector("#verify-form button")).click();
    wait.until(d -> d.findElement(By.id("verify-result")).getText().contains("did you mean"));
    assertThat(browser.findElement(By.id("verify-result")).getText())
        .contains("ada@gmial.com").contains("ada@gmail.com");
    wait.until(d -> d.findElement(By.id("used")).getText().equals("6"));

    Path shot = Path.of("target", "dashboard.png");
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
