package xyz.peaq.os.mcr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * .ci/run) driven through its chromedriver. Absent locally, the browser tests are skipped with a
 * message saying what to install; under CI ({@code CI} set) its absence fails them.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Skips (locally) or fails (CI) when the browser or its driver is missing. */
  static void require() {
    boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    String message =
        "the browser tests need Debian's chromium and chromium-driver ("
            + BROWSER
            + ", "
            + DRIVER
            + "): apt-get install chromium chromium-driver";
    if (!present && System.getenv("CI") != null) {
      Assertions.fail(message);
    }
    Assumptions.assumeTrue(present, message);
  }

  /** A headless browser of the given window size; {@code javascript} false turns scripts off. */
  static ChromeDriver start(int width, int height, boolean javascript, Path profile) {
    require();
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--user-data-dir=" + profile.toAbsolutePath(),
        // Chromium's window is at least 500 px wide: a narrower screen is emulated (viewport).
        "--window-size=" + Math.max(width, 1280) + "," + Math.max(height, 1000));
    if (!javascript) {
      o.setExperimentalOption(
          "prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(120))
            .build();
    ChromeDriver d = new ChromeDriver(service, o);
    // Generous: the build machine is shared and loaded; waits are on conditions, never sleeps.
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    viewport(d, width, height);
    return d;
  }

  /**
   * Sets the page's viewport (CSS pixels, device scale 1); below 600 px wide as a phone (mobile
   * emulation, so the page's viewport meta applies).
   */
  static void viewport(ChromeDriver d, int width, int height) {
    d.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        java.util.Map.of(
            "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  /** The layout viewport's width in CSS pixels. */
  static int viewportWidth(ChromeDriver d) {
    return ((Number) d.executeScript("return document.documentElement.clientWidth;")).intValue();
  }

  /** Writes a PNG screenshot to {@code target/screenshots/<name>.png}; returns its path. */
  static Path screenshot(ChromeDriver d, String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path out = dir.resolve(name + ".png");
      Files.copy(
          d.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the screenshot " + name, e);
    }
  }

  /** Whether the page is wider than the window (a horizontal scroll bar). */
  static boolean scrollsSideways(ChromeDriver d) {
    Object r =
        d.executeScript(
            "var w = document.documentElement.clientWidth;"
                + " return document.documentElement.scrollWidth > w || document.body.scrollWidth > w;");
    return Boolean.TRUE.equals(r);
  }
}
