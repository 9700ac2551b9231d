package io.fums.api.error;

/**
 * The stable error codes of FUMS. Each has a category (which layer refused
 * or failed) and a default message; the code's name is what machines match
 * on, the message is for people.
 *
 * <p>Codes are added in minor versions of this package and never renamed,
 * removed or reused.
 */
public enum ErrorCode {

    // configuration
    CONFIG_INVALID(Category.CONFIGURATION, "configuration is invalid"),
    CONFIG_MISSING(Category.CONFIGURATION, "required configuration is missing"),

    // packages (meter firmware and DCU software)
    PKG_MALFORMED(Category.PACKAGE, "package is not a well-formed FUMS package"),
    PKG_MANIFEST_INVALID(Category.PACKAGE, "package manifest is missing a field or has an invalid value"),
    PKG_PATH_TRAVERSAL(Category.PACKAGE, "package entry path escapes the package"),
    PKG_TOO_LARGE(Category.PACKAGE, "package or payload exceeds its declared or allowed size"),
    PKG_SIZE_MISMATCH(Category.PACKAGE, "payload size differs from the manifest"),
    PKG_HASH_MISMATCH(Category.PACKAGE, "payload SHA-256 differs from the manifest"),
    PKG_SIGNATURE_INVALID(Category.PACKAGE, "a package signature does not verify"),
    PKG_SIGNER_UNKNOWN(Category.PACKAGE, "a package signature is by a key the trust store does not know"),
    PKG_SIGNER_REVOKED(Category.PACKAGE, "a package signature is by a revoked key"),
    PKG_THRESHOLD_NOT_MET(Category.PACKAGE, "not enough valid signatures for a required role"),
    PKG_INCOMPATIBLE(Category.PACKAGE, "package is not compatible with the device type"),
    PKG_PREREQUISITE(Category.PACKAGE, "device needs a prior version before this package"),
    PKG_DOWNGRADE(Category.PACKAGE, "package version is not newer than the installed one"),
    /** Since 1.4: a second encoding of signed content (a deflated entry, a high-s ECDSA signature). */
    PKG_NONCANONICAL(Category.PACKAGE, "package is not in the one canonical encoding (stored entries, low-s signatures)"),
    ARTIFACT_UNAVAILABLE(Category.PACKAGE, "the artifact could not be downloaded"),

    // commands from the cloud or a technician
    CMD_MALFORMED(Category.COMMAND, "command is malformed"),
    CMD_UNKNOWN(Category.COMMAND, "unknown operation"),
    CMD_TOO_LARGE(Category.COMMAND, "command payload is too large"),
    CMD_UNSIGNED(Category.COMMAND, "state-changing command carries no operator signature"),
    CMD_SIGNATURE_INVALID(Category.COMMAND, "command signature does not verify"),
    CMD_EXPIRED(Category.COMMAND, "command is expired or issued in the future"),
    CMD_WRONG_TARGET(Category.COMMAND, "command is addressed to another DCU"),
    CMD_REPLAYED(Category.COMMAND, "command nonce was already used"),
    /** Since 1.4: a valid signature in its high-s form, the malleable twin of the low-s one. */
    CMD_NONCANONICAL(Category.COMMAND, "command signature is not in its canonical low-s form"),
    /** Since 1.4: a Response Topic inside the DCU's own topic tree (it would publish under the DCU's identity). */
    CMD_RESPONSE_TOPIC_FORBIDDEN(Category.COMMAND, "the response topic is inside the DCU's own topic tree"),
    /** Since 1.4: the bounded request queue was full; the request was dropped. */
    CMD_QUEUE_FULL(Category.COMMAND, "too many requests are waiting: the request was dropped"),
    /**
     * Since 1.5: the operation needs two distinct operator signatures over the same command (dual control,
     * SEC-4) and it carries one, or the same key twice.
     */
    CMD_DUAL_CONTROL_REQUIRED(Category.COMMAND, "the operation needs the signatures of two distinct operator keys"),
    /** Since 1.5: the meter is held by a campaign that has not finished with it; nothing was sent to the meter. */
    CMD_METER_IN_CAMPAIGN(Category.COMMAND, "the meter is held by an unfinished campaign"),
    /** Since 1.7: the campaign id names no campaign on this DCU (was {@code CMD_MALFORMED}). */
    CMD_CAMPAIGN_UNKNOWN(Category.COMMAND, "no campaign with this id on the DCU"),
    /** Since 1.7: the firmware (by its SHA-256) is not staged on this DCU (was {@code CMD_MALFORMED}). */
    CMD_FIRMWARE_NOT_STAGED(Category.COMMAND, "the firmware is not staged on the DCU"),

