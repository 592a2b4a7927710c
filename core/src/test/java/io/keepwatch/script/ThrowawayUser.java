package io.keepwatch.script;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A system user the test creates with {@code useradd} (no home, no login) and removes with
 * {@code userdel} when closed, so a test runs scripts as a user nobody else uses.
 */
final class ThrowawayUser implements AutoCloseable {

    final String name;

    ThrowawayUser() throws IOException, InterruptedException {
        this.name = "kwtest" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("userdel", name);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
