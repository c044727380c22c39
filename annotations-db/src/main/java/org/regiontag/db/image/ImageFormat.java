package org.regiontag.db.image;

/** The image file formats that the probe recognises by their first bytes. */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp"),
    TIFF("tiff");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name under which ImageIO registers readers of this format. */
    String imageIoName() {
        return imageIoName;
    }
}
