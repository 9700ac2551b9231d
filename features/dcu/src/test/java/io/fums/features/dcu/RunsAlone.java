package io.fums.features.dcu;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An end-to-end test class whose assertions judge time on the machine's
 * cores (e.g. that reads keep their period during a campaign): while it runs,
 * no end-to-end test runs in the other test fork (see {@link ForkLock}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface RunsAlone {
}
