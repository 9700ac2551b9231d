package io.fums.emulator.meter.image;

/** An image that is not a well-formed FUMS meter firmware image. */
public class ImageFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message that says what is wrong. */
    public ImageFormatException(String message) {
        super(message);
    }
}
