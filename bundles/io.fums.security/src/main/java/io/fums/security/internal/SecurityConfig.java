package io.fums.security.internal;

import io.fums.api.device.DeviceId;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the security gate (PID {@code io.fums.security}). */
@ObjectClassDefinition(name = "FUMS security gate", description = "Admission of operator commands and packages")
public @interface SecurityConfig {

    String PID = "io.fums.security";
    String DCU_ID_PROPERTY = "fums.dcu.id";

    @AttributeDefinition(description = "Clock difference tolerated between the operator's console and the DCU, seconds (0..3600)")
    int maxSkewSeconds() default 120;

    @AttributeDefinition(description = "Largest package or payload taken into the image store, bytes")
    long maxPackageBytes() default 512L * 1024 * 1024;

    /** The DCU's id from the framework property the launcher sets (FUMS_DCU_ID, else conf); null if unset or invalid. */
    final class Ids {
        private Ids() {
        }

        static DeviceId dcuId(BundleContext context) {
            String id = context.getProperty(DCU_ID_PROPERTY);
            return DeviceId.isValid(id) ? DeviceId.of(id) : null;
        }
    }
}
