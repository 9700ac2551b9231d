package io.fums.link.serial.internal;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.LinkFactory;
import io.fums.link.serial.SerialLink;
import io.fums.link.serial.SerialSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configured serial port, offered as a {@link LinkFactory} service with
 * properties {@code link.name} and {@code link.type=serial}. The port is
 * opened on demand, by one user at a time; a new configuration applies to
 * the next {@link #open()}.
 */
@Component(configurationPid = SerialLinkFactoryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = LinkFactory.class, property = LinkFactory.TYPE + "=serial")
@Designate(ocd = SerialLinkFactoryComponent.Config.class, factory = true)
public final class SerialLinkFactoryComponent implements LinkFactory {

    /** The factory PID. */
    public static final String PID = "io.fums.link.serial";

    /** One serial port to meters. */
    @ObjectClassDefinition(name = "FUMS serial meter link", description = "A serial port (RS-485, optical probe) "
            + "through which the DCU reaches DLMS/COSEM meters with HDLC.")
    public @interface Config {
        /** Service property link.name: how campaigns and meter records refer to this link. */
        @AttributeDefinition(name = "Link name", description = "Name of the link, e.g. rs485-a")
        String link_name();

        @AttributeDefinition(name = "Port", description = "Device path, e.g. /dev/ttyUSB0 or a socat pty")
        String port();

        @AttributeDefinition(name = "Baud rate", min = "300", max = "921600")
        int baudRate() default 9600;

        @AttributeDefinition(name = "Data bits", min = "5", max = "8")
        int dataBits() default 8;

        @AttributeDefinition(name = "Parity", options = {
            @org.osgi.service.metatype.annotations.Option(label = "None", value = "none"),
            @org.osgi.service.metatype.annotations.Option(label = "Odd", value = "odd"),
            @org.osgi.service.metatype.annotations.Option(label = "Even", value = "even"),
            @org.osgi.service.metatype.annotations.Option(label = "Mark", value = "mark"),
            @org.osgi.service.metatype.annotations.Option(label = "Space", value = "space")})
        String parity() default "none";

        @AttributeDefinition(name = "Stop bits", options = {
            @org.osgi.service.metatype.annotations.Option(label = "1", value = "1"),
            @org.osgi.service.metatype.annotations.Option(label = "1.5", value = "1.5"),
            @org.osgi.service.metatype.annotations.Option(label = "2", value = "2")})
        String stopBits() default "1";

        @AttributeDefinition(name = "Read step (ms)", description = "Longest single wait inside the driver",
                min = "1", max = "60000")
        int readTimeoutMillis() default 100;

        @AttributeDefinition(name = "Write timeout (ms)", min = "1", max = "60000")
        int writeTimeoutMillis() default 5000;
    }

    private volatile String name;
    private volatile SerialSettings settings;
    private SerialLink current;

    /** Activates with a configuration; an invalid one fails activation with a message naming the field. */
    @Activate
    public SerialLinkFactoryComponent(Config config) {
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    private void apply(Config c) {
        name = c.link_name() == null || c.link_name().isBlank() ? c.port() : c.link_name();
        settings = settings(c);
    }

    /** The settings of a configuration (validated). */
    static SerialSettings settings(Config c) {
        return SerialSettings.parse(c.port(), c.baudRate(), c.dataBits(), c.parity(), c.stopBits(),
                c.readTimeoutMillis(), c.writeTimeoutMillis());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Link open() throws DlmsException {
        if (current != null && current.isOpen()) {
            throw DlmsException.unreachable("serial " + current.settings().port(), "port is in use by another "
                    + "session of link " + name, null);
        }
        current = SerialLink.open(settings);
        return current;
    }
}
