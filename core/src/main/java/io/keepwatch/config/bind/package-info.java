/** Keyword binders: from the block tree to the model, with keepalived's defaults and warn-and-fix rules. */
package io.keepwatch.config.bind;
