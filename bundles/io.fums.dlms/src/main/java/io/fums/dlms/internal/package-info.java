/**
 * Implementation helpers of the codec: bounded byte cursor, growable writer,
 * A-XDR and BER primitives. Not exported; may change at any time.
 */
package io.fums.dlms.internal;
