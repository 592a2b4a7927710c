package io.keepwatch.config.model;

import java.util.List;

/**
 * A program to run and its arguments, split as keepalived splits a script line: on blanks, with
 * single quotes keeping blanks inside one argument. Nothing is run through a shell.
 */
public record ScriptCommand(List<String> argv) {
    public ScriptCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) throw new IllegalArgumentException("a script needs a program");
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
