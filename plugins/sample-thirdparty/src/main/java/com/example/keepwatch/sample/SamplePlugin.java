package com.example.keepwatch.sample;

import org.pf4j.Plugin;

/** The sample plugin's lifecycle: nothing to do but say it started. */
public class SamplePlugin extends Plugin {

    @Override
    public void start() {
        log.info("sample plugin started");
    }
}
