/**
 * DLMS data types (IEC 62056-6-2 Blue Book, Data ::= CHOICE) as an immutable
 * {@link io.fums.dlms.axdr.DataValue} model, their A-XDR encoding
 * (IEC 62056-5-3 / IEC 61334-6) through {@link io.fums.dlms.axdr.Axdr}, and
 * helpers for the values the DCU interprets: COSEM date-time, date and time
 * ({@link io.fums.dlms.axdr.CosemDateTime}, {@link io.fums.dlms.axdr.CosemDate},
 * {@link io.fums.dlms.axdr.CosemTime}) and scaler-unit
 * ({@link io.fums.dlms.axdr.ScalerUnit}).
 */
@Export
@Version("1.0.0")
package io.fums.dlms.axdr;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
