package dev.gatehouse.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A class of the suite that drives the one running stack through a Chromium of its own, opened before its first
 * test and closed after its last. (The suite's classes run one after the other.)
 */
abstract class BrowserSuite {

    static Stack stack;
    static Browser browser;

    @BeforeAll
    static void openBrowser() {
        stack = Stack.get();
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
