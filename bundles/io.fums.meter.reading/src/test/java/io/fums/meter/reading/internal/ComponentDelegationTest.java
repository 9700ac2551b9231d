package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.meter.access.MeterInventory;
import io.fums.meter.access.MeterKeys;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.reading.MeterSupply;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DCU's meter services are {@link MeterReadingComponent}: every default
 * method of the interfaces it publishes must reach the service behind it, or
 * the DCU silently runs on the interface's default (seen: {@code medium} and
 * {@code broadcaster} fell back to "no shared medium", so the real DCU never
 * broadcast an image; {@code capabilities} to "unknown").
 */
@Tag("SM-3")
@Tag("ARC-2")
@Tag("SM-9")
class ComponentDelegationTest {

    @Test
    void theComponentOverridesEveryDefaultMethodOfTheServicesItPublishes() {
        List<String> missing = new ArrayList<>();
        for (Class<?> api : List.of(MeterInventory.class, MeterReadings.class, MeterSupply.class, MeterKeys.class)) {
            assertThat(api).isAssignableFrom(MeterReadingComponent.class);
            for (Method m : api.getMethods()) {
                if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                try {
                    Method impl = MeterReadingComponent.class.getMethod(m.getName(), m.getParameterTypes());
                    if (impl.getDeclaringClass() != MeterReadingComponent.class) {
                        missing.add(api.getSimpleName() + "." + m.getName());
                    }
                } catch (NoSuchMethodException e) {
                    missing.add(api.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(missing).as("default methods the DCU's component does not pass to its service").isEmpty();
    }
}
