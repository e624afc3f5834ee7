package org.carecall.hub.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium from Debian's packages, driven by Debian's chromedriver: nothing here downloads
 * a browser. Each browser has its own empty profile.
 */
public final class Browser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    private String console;

    public Browser() throws IOException {
        this(1200, 900, null);
    }

    /** A desktop browser that trusts the hub's own certificate, as a community's CA installed on it would. */
    public static Browser trusting(Path certificate) throws IOException {
        return new Browser(1200, 900, certificate);
    }

    /**
     * A phone: a 390 by 844 CSS pixel mobile viewport at three device pixels per CSS pixel, as a common
     * handset shows a page (a desktop window cannot be made that narrow).
     */
    public static Browser phone() throws IOException {
        return phone(null);
    }

    public static Browser phone(Path trustedCertificate) throws IOException {
        return phone(trustedCertificate, 390);
    }

    /** A phone of another width (360 CSS pixels: the narrowest common handset). */
    public static Browser phone(Path trustedCertificate, int width) throws IOException {
        Browser phone = new Browser(width, 844, trustedCertificate);
        phone.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width,
                "height", 844, "deviceScaleFactor", 3, "mobile", true));
        phone.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", java.util.Map.of("enabled", true));
        return phone;
    }

    /**
     * {@code trustedCertificate}: a server certificate this browser accepts as if a CA it trusts had signed
     * it (Chromium's SPKI allow-list), so that the console's HTTPS origin is a secure context in full:
     * service worker, notifications and wake lock included. Null: the usual trust only.
     */
    private Browser(int width, int height, Path trustedCertificate) throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed: apt-get install chromium"
                    + " chromium-driver (.ci/run installs them)");
        }
        profile = Files.createTempDirectory("carecall-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        if (trustedCertificate != null) {
            options.addArguments("--ignore-certificate-errors-spki-list=" + spkiHash(trustedCertificate));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** The base64 SHA-256 of a certificate's public key, as Chromium's SPKI allow-list names it. */
    private static String spkiHash(Path certificate) throws IOException {
        try (var in = Files.newInputStream(certificate)) {
            var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
            return java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + certificate, e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public boolean exists(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /**
     * The console redraws its board on every event, so an element found a moment ago may be gone: these
     * read and click in one step, and try a click again if the element was redrawn under it.
     */
    public String text(String css) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e === null ? null : e.innerText;", css);
    }

    public String attribute(String css, String name) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e === null ? null : e.getAttribute(arguments[1]);", css, name);
    }

    public void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                find(css).click();
                return;
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** Replaces what an input holds with the text, as a person would type it. */
    public void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /** The sentence the console put under a form's field, waited for. */
    public String fieldError(String form, String field, Duration timeout) {
        String css = form + " .field-error[data-error-for='" + field + "']";
        until(timeout, () -> exists(css));
        return text(css);
    }

    public Object script(String javascript, Object... args) {
        return driver.executeScript(javascript, args);
    }

    /** A script that answers later: it calls {@code arguments[arguments.length - 1]} with its answer. */
    public Object asyncScript(String javascript, Object... args) {
        return driver.executeAsyncScript(javascript, args);
    }

    /** Waits until the condition holds, up to the timeout. */
    public void until(Duration timeout, ExpectedCondition<?> condition) {
        new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public void until(Duration timeout, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                .until(ignored -> condition.get());
    }

    /** Saves what the browser shows as a PNG. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Logs in and taps "start duty", as a worker does at the start of a shift. */
    public void login(String username, String password) {
        loginOnly(username, password);
        click("#start-button");
        until(Duration.ofSeconds(10), () -> "on".equals(attribute("#alerts", "data-state")));
    }

    /** Logs in without the start-duty tap: the console is live but has no sound yet. */
    public void loginOnly(String username, String password) {
        find("#login input[name=username]").sendKeys(username);
        find("#login input[name=password]").sendKeys(password);
        find("#login button[type=submit]").click();
        until(Duration.ofSeconds(10), () -> "up".equals(attribute("#link", "data-state")));
    }

    /** Emulates a CSS media feature, as a phone's settings set it ("prefers-reduced-motion", "reduce"). */
    public void emulateMedia(String feature, String value) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                java.util.List.of(java.util.Map.of("name", feature, "value", value))));
    }

    /** Grants the page's origin browser permissions (notifications, say), as a worker does once. */
    public void grant(String origin, String... permissions) {
        driver.executeCdpCommand("Browser.grantPermissions",
                java.util.Map.of("origin", origin, "permissions", java.util.List.of(permissions)));
    }

    /**
     * Puts the console in the background, as a phone in a pocket or another app in front does: another
     * tab comes to the front, so the console's page is hidden. {@link #bringBack()} undoes it.
     */
    public void hide() {
        console = driver.getWindowHandle();
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get("about:blank");
    }

    public void bringBack() {
        String other = driver.getWindowHandle();
        driver.switchTo().window(console);
        driver.executeScript("window.focus()");
        if (!other.equals(console)) {
            driver.switchTo().window(other).close();
            driver.switchTo().window(console);
        }
    }

    /** Cuts the page's network (a stairwell with no signal) or gives it back, as Chromium's DevTools emulate it. */
    public void network(boolean up) {
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", !up, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** What the page wrote to its console (errors above all), for a failing test to show. */
    public String pageLog() {
        StringBuilder log = new StringBuilder();
        driver.manage().logs().get("browser").forEach(entry -> log.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return log.toString();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
