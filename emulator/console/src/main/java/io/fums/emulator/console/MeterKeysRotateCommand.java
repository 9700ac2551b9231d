package io.fums.emulator.console;

import com.google.gson.JsonObject;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code meters keys-rotate DCU METER --keys-file FILE}: rotates a meter's
 * suite 0 keys on the meter (SEC-1): the meter's master key and the new keys
 * are sealed to the DCU's key-agreement key (ECIES, bound to the DCU and
 * meter ids) and sent as the signed {@code meters.keys.rotate}; the DCU
 * transfers the new keys to the meter (security setup key_transfer, wrapped
 * under the master key), reads the meter with them, then forgets the old
 * ones. FILE holds the master key, the new encryption key and the new
 * authentication key, 32 hex digits each, on three lines.
 */
@Command(name = "keys-rotate", description = {"Rotate a meter's suite 0 keys on the meter: the DCU transfers them to the",
    "meter (security setup key_transfer, wrapped under its master key), confirms them, then forgets the old",
    "ones; sent as signed meters.keys.rotate, sealed to the DCU's key-agreement key (ECIES). FILE: the",
    "meter's master key, the new encryption key and the new authentication key, 32 hex digits each, one per line."})
final class MeterKeysRotateCommand extends MeterKeysCommand {

    @Override
    void before() throws ConsoleException {
        if (meterId == null) {
            throw new ConsoleException(ConsoleErrors.USAGE, "keys-rotate: give the METER whose keys to rotate (one"
                    + " meter per rotation)");
        }
        super.before();
    }

    @Override
    String operation() {
        return "meters.keys.rotate";
    }

    @Override
    List<String> keyNames() {
        return List.of("the meter's master key", "the new encryption key", "the new authentication key");
    }

    @Override
    String done(JsonObject d, String keyId) {
        return meterId + ": keys rotated on the meter to " + DcusCommand.text(d, "encryptionKeyId") + " / "
                + DcusCommand.text(d, "authenticationKeyId") + ", confirmed; the old keys are forgotten on " + dcu;
    }
}
