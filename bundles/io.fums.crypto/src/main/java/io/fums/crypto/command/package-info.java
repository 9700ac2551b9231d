/**
 * Signed operator commands (SEC-3, SEC-4): the envelope format, signing and
 * co-signing, and the plain Java {@link io.fums.crypto.CommandVerifier}, for
 * the tools that send commands to a DCU (fums-pkg, the cloud console, tests).
 *
 * <p>{@link io.fums.crypto.command.CommandSigner} produces envelopes;
 * {@link io.fums.crypto.command.CommandCodec} reads and writes them;
 * {@link io.fums.crypto.command.CommandLimits} bounds what a verifier accepts;
 * {@link io.fums.crypto.command.DefaultCommandVerifier} checks them. Stateless
 * and thread-safe. Refusals are {@link io.fums.api.error.FumsException}s with a
 * {@code CMD_*} code.
 */
@Export
@Version("1.0.0")
package io.fums.crypto.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
