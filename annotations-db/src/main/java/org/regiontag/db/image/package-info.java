/**
 * Image files as datasets contain them: {@link org.regiontag.db.image.ImageProbe} reports each
 * file's status, stored size, EXIF orientation and SHA-256 without decoding pixels, and
 * {@link org.regiontag.db.image.ImageDecoder} returns upright 8-bit sRGB pixels or throws
 * {@link org.regiontag.db.image.ImageDecodeException}. Both refuse images above
 * {@link org.regiontag.db.image.ImageLimits} before allocating anything for them, and both report a
 * damaged file with the same one-line reason.
 *
 * <p>Sizes: {@link org.regiontag.db.image.ImageInfo#width()} and {@code height()} are as stored,
 * {@code displayWidth()} and {@code displayHeight()} are upright, and a decoded image has the
 * upright size.
 */
package org.regiontag.db.image;
