package io.github.mailvet.samples.signup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.dns.DnsTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The signup page in a real browser: Debian's chromium, headless, driven through the system
 * chromedriver (no driver download). Without chromium the test is skipped, unless
 * {@code MAILVET_REQUIRE_BROWSER=1} (set by {@code .ci/run}) makes that a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @RegisterExtension
  static final DnsTestServer DNS = SignupApiTest.dns();

  @DynamicPropertySource
  static void dns(DynamicPropertyRegistry registry) {
    registry.add("mailvet.dns.servers", DNS::hostPort);
  }

  static WebDriver browser;

  @LocalServerPort
  int port;

  @BeforeAll
  static void startBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "1".equals(System.getenv("MAILVET_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("MAILVET_REQUIRE_BROWSER=1 but " + CHROMIUM + " or "
          + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
    }
    if (!present) {
      return; // each test is then skipped (and counted as skipped) by requireBrowser()
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=900,700", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  @BeforeEach
  void requireBrowser() {
    Assumptions.assumeTrue(browser != null, "chromium and chromium-driver are not installed");
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  void fill(String id, String value) {
    WebElement e = browser.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  void screenshot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aTypoIsCaughtAndTheSuggestionIsOneClickAway() throws IOException {
    browser.get(url("/"));
    fill("name", "Ada Lovelace");
    fill("email", "ada@gmial.com");
    browser.findElement(By.id("submit")).click();

    WebElement error = browser.findElement(By.id("email-error"));
    assertThat(error.getText()).contains("Did you mean ada@gmail.com?").contains("no_domain");
    screenshot("signup-typo.png");

    browser.findElement(By.id("suggestion")).click();
    assertThat(browser.findElement(By.id("email")).getAttribute("value"))
        .isEqualTo("ada@gmail.com");
    assertThat(browser.findElement(By.id("name")).getAttribute("value"))
        .isEqualTo("Ada Lovelace");
    browser.findElement(By.id("submit")).click();
    assertThat(browser.findElement(By.id("welcome")).getText())
        .isEqualTo("Welcome, Ada Lovelace!");
    assertThat(browser.findElement(By.id("address")).getText()).isEqualTo("ada@gmail.com");
  }

  @Test
  void disposableAddressesAreRefusedWithTheReason() {
    browser.get(url("/signup"));
    fill("name", "Mallory");
    fill("email", "mallory@mailinator.com");
    browser.findElement(By.id("submit")).click();
    assertThat(browser.findElement(By.id("email-error")).getText())
        .contains("This address is a disposable address").contains("disposable_provider");
    assertThat(browser.findElements(By.id("suggestion"))).isEmpty();
  }
}
