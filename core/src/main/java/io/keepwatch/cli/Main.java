package io.keepwatch.cli;

/** Entry point placeholder; the picocli command tree replaces it. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("keepwatch");
    }
}
