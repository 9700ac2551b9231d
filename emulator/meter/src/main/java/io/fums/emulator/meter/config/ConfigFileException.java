package io.fums.emulator.meter.config;

import java.io.IOException;

/**
 * A file was read but its content is wrong (a population file that does not
 * parse or names an unknown field, a PEM file that holds no usable key): the
 * person must fix the file, not the disk. The command-line tools report it
 * with the usage/configuration exit code (2), other I/O errors with 3.
 */
public class ConfigFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
