/**
 * The meter-upgrade agent's model (SM-1..SM-11, UMS-1..UMS-3, UC-1..UC-6):
 * the per-meter upgrade state machine that follows DLMS/COSEM image transfer
 * (interface class 18), and the journal that records every transition with
 * its time.
 *
 * <pre>
 * PENDING -&gt; INITIATED -&gt; TRANSFERRING -&gt; TRANSFERRED -&gt; VERIFYING -&gt; VERIFIED
 *   -&gt; ACTIVATION_SCHEDULED -&gt; ACTIVATING -&gt; SELF_TEST -&gt; SUCCEEDED
 * any non-final state -&gt; FAILED (error code) -&gt; REVERTED (meter back on its previous image)
 * any state before ACTIVATING -&gt; CANCELLED (pending image discarded)
 * </pre>
 */
@Export
@Version("2.2.0")
package io.fums.meter.upgrade;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