    // meters and links
    METER_UNREACHABLE(Category.METER, "meter does not answer"),
    METER_PROTOCOL(Category.METER, "meter sent a malformed or unexpected response"),
    METER_AUTH_FAILED(Category.METER, "meter association or authentication failed"),
    METER_REFUSED(Category.METER, "meter refused the request"),
    METER_VERIFY_FAILED(Category.METER, "meter reported that image verification failed"),
    METER_ACTIVATION_FAILED(Category.METER, "meter reported that activation failed"),
    METER_SELF_CHECK_FAILED(Category.METER, "meter self-check failed and it reverted"),
    METER_UNEXPECTED_VERSION(Category.METER, "meter runs an unexpected firmware version"),
    METER_UNKNOWN(Category.METER, "no meter with this id in the DCU's inventory"),
    /** @since 1.4 */
    /** Since 1.6. */
    METER_ANOMALY(Category.METER, "a meter behaves abnormally: its energy went back, its clock drifted or another device answers at its address"),
    METER_SCHEDULE_REFUSED(Category.METER, "meter refused the write of its image activation schedule"),
    /** Since 1.7: an anomaly alarm marked the meter suspect; campaigns skip it until an operator clears it. */
    METER_SUSPECT(Category.METER, "the meter is suspect (an anomaly alarm marked it) until an operator clears it"),
    /** Since 1.8: keys of an interrupted rotation are not settled yet; new keys now could lose the meter. */
    METER_KEYS_PENDING(Category.METER, "the meter's keys of an interrupted rotation are not settled yet"),
    /** Since 1.8: the meter's association object list is malformed or longer than the DCU accepts; its capabilities are kept. */
    METER_OBJECT_LIST_INVALID(Category.METER, "the meter's association object list is malformed or too long"),
    /**
     * Since 1.8: the campaign activates at a scheduled time and the meter is known to lack an image activation
     * schedule (class 22); it is left out of the campaign at creation.
     */
    METER_NO_ACTIVATION_SCHEDULE(Category.METER, "the meter has no image activation schedule (class 22) for a scheduled activation"),
    /**
     * Since 1.10: the campaign's firmware is for a component (metrology, communication module) whose active
     * firmware identifier the meter's object list does not name; it is left out of the campaign at creation.
     */
    METER_NO_COMPONENT(Category.METER, "the meter has no firmware component of the kind the package carries"),

    // DCU software swap
    SWAP_RESOLVE_FAILED(Category.SOFTWARE, "a bundle of the new set does not resolve"),
    SWAP_START_FAILED(Category.SOFTWARE, "a bundle or component of the new set failed to start"),
    SWAP_UNHEALTHY(Category.SOFTWARE, "the new set did not become healthy in time"),
    SWAP_FEATURE_INVALID(Category.SOFTWARE, "the package's feature descriptor or bundles are invalid"),
    SWAP_REFUSED(Category.SOFTWARE, "the swap would stop the software deployer itself"),
    SWAP_NOTHING_TO_ROLL_BACK(Category.SOFTWARE, "there is no previous software set to roll back to"),
    SWAP_FAILED(Category.SOFTWARE, "the swap failed and the previous set was restored"),

    // the cloud link (since 1.6)
    CLOUD_TLS_FAILED(Category.CLOUD, "the TLS handshake with the broker failed (certificate, protocol or cipher)"),
    CLOUD_AUTH_FAILED(Category.CLOUD, "the broker refused the DCU's credentials or authorisation"),

    // storage and internal
    STORAGE_FAILED(Category.INTERNAL, "durable storage failed"),
    STORAGE_CORRUPT(Category.INTERNAL, "stored data failed its integrity check"),
    /**
     * Since 1.9: the data folder's file system is full, or writing would take it below the free space the DCU keeps
     * in reserve for its journals, outbox and audit; new work (downloads, images, packages, campaigns) is refused
     * until space returns, and what is under way goes on in the reserve.
     */
    STORAGE_FULL(Category.INTERNAL, "the data folder is full or below its free-space reserve: new work is refused"
            + " until space returns"),
    INTERNAL(Category.INTERNAL, "internal error");

    /** Which layer a code belongs to. */
    public enum Category {
        CONFIGURATION, PACKAGE, COMMAND, METER, SOFTWARE, INTERNAL,
        /** The DCU's link to the cloud (since 1.6). */
        CLOUD
    }

    private final Category category;
    private final String defaultMessage;

    ErrorCode(Category category, String defaultMessage) {
        this.category = category;
        this.defaultMessage = defaultMessage;
    }

    /** The layer the code belongs to. */
    public Category category() {
        return category;
    }

    /** A one-line message for people, used when no more specific one is given. */
    public String defaultMessage() {
        return defaultMessage;
    }
}
