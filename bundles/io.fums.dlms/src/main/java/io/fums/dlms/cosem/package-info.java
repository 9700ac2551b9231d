/**
 * COSEM object identification (IEC 62056-6-2 Blue Book, IEC 62056-6-1 OBIS):
 * {@link io.fums.dlms.cosem.ObisCode}, attribute and method descriptors, the
 * selective access descriptor, and the interface classes and objects the DCU
 * uses ({@link io.fums.dlms.cosem.CosemObjects}, {@link io.fums.dlms.cosem.SecuritySetup} (class 64, since 1.2),
 * {@link io.fums.dlms.cosem.ImageTransfer}), and the association object list
 * ({@link io.fums.dlms.cosem.ObjectList}, since 1.3).
 */
@Export
@Version("1.3.0")
package io.fums.dlms.cosem;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
