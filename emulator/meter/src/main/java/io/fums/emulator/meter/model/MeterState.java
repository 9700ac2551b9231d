package io.fums.emulator.meter.model;

import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything a meter keeps across a restart, as saved in its
 * {@code state.json} (Gson, field by field). Mutable; guarded by the
 * meter's lock. Times are epoch milliseconds of the emulator's time source.
 */
final class MeterState {

    /** Most events kept (oldest dropped first). */
    static final int MAX_EVENTS = 32;

    int schema = 1;
    String meterId;
    String deviceType;

    // dual-bank firmware (UC-6)
    Bank[] banks = {new Bank(), new Bank()};
    /** The committed bank the meter boots from. */
    int activeBank;
    /** The bank under trial during activation and self-check, -1 when none. */
    int trialBank = -1;
    /**
     * Firmware components besides the core (issue 15, SM-1): component name ({@code metrology},
     * {@code communication}) to the image it runs. Empty for a meter with a core only.
     */
    TreeMap<String, Component> components = new TreeMap<>();
    /** The component whose new image is under trial (activation, self-check), null when none or the core's. */
    String trialComponent;
    /** The step in progress (verify, activation, self-check) and when it ends. */
    Step step = Step.NONE;
    long stepDue;

    // image transfer (class 18)
    boolean transferEnabled = true;
    int status;
    String imageIdentifier;
    long imageSize;
    int transferBlockSize;
    /** The received-blocks bitmap, base64 of BitSet.toByteArray; see {@link #blocks()}. */
    String received;
    /** The image in the pending bank once verified (image_to_activate_info), else null. */
    Pending verified;
    transient BitSet blocks;

    // activation schedule (class 22)
    String executionTime;
    long activationAt;

    // accumulation and storage part of the metrology (MET-3): energy in millijoules (W*ms)
    long importMj;
    long exportMj;

    // clock (class 8)
    long clockOffsetMillis;
    int timeZone;

    // disconnect control (class 70): control_state 0 disconnected, 1 connected, 2 ready_for_reconnection; mode 0..6
    int controlState = 1;
    int controlMode = DisconnectControlObject.DEFAULT_MODE;

    // configuration (SM-7, NET-1): OBIS code to typed value
    TreeMap<String, String> settings = new TreeMap<>();

    // DLMS security: the meter's invocation counters (ciphered associations)
    long counterNextToSend = 1;
    long counterLastReceived = -1;
    /** APDUs refused because their invocation counter was not above the last accepted one (replays). */
    long replaysRefused;

    // security setup (class 64): keys as hex. An emulator keeps them in its state file in plaintext, as its
    // key seed; a real meter keeps them in protected storage. Null: the configured keys (or none).
    String masterKey;
    /** Keys in use since a key_transfer, or null for the configured ones. */
    String encryptionKey;
    String authenticationKey;
    /** Keys transferred in an association, in use from the next one on; null when none wait. */
    String nextEncryptionKey;
    String nextAuthenticationKey;
    /** The global broadcast key in use since a key_transfer (key id 1), and one waiting for the next association. */
    String broadcastKey;
    String nextBroadcastKey;
    /** The highest broadcast invocation counter accepted under the broadcast key in use, -1 for none. */
    long broadcastLastReceived = -1;

    // upgrade records (SM-5)
    List<String> events = new ArrayList<>();
    long powerCuts;
    long upgradesSucceeded;
    long upgradeFailures;

    /** The steps that take time. */
    enum Step { NONE, VERIFYING, ACTIVATING, SELF_CHECK }

    /** One firmware bank. */
    static final class Bank {
        String version;
        /** SHA-256 of the bank's image, hex; the active firmware signature. */
        String sha256;
        long size;
        /** "valid", "empty", "receiving", "discarded". */
        String condition = "empty";
    }

    /** A firmware component other than the core: the image it runs, and the one it ran before a trial. */
    static final class Component {
        String version;
        /** SHA-256 of its image, hex; the component's active firmware signature. */
        String sha256;
        /** The image it ran before the one under trial, restored if the trial fails; null when no trial. */
        String previousVersion;
        String previousSha256;
    }

    /** A verified image waiting in the pending bank. */
    static final class Pending {
        String version;
        /** The component the image is for ({@code core}, {@code metrology}, {@code communication}). */
        String component = "core";
        int flags;
        long size;
        String identifier;
        String sha256;
    }

    /** The received-blocks bitmap, decoded on first use. */
    BitSet blocks() {
        if (blocks == null) {
            blocks = received == null ? new BitSet() : BitSet.valueOf(Base64.getDecoder().decode(received));
        }
        return blocks;
    }

    /** Copies the bitmap into its saved form; call before saving. */
    void syncBlocks() {
        if (blocks != null) {
            received = Base64.getEncoder().encodeToString(blocks.toByteArray());
        }
    }

    /** The bank the meter runs: the trial bank once activation has switched to it, else the active bank. */
    int runningBank() {
        return step == Step.SELF_CHECK && trialBank >= 0 ? trialBank : activeBank;
    }

    /** Whether the supply switch is closed (the metrology measures power only then). */
    boolean loadConnected() {
        return controlMode == 0 || controlState == 1;
    }

    /** Number of blocks of the image being transferred. */
    long blockCount() {
        return transferBlockSize == 0 ? 0 : (imageSize + transferBlockSize - 1) / transferBlockSize;
    }

    void event(String text) {
        events.add(text);
        while (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
    }
}
