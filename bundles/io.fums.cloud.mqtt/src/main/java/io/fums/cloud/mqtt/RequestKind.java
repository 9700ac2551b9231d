package io.fums.cloud.mqtt;

/** How an operation acts on the DCU (Kura's GET versus PUT/POST/DEL/EXEC). */
public enum RequestKind {
    /** Reads only; served without a signature. */
    GET,
    /** Changes state; served only with an admitted operator signature. */
    EXEC
}
