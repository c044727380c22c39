package org.regiontag.db.image;

/**
 * What a header parse found in an image file.
 *
 * @param format the file format
 * @param width the stored width in pixels (before the orientation is applied), 0 when not reached
 * @param height the stored height in pixels, 0 when not reached
 * @param orientation the EXIF or TIFF orientation, 1 to 8
 * @param iccProfile an ICC profile that the format's ImageIO reader ignores (PNG {@code iCCP}), or
 *     {@code null}; JPEG and TIFF readers apply their own embedded profiles
 */
record ImageHeader(ImageFormat format, int width, int height, int orientation, byte[] iccProfile) {
}
