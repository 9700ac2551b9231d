package io.fums.meter.upgrade;

import io.fums.api.error.FumsException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The meter-upgrade agent's operations: stage firmware, then create, start,
 * pause, resume and cancel campaigns, and report on them. Every operation is
 * durable before it returns and audited; a refused one changes nothing.
 *
 * <p>Campaigns run on the agent's own threads. After a DCU restart, or after
 * the agent's bundle is swapped, every RUNNING campaign continues from its
 * journal: no meter is activated twice and transfers resume from the first
 * block a meter lacks.
 */
@ProviderType
public interface CampaignService {

    /**
     * Takes a meter-firmware package through the security gate into the image store.
     *
     * @param packageFile the package
     * @param channel     where it came from, for the audit log
     * @throws FumsException the {@code PKG_*} reason
     */
    StagedFirmware stage(Path packageFile, String channel) throws FumsException;

    /** The staged firmware packages, newest first. */
    List<StagedFirmware> firmware() throws FumsException;

    /**
     * Creates a campaign (state CREATED): checks the firmware is staged and
     * every target meter is in the inventory.
     *
     * <p>A campaign whose activation is scheduled leaves out the meters known to lack an image activation schedule
     * (class 22, from their capabilities): their jobs end CANCELLED with {@code METER_NO_ACTIVATION_SCHEDULE} at
     * creation, without contacting them; meters whose capabilities are unknown are kept. Likewise a campaign whose
     * firmware is for a component other than the core (metrology, communication module; since 2.2) leaves out the
     * meters whose object list names no identifier of that component, with {@code METER_NO_COMPONENT}.
     *
     * @throws FumsException {@code CMD_FIRMWARE_NOT_STAGED} for firmware that is not staged; {@code CMD_MALFORMED} for an
     *                       unknown meter, a duplicate id or no target; {@code METER_NO_ACTIVATION_SCHEDULE} when a
     *                       scheduled activation would leave out every target, {@code METER_NO_COMPONENT} when every
     *                       target lacks the firmware's component
     */
    CampaignStatus create(CampaignSpec spec) throws FumsException;

    /**
     * Starts a CREATED campaign. Every operation on a campaign id throws {@code CMD_CAMPAIGN_UNKNOWN} for an id that
     * names no campaign.
     *
     * @throws FumsException {@code CMD_MALFORMED} if it is in another state
     */
    CampaignStatus start(String id) throws FumsException;

    /** Pauses a RUNNING campaign: meters in work stop at their next journalled point. */
    CampaignStatus pause(String id) throws FumsException;

    /** Resumes a PAUSED campaign; failures of the waves already run no longer count against the threshold. */
    CampaignStatus resume(String id) throws FumsException;

    /**
     * Cancels a campaign: no further meter is touched; a meter that has not
     * activated has its activation schedule cleared and its pending image
     * discarded, and ends CANCELLED.
     */
    CampaignStatus cancel(String id) throws FumsException;

    /** One campaign with every meter's job. @throws FumsException {@code CMD_MALFORMED} if unknown */
    CampaignStatus status(String id) throws FumsException;

    /** Every campaign, newest first, as summaries (no per-meter jobs). */
    List<CampaignStatus> campaigns() throws FumsException;

    /** Every journalled transition of one meter in one campaign, oldest first. */
    List<Transition> history(String id, String meterId) throws FumsException;
}
