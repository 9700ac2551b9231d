package io.fums.crypto;

import java.util.Locale;

/**
 * The role a key plays, fixed by the {@link TrustStore} (never by a signature
 * file or a command): a key has exactly one role.
 */
public enum KeyRole {

    /** Builds and signs packages. Counts toward the vendor threshold of a package. */
    VENDOR,

    /** Approves packages for its network (second signature). Counts toward the utility threshold. */
    UTILITY,

    /** Signs state-changing commands. Never counts for a package. */
    OPERATOR;

    /** The JSON form: {@code vendor}, {@code utility}, {@code operator}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the roles whose signatures count on a package (vendor, utility). */
    public boolean signsPackages() {
        return this != OPERATOR;
    }

    /**
     * The role with the given JSON form.
     *
     * @throws IllegalArgumentException if {@code id} is not exactly one of the JSON forms
     */
    public static KeyRole fromId(String id) {
        for (KeyRole r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "': expected vendor, utility or operator");
    }
}
