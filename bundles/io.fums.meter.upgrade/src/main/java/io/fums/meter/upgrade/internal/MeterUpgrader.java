package io.fums.meter.upgrade.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.cosem.ObisCode;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.UpgradeState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Drives one meter through the image transfer process from its journalled
 * state, over an open DLMS association, recording every transition before
 * acting on the next step. A meter that refuses a step (initiate, verify,
 * activate, the write of the activation schedule) fails with the matching code, at once
 * (SM-3, SM-4, SM-9, SM-10, UC-1..UC-6). Returns when
 * the meter reaches a final state or must wait (scheduled activation). A
 * {@link DlmsException} (link or meter error) propagates: the caller retries
 * with backoff, and the next call resumes from the journal (a transfer
 * resumes from the meter's first not-transferred block).
 */
final class MeterUpgrader {

    /** Why {@link #advance} returned. */
    enum Result { FINAL, WAITING }

    private static final int PROGRESS_EVERY_BLOCKS = 16;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MeterUpgrader.class);

    private final UpgradeJournal journal;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration pollTimeout;
    private final ActivationDeadlines deadlines;
    private final Duration scheduleGrace;

    /** The default {@link #MeterUpgrader(UpgradeJournal, Clock, Duration, Duration, Duration) scheduleGrace}. */
    static final Duration SCHEDULE_GRACE = Duration.ofSeconds(60);

    MeterUpgrader(UpgradeJournal journal, Clock clock, Duration pollInterval, Duration pollTimeout) {
        this(journal, clock, pollInterval, pollTimeout, SCHEDULE_GRACE);
    }

    /**
     * @param scheduleGrace how long past its scheduled time a meter may take to begin the activation (its own clock
     *                      may lag the DCU's) before the DCU invokes image_activate itself
     */
    MeterUpgrader(UpgradeJournal journal, Clock clock, Duration pollInterval, Duration pollTimeout, Duration scheduleGrace) {
        this.journal = journal;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.pollTimeout = pollTimeout;
        this.scheduleGrace = scheduleGrace;
        this.deadlines = new ActivationDeadlines(clock, System::nanoTime);
    }

    /** When scheduled activations come, on monotonic time (the runner waits on the same deadlines). */
    ActivationDeadlines deadlines() {
        return deadlines;
    }

    Result advance(String campaign, String meter, DeviceType type, FirmwareImage image, byte[] bytes, ActivationPolicy policy,
                   DlmsClient client) throws FumsException, InterruptedException {
        ImageTransferClient itc = new ImageTransferClient(client);
        MeterObjects objects = new MeterObjects(client);
        while (true) {
            MeterJob job = journal.job(campaign, meter).orElseThrow();
            switch (job.state()) {
                case PENDING:
                    initiate(campaign, meter, type, image, itc, objects);
                    break;
                case INITIATED:
                    journal.move(campaign, meter, UpgradeState.TRANSFERRING, null, "sending blocks");
                    break;
                case TRANSFERRING:
                    transfer(campaign, meter, image, bytes, itc);
                    break;
                case TRANSFERRED:
                    try {
                        // image_verify may have been invoked just before a DCU restart: do not invoke it twice.
                        if (!after(itc.status(), ImageTransferStatus.TRANSFER_INITIATED)) {
                            itc.verify();
                        }
                    } catch (DlmsRefusedException e) {
                        journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_VERIFY_FAILED,
                                "image_verify refused: " + e.getMessage());
                        break;
                    }
                    journal.move(campaign, meter, UpgradeState.VERIFYING, null, "image_verify invoked");
                    break;
                case VERIFYING:
                    awaitVerification(campaign, meter, itc);
                    break;
                case VERIFIED:
                    if (policy.windowed() && !policy.inWindow(clock.instant())) {
                        return Result.WAITING;
                    }
                    if (policy.scheduled() && deadlines.reached(policy.at())) {
                        // Verified after the campaign's time: a schedule written now names a past time, which a meter
                        // never executes (Blue Book class 22), so the meter would wait for ever. It is activated at
                        // once, late, and the journal says so.
                        LOG.warn("campaign {}: meter {} verified after the scheduled activation time {}: activated at once",
                                campaign, meter, policy.at());
                        activateNow(campaign, meter, itc, "late activation: verified after the scheduled time "
                                + policy.at() + " (" + deadlines.since(policy.at()).toSeconds() + " s late), so no schedule"
                                + " was written; image_activate invoked at once");
                    } else if (policy.scheduled()) {
                        try {
                            itc.scheduleActivation(CosemDateTime.of(policy.at().atOffset(ZoneOffset.UTC), 0));
                        } catch (DlmsRefusedException e) {
                            if (!isFinal(e)) {
                                throw e;
                            }
                            // The meter said no to the schedule itself: asking again gets the same answer (SM-9).
                            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_SCHEDULE_REFUSED,
                                    "activation schedule write refused: " + e.getMessage() + "; " + discardPendingImage(itc));
                            break;
                        }
                        journal.move(campaign, meter, UpgradeState.ACTIVATION_SCHEDULED, null, "activation at " + policy.at());
                    } else {
                        activateNow(campaign, meter, itc, "image_activate invoked");
                    }
                    break;
                case ACTIVATION_SCHEDULED: {
                    // The meter activates by its own clock: its status says first; the DCU's wall clock may have stepped.
                    ImageTransferStatus s = itc.status();
                    if (after(s, ImageTransferStatus.VERIFICATION_FAILED)) {
                        journal.move(campaign, meter, UpgradeState.ACTIVATING, null, "the meter began the activation scheduled at "
                                + policy.at() + " (status " + s + ")");
                    } else if (!deadlines.reached(policy.at())) {
                        return Result.WAITING;
                    } else if (deadlines.since(policy.at()).compareTo(scheduleGrace) < 0) {
                        // the time has come on the DCU; the meter's own clock may lag: it has the grace to begin
                        Thread.sleep(pollInterval.toMillis());
                    } else {
                        // Its schedule did not fire (a clock far behind, a schedule it lost): the image it holds
                        // verified would otherwise never run, and the job would wait on a status that never changes.
                        LOG.warn("campaign {}: meter {} did not begin the activation scheduled at {} within {} s: "
                                + "image_activate invoked", campaign, meter, policy.at(), scheduleGrace.toSeconds());
                        activateNow(campaign, meter, itc, "the meter did not begin the activation scheduled at " + policy.at()
                                + " within " + scheduleGrace.toSeconds() + " s (status " + s + "): image_activate invoked");
                    }
                    break;
                }
                case ACTIVATING:
                    awaitActivation(itc);
                    journal.move(campaign, meter, UpgradeState.SELF_TEST, null, "activation ended with status " + itc.status());
                    break;
                case SELF_TEST:
                    selfTest(campaign, meter, image, itc, objects);
                    break;
                case FAILED:
                    confirmPreviousImage(campaign, meter, image, objects);
                    return Result.FINAL;
                default:
                    return Result.FINAL;
            }
        }
    }

    /**
     * Brings the meter from its journalled state to TRANSFERRING, as
     * {@link #advance} does (compatibility, enable, initiate unless the meter
     * holds our initiated transfer already), and stops there: the caller
     * sends the blocks by broadcast, then {@link #advance} goes on.
     *
     * @return true if the meter is in TRANSFERRING; false if it failed a check or is past the transfer
     */
    boolean prepareTransfer(String campaign, String meter, DeviceType type, FirmwareImage image, DlmsClient client)
            throws FumsException {
        ImageTransferClient itc = new ImageTransferClient(client);
        MeterObjects objects = new MeterObjects(client);
        while (true) {
            switch (journal.job(campaign, meter).orElseThrow().state()) {
                case PENDING -> initiate(campaign, meter, type, image, itc, objects);
                case INITIATED -> journal.move(campaign, meter, UpgradeState.TRANSFERRING, null, "sending blocks by broadcast");
                case TRANSFERRING -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** PENDING: checks compatibility, enables the transfer and initiates it; journals INITIATED or FAILED. */
    private void initiate(String campaign, String meter, DeviceType type, FirmwareImage image, ImageTransferClient itc,
            MeterObjects objects) throws FumsException {
        if (!compatible(campaign, meter, type, image, objects)) {
            return;
        }
        try {
            itc.enable(true);
            // After a DCU restart the meter may already hold our initiated transfer: keep its blocks.
            if (itc.status() != ImageTransferStatus.TRANSFER_INITIATED) {
                itc.initiate(image.identifier().getBytes(StandardCharsets.UTF_8), image.size());
            }
        } catch (DlmsRefusedException e) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_REFUSED,
                    "image transfer refused: " + e.getMessage());
            return;
        }
        journal.move(campaign, meter, UpgradeState.INITIATED, null, "image_transfer_initiate " + image.identifier()
                + " (" + image.size() + " bytes)");
    }

    /**
     * Cancels the meter's upgrade if it has not activated: clears the
     * activation schedule where this campaign may have written one (the
     * journal says ACTIVATION_SCHEDULED, or VERIFIED under a scheduled
     * activation: a restart may have come between the write and its
     * journal entry), disables the image transfer (the meter discards the
     * pending image) and journals CANCELLED. A meter without an activation
     * schedule (object-undefined, object-unavailable) has nothing to clear,
     * and a refusal of the clear or of the discard is recorded, not retried:
     * a cancel always completes on a meter that answers.
     *
     * @return true if the meter ended CANCELLED (or already was final), false
     *     if it had already activated: the caller lets it finish
     */
    boolean cancel(String campaign, String meter, ActivationPolicy policy, DlmsClient client) throws FumsException {
        MeterJob job = journal.job(campaign, meter).orElseThrow();
        if (job.state().isFinal()) {
            return true;
        }
        if (!job.state().isBeforeActivation()) {
            return false;
        }
        String done = "cancelled before any contact";
        if (job.state() != UpgradeState.PENDING) {
            ImageTransferClient itc = new ImageTransferClient(client);
            if (after(itc.status(), ImageTransferStatus.VERIFICATION_FAILED)) {
                return false; // the scheduled time came first: the meter is activating
            }
            String schedule = "no activation schedule written";
            if (job.state() == UpgradeState.ACTIVATION_SCHEDULED
                    || job.state() == UpgradeState.VERIFIED && policy != null && policy.scheduled()) {
                schedule = clearSchedule(client);
            }
            done = "cancelled in " + job.state() + ": " + schedule + "; " + discardPendingImage(itc);
        }
        journal.move(campaign, meter, UpgradeState.CANCELLED, null, done);
        return true;
    }

    /** Empties execution_time; says what became of it. */
    private static String clearSchedule(DlmsClient client) throws DlmsException {
        try {
            client.set(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME, DataValue.Array.of());
            return "schedule cleared";
        } catch (DlmsRefusedException e) {
            if (!isFinal(e)) {
                throw e;
            }
            DataAccessResult r = e.dataAccessResult();
            if (r == DataAccessResult.OBJECT_UNDEFINED || r == DataAccessResult.OBJECT_UNAVAILABLE) {
                return "the meter has no activation schedule: nothing to clear";
            }
            return "the meter refused to clear its activation schedule (" + e.getMessage() + ")";
        }
    }

    /**
     * Disables the image transfer, which makes the meter discard the image it
     * holds (Blue Book class 18: a new transfer has to be initiated); says what
     * became of it. Where the meter refuses, the image stays pending.
     */
    private static String discardPendingImage(ImageTransferClient itc) throws DlmsException {
        try {
            itc.enable(false);
            return "pending image discarded";
        } catch (DlmsRefusedException e) {
            if (!isFinal(e)) {
                throw e;
            }
            return "the meter refused to disable image transfer, its pending image is kept (" + e.getMessage() + ")";
        }
    }

    /**
     * Whether a refusal is the meter's final answer: every data-access-result
     * but temporary-failure and hardware-fault (which a later try may not
     * meet), and refusals without one (exception-response, service not
     * negotiated).
     */
    static boolean isFinal(DlmsRefusedException e) {
        DataAccessResult r = e.dataAccessResult();
        return r != DataAccessResult.TEMPORARY_FAILURE && r != DataAccessResult.HARDWARE_FAULT;
    }

    /** Device type and prerequisite version (UC-1) before anything is sent (SM-10). */
    private boolean compatible(String campaign, String meter, DeviceType type, FirmwareImage image, MeterObjects objects)
            throws FumsException {
        if (!image.compatible().contains(type)) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.PKG_INCOMPATIBLE, "device type " + type
                    + " is not among " + image.compatible());
            return false;
        }
        FirmwareVersion required = image.prerequisites().get(type);
        if (required != null) {
            String active = active(objects, image);
            FirmwareVersion installed = versionOf(active);
            if (installed == null || installed.compareTo(required) < 0) {
                journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.PKG_PREREQUISITE, "meter runs " + active + "; "
                        + type + " needs " + required + " first");
                return false;
            }
        }
        return true;
    }

    private void transfer(String campaign, String meter, FirmwareImage image, byte[] bytes, ImageTransferClient itc)
            throws FumsException, InterruptedException {
        long size = itc.blockSize();
        long blocks = (bytes.length + size - 1) / size;
        long start = Math.min(itc.firstNotTransferredBlock(), blocks);
        // After a broadcast (or a restart) the meter may hold blocks beyond its first gap: send only those it lacks.
        DataValue.BitString held = itc.transferredBlocks();
        for (long n = start; n < blocks; n++) {
            if (n < held.bitLength() && held.get((int) n)) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                // A pause or cancel: the meter keeps its blocks, the journal its resume point.
                journal.progress(campaign, meter, n);
                throw new InterruptedException("transfer to " + meter + " stopped at block " + n);
            }
            itc.transferBlock(n, block(bytes, n, size));
            if ((n + 1) % PROGRESS_EVERY_BLOCKS == 0) {
                journal.progress(campaign, meter, n + 1);
            }
        }
        DataValue.BitString done = itc.transferredBlocks();
        for (long n = 0; n < blocks; n++) {
            if (n >= done.bitLength() || !done.get((int) n)) {
                itc.transferBlock(n, block(bytes, n, size));
            }
        }
        long first = itc.firstNotTransferredBlock();
        journal.progress(campaign, meter, first);
        if (first >= blocks) {
            journal.move(campaign, meter, UpgradeState.TRANSFERRED, null, "the meter confirmed all " + blocks + " blocks");
        }
    }

    private void awaitVerification(String campaign, String meter, ImageTransferClient itc)
            throws FumsException, InterruptedException {
        long deadline = System.nanoTime() + pollTimeout.toNanos();
        while (true) {
            ImageTransferStatus s = itc.status();
            if (s == ImageTransferStatus.VERIFICATION_SUCCESSFUL) {
                journal.move(campaign, meter, UpgradeState.VERIFIED, null, "image verified by the meter");
                return;
            }
            if (s == ImageTransferStatus.VERIFICATION_FAILED) {
                journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_VERIFY_FAILED, "image_transfer_status 4: verification failed");
                return;
            }
            if (s != ImageTransferStatus.VERIFICATION_INITIATED) {
                itc.verify();
            }
            if (System.nanoTime() > deadline) {
                throw new FumsException(ErrorCode.METER_UNREACHABLE, "meter " + meter + " still verifying after " + pollTimeout);
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /**
     * Invokes image_activate unless the meter already activates (after a DCU restart it may be activating or done:
     * never twice) and journals ACTIVATING with {@code why}; a refusal ends the job FAILED.
     *
     * @return true if the meter activates
     */
    private void activateNow(String campaign, String meter, ImageTransferClient itc, String why) throws FumsException {
        try {
            if (!after(itc.status(), ImageTransferStatus.VERIFICATION_FAILED)) {
                itc.activate();
            }
        } catch (DlmsRefusedException e) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_ACTIVATION_FAILED,
                    "image_activate refused: " + e.getMessage());
            return;
        }
        journal.move(campaign, meter, UpgradeState.ACTIVATING, null, why);
    }

    private void awaitActivation(ImageTransferClient itc) throws FumsException, InterruptedException {
        long deadline = System.nanoTime() + pollTimeout.toNanos();
        while (true) {
            ImageTransferStatus s = itc.status();
            if (s == ImageTransferStatus.ACTIVATION_SUCCESSFUL || s == ImageTransferStatus.ACTIVATION_FAILED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new FumsException(ErrorCode.METER_UNREACHABLE, "activation still running after " + pollTimeout + " (status " + s + ")");
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** After activation: status, firmware identifier (UC-5). */
    private void selfTest(String campaign, String meter, FirmwareImage image, ImageTransferClient itc, MeterObjects objects)
            throws FumsException {
        ImageTransferStatus s = itc.status();
        String active = active(objects, image);
        if (s == ImageTransferStatus.ACTIVATION_FAILED) {
            activationFailed(campaign, meter, image, itc, active);
        } else if (!active.equals(image.identifier())) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_UNEXPECTED_VERSION,
                    "the meter runs " + active + ", expected " + image.identifier());
        } else {
            journal.move(campaign, meter, UpgradeState.SUCCEEDED, null, "runs " + active + " (status " + s + ")");
        }
    }

    /**
     * Status 7 (activation failed) tells neither why nor when; the image the meter still holds for activation
     * (image_to_activate_info, class 18 attribute 7) does: a meter that refused to activate keeps the verified
     * image it never ran ({@code METER_ACTIVATION_FAILED}); one that activated it, failed its self-check and
     * reverted has discarded it, the list is empty ({@code METER_SELF_CHECK_FAILED}). When the list cannot be
     * read or names another image, the meter only said that activation failed ({@code METER_ACTIVATION_FAILED}).
     */
    private void activationFailed(String campaign, String meter, FirmwareImage image, ImageTransferClient itc,
            String active) throws FumsException {
        byte[] id = image.identifier().getBytes(StandardCharsets.UTF_8);
        List<ImageToActivateInfo> held;
        try {
            held = itc.imageToActivateInfo();
        } catch (DlmsException e) {
            if (e instanceof DlmsRefusedException r ? !isFinal(r) : e.code() != ErrorCode.METER_PROTOCOL) {
                throw e; // the link, or a temporary refusal: this step is tried again
            }
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_ACTIVATION_FAILED,
                    "image_transfer_status 7: activation failed; refused or self-check failed: unknown"
                            + " (image_to_activate_info not read: " + e.getMessage() + "); the meter runs " + active);
            return;
        }
        if (held.isEmpty()) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_SELF_CHECK_FAILED,
                    "image_transfer_status 7: the meter activated the image, its self-check failed and it reverted"
                            + " (no image to activate left); the meter runs " + active);
        } else if (held.stream().anyMatch(i -> Arrays.equals(i.identification(), id))) {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_ACTIVATION_FAILED,
                    "image_transfer_status 7: activation refused by the meter; it still holds the verified image "
                            + image.identifier() + " and never ran it; the meter runs " + active);
        } else {
            journal.move(campaign, meter, UpgradeState.FAILED, ErrorCode.METER_ACTIVATION_FAILED,
                    "image_transfer_status 7: activation failed; refused or self-check failed: unknown (the meter"
                            + " holds another image to activate); the meter runs " + active);
        }
    }

    /** A failed meter must run a firmware other than the new one: then it is confirmed back on its previous image (UC-6). */
    private void confirmPreviousImage(String campaign, String meter, FirmwareImage image, MeterObjects objects) throws FumsException {
        String active = active(objects, image);
        if (!active.equals(image.identifier())) {
            journal.move(campaign, meter, UpgradeState.REVERTED, null, "confirmed on its previous image " + active);
        }
    }

    /** The active firmware identifier of the component {@code image} replaces (the core's 1-0:0.2.0.255, ...). */
    private static String active(MeterObjects objects, FirmwareImage image) throws DlmsException {
        return image.component() == FirmwareComponent.CORE ? objects.activeFirmwareIdentifier()
                : objects.activeFirmwareIdentifier(ObisCode.parse(image.component().identifierObis()));
    }

    /** True if {@code s} comes later in the class 18 process than {@code ref} (status codes 0..7 are ordered). */
    static boolean after(ImageTransferStatus s, ImageTransferStatus ref) {
        return s.code() > ref.code();
    }

    static FirmwareVersion versionOf(String identifier) {
        int dash = identifier.lastIndexOf('-');
        String candidate = dash >= 0 ? identifier.substring(dash + 1) : identifier;
        try {
            return FirmwareVersion.parse(candidate.startsWith("v") || candidate.startsWith("V") ? candidate.substring(1) : candidate);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] block(byte[] image, long n, long size) {
        int from = (int) (n * size);
        return Arrays.copyOfRange(image, from, (int) Math.min(image.length, from + size));
    }
}
