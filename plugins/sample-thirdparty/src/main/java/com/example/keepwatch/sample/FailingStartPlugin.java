package com.example.keepwatch.sample;

import org.pf4j.Plugin;

/** A plugin whose start fails, to show that keepwatch skips it and loads the others. */
public class FailingStartPlugin extends Plugin {

    @Override
    public void start() {
        throw new IllegalStateException("sample failure in start()");
    }
}
