package io.keepwatch.cli;

import picocli.CommandLine;

/** {@code --version}: the version in the jar manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"keepwatch " + (v != null ? v : "(development build)")};
    }
}
