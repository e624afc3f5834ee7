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

    public Browser() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed: apt-get install chromium"
                    + " chromium-driver (.ci/run installs them)");
        }
        profile = Files.createTempDirectory("carecall-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
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

    public Object script(String javascript) {
        return driver.executeScript(javascript);
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

    public void login(String username, String password) {
        find("#login input[name=username]").sendKeys(username);
        find("#login input[name=password]").sendKeys(password);
        find("#login button[type=submit]").click();
        until(Duration.ofSeconds(10), () -> "up".equals(attribute("#link", "data-state")));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
