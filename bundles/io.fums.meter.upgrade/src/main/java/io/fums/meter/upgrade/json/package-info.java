/**
 * The JSON form of campaign specifications, shared by the agent's journal
 * and the cloud API (docs/mqtt-api.md, {@code campaign.create}).
 */
@Export
@Version("1.0.0")
package io.fums.meter.upgrade.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
