package dev.gatehouse.ui.session;

import dev.gatehouse.ui.upstream.AuthApi;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** This request's visitor, and the cookie change (new tokens, or sign-out) to send with the answer. */
@RequestScoped
public class CurrentVisitor {

    private Visitor visitor;
    private AuthApi.Tokens newTokens;
    private boolean signOut;
    private String refreshJwt;
    private Unavailable unavailable;

    /** auth-service could not refresh right now (429 or 5xx): nothing about the session is known to be wrong. */
    public record Unavailable(int status, long retryAfterSeconds) {
    }

    public Optional<Visitor> get() {
        return Optional.ofNullable(visitor);
    }

    public Optional<String> refreshJwt() {
        return Optional.ofNullable(refreshJwt);
    }

    void signedIn(Visitor visitor, String refreshJwt) {
        this.visitor = visitor;
        this.refreshJwt = refreshJwt;
    }

    public void replaceTokens(AuthApi.Tokens tokens, Visitor visitor) {
        this.newTokens = tokens;
        this.visitor = visitor;
        this.refreshJwt = tokens.refreshJwt();
        this.signOut = false;
    }

    public void signOut() {
        this.visitor = null;
        this.newTokens = null;
        this.refreshJwt = null;
        this.signOut = true;
    }

    void refreshUnavailable(int status, long retryAfterSeconds) {
        this.unavailable = new Unavailable(status, retryAfterSeconds);
    }

    Optional<Unavailable> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    Optional<AuthApi.Tokens> newTokens() {
        return Optional.ofNullable(newTokens);
    }

    boolean signingOut() {
        return signOut;
    }
}
