package dev.partsmith.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

import dev.partsmith.autoconfigure.PartsmithProperties.LockProvider;

/**
 * Matches when {@code partsmith.lock.provider} chooses the given provider, or is {@code auto} and
 * {@link #matchAuto()} is true. An unknown value fails the start with the allowed values.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnLockProviderCondition.class)
@interface ConditionalOnLockProvider {

    LockProvider value();

    /** Whether {@code auto} (the default) matches too. */
    boolean matchAuto() default true;
}
