package io.fums.crypto.pkg;

/**
 * One entry of a package ZIP as its (consistent) local and central headers
 * record it.
 *
 * @param name           the entry name (ASCII)
 * @param method         {@link ZipProfile#STORED} (the reader refuses any other)
 * @param crc            CRC-32 of the uncompressed data
 * @param compressedSize bytes of data in the file
 * @param size           bytes after inflating
 * @param headerOffset   where the local header starts
 * @param dataOffset     where the data starts
 */
public record ZipEntryInfo(String name, int method, long crc, long compressedSize, long size, long headerOffset,
                           long dataOffset) {
}
