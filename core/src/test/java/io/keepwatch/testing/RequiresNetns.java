package io.keepwatch.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that create network namespaces: tagged {@code netns}, and run only as root. Without
 * root they are skipped, unless the environment variable CI is "true", where they fail loudly.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("netns")
@ExtendWith(NetnsCondition.class)
public @interface RequiresNetns {}
