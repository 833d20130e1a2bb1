package dev.gatehouse.tenant.access;

import jakarta.enterprise.context.RequestScoped;

@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        return caller;
    }
}
