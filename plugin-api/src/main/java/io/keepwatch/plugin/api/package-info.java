/** The contract between keepwatch and its plugins: extension points and the types they exchange. */
package io.keepwatch.plugin.api;
