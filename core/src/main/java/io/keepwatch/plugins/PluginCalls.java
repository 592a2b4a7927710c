package io.keepwatch.plugins;

/**
 * Runs plugin code with the thread's context class loader set to the plugin's own, as libraries
 * inside a plugin expect (Jakarta Mail, for one, finds its providers through it).
 */
final class PluginCalls {

    private PluginCalls() {}

    /** A call into plugin code that may throw. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    static <T, E extends Exception> T in(Object pluginObject, Call<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginObject.getClass().getClassLoader());
        try {
            return call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
