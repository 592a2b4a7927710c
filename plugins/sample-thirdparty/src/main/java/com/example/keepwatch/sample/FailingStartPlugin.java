package com.example.keepwatch.sample;

import org.pf4j.Plugin;

/** A plugin whose start fails: keepwatch's own tests show that it is skipped and the others load. */
public class FailingStartPlugin extends Plugin {

    @Override
    public void start() {
        throw new IllegalStateException("sample failure in start()");
    }
}
