/**
 * The plugin host: finds plugin jars (refusing insecure ones), loads them with PF4J so that the plugin
 * API and its libraries always come from keepwatch, creates checks and notifiers from their
 * configuration blocks, schedules the checks and delivers transition events to the notifiers.
 */
package io.keepwatch.plugins;
