package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OSGi component is what other bundles get: every default method of the service interfaces it provides
 * must reach {@link MeterReadingService}, or callers silently get the interface's default. Found by
 * GuruxMeterCampaignE2EIT (issue 15): the real DCU's meters.list showed no capabilities and a scheduled campaign
 * could not leave out a meter without class 22, because {@code capabilities} was not delegated.
 */
@Tag("SM-9")
class ComponentDelegationTest {

    /**
     * Defaults the component does not delegate yet, each a known gap: {@code medium} and {@code broadcaster}
     * (the shared medium's broadcast, issue 14) are served by MeterReadingService but not through the
     * component. Remove a name when it is delegated (the test fails on a stale entry).
     */
    private static final Set<String> NOT_DELEGATED_YET = Set.of("MeterInventory.medium", "MeterInventory.broadcaster");

    @Test
    void theComponentDelegatesEveryDefaultMethodOfTheServicesItProvides() {
        Set<String> missing = new TreeSet<>();
        for (Class<?> service : MeterReadingComponent.class.getInterfaces()) {
            for (Method m : service.getMethods()) {
                if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                try {
                    Method impl = MeterReadingComponent.class.getMethod(m.getName(), m.getParameterTypes());
                    if (impl.getDeclaringClass() != MeterReadingComponent.class) {
                        missing.add(service.getSimpleName() + "." + m.getName());
                    }
                } catch (NoSuchMethodException e) {
                    missing.add(service.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(missing).isEqualTo(new TreeSet<>(NOT_DELEGATED_YET));
    }
}
