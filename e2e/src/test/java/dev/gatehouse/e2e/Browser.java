package dev.gatehouse.e2e;

import dev.gatehouse.testing.RequiredTool;
import dev.gatehouse.testing.Scratch;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Debian's headless Chromium through Selenium, with the flags this closed network needs. */
final class Browser implements AutoCloseable {

    final WebDriver driver;
    private final Path profile;

    Browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(RequiredTool.path("chromium", "chromium"));
        try {
            profile = Files.createTempDirectory("chromium-e2e");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1100,1400", "--user-data-dir=" + profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(RequiredTool.path("chromedriver", "chromium-driver"))).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    void open(String url) {
        driver.get(url);
    }

    void type(String id, String text) {
        var field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    void waitFor(String id) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    /**
     * Waits until element {@code id} holds {@code fragment}. After a click that submits a form, the page being left
     * may have an element of the same id: waiting for it alone could read the old page, or an element gone stale.
     */
    void waitForText(String id, String fragment) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), fragment));
    }

    void waitForUrl(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().startsWith(prefix));
    }

    /** Signs in on Keycloak's login form. */
    void keycloakLogin(String username, String password) {
        waitFor("username");
        type("username", username);
        type("password", password);
        click("kc-login");
    }

    /** Clears every cookie of every origin (WebDriver's deleteAllCookies only sees the current page's). */
    void forgetEverything() {
        ((ChromeDriver) driver).executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    void screenshot(String name) {
        try {
            Path target = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Scratch.delete(profile);
        }
    }
}
