/**
 * The configuration model: immutable records with keepalived's defaults and fixes applied. Times
 * are {@link java.time.Duration}s; secrets are {@link io.keepwatch.config.model.Secret}s, masked in
 * every {@code toString}.
 */
package io.keepwatch.config.model;
