package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedirectAllowListTest {

    private final RedirectAllowList allowList = new RedirectAllowList(config(List.of(
            "http://localhost:8080/", "https://app.example.com/auth")));

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:8080/auth/callback",
            "http://localhost:8080/",
            "https://app.example.com/auth",
            "https://app.example.com/auth/callback?x=1",
            "https://APP.example.com:443/auth/callback"})
    void allowsUrlsWithinAnEntry(String url) {
        assertThat(allowList.isAllowed(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/auth/callback",
            "http://localhost:8081/auth/callback",
            "https://localhost:8080/auth/callback",
            "https://app.example.com/authx",
            "https://app.example.com/other",
            "https://app.example.com/auth/../admin",
            "https://app.example.com/auth/%2e%2e/admin",
            "https://app.example.com/auth%2F..%2Fadmin",
            "https://user@app.example.com/auth/callback",
            "https://app.example.com.evil.example/auth",
            "https://app.example.com/auth#fragment",
            "javascript:alert(1)",
            "//evil.example/auth",
            "not a url"})
    void refusesEverythingElse(String url) {
        assertThat(allowList.isAllowed(url)).isFalse();
    }

    @Test
    void requireExplainsTheRefusal() {
        ApiException e = assertThrows(ApiException.class, () -> allowList.require("https://evil.example/"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("allow-list");
    }

    private static AuthConfig config(List<String> entries) {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[]{AuthConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("redirectAllowList")) {
                        return entries;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
