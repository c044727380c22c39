package org.regiontag.packaging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the RegionTag application icon with Java2D and writes it as PNG, Windows ICO and macOS
 * ICNS files: a photo with a heat map and a dashed region on it, and a label tag.
 *
 * <p>The icon is drawn at each size from the shapes, not scaled from one bitmap, so the small
 * sizes stay sharp. {@code main} writes every file into a folder, for use outside the build.
 */
public final class AppIcon {

    /** PNG sizes for Linux desktops and the application window. */
    static final int[] PNG_SIZES = {48, 128, 256};
    /** Sizes inside the Windows .ico, from which Windows scales to the other sizes it needs. */
    private static final int[] ICO_SIZES = {16, 32, 48, 256};

    /** The drawing's own coordinate system: a square of this many units. */
    private static final double UNITS = 256;

    private static final Color BACKGROUND_TOP = new Color(0x3B6FB6);
    private static final Color BACKGROUND_BOTTOM = new Color(0x1E3A66);
    private static final Color PHOTO = new Color(0xF4F7FB);
    private static final Color MOUNTAIN = new Color(0x6F86A8);
    private static final Color REGION = new Color(0x1E3A66);
    private static final Color TAG = new Color(0xFF8A3D);

    private AppIcon() {
    }

    /** Writes the PNG, ICO and ICNS files into the folder given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AppIcon FOLDER (writes regiontag-*.png, regiontag.ico, regiontag.icns)");
        }
        writeAll(Path.of(args[0]));
    }

    /**
     * Writes {@code regiontag-48.png}, {@code -128.png}, {@code -256.png}, {@code regiontag.ico}
     * and {@code regiontag.icns} into the folder.
     */
    static void writeAll(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int size : PNG_SIZES) {
            Files.write(folder.resolve("regiontag-" + size + ".png"), png(size));
        }
        Files.write(folder.resolve("regiontag.ico"), ico(ICO_SIZES));
        Files.write(folder.resolve("regiontag.icns"), icns());
    }

    /** Returns the file name of the icon that jpackage takes on the platform. */
    static String fileFor(TargetPlatform platform) {
        return switch (platform) {
            case LINUX -> "regiontag-256.png";
            case WINDOWS -> "regiontag.ico";
            case MAC -> "regiontag.icns";
        };
    }

    /** Draws the icon as a square ARGB image of the given size in pixels. */
    static BufferedImage render(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / UNITS, size / UNITS);
            draw(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 12, BACKGROUND_TOP, 0, 244, BACKGROUND_BOTTOM));
        g.fill(new RoundRectangle2D.Double(12, 12, 232, 232, 56, 56));

        // The photo: a light card with a mountain and a heat map where the model looks.
        Shape photo = new RoundRectangle2D.Double(40, 52, 176, 140, 20, 20);
        g.setPaint(PHOTO);
        g.fill(photo);
        Shape savedClip = g.getClip();
        g.clip(photo);
        Path2D mountain = new Path2D.Double();
        mountain.moveTo(40, 192);
        mountain.lineTo(98, 116);
        mountain.lineTo(136, 160);
        mountain.lineTo(166, 128);
        mountain.lineTo(216, 192);
        mountain.closePath();
        g.setPaint(MOUNTAIN);
        g.fill(mountain);
        g.setPaint(new RadialGradientPaint(154, 104, 58, new float[] {0f, 0.55f, 1f},
                new Color[] {new Color(255, 90, 54, 230), new Color(255, 181, 71, 150), new Color(255, 181, 71, 0)}));
        g.fill(new Ellipse2D.Double(96, 46, 116, 116));
        g.setClip(savedClip);

        // The region that a category matches, drawn dashed as in the application.
        g.setPaint(REGION);
        g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {14, 12}, 0));
        g.draw(new RoundRectangle2D.Double(110, 66, 90, 80, 14, 14));

        // The label tag, rotated and outlined in white so that it is visible against the photo.
        Path2D tag = new Path2D.Double();
        tag.moveTo(-30, 0);
        tag.lineTo(-6, -26);
        tag.lineTo(56, -26);
        tag.lineTo(56, 26);
        tag.lineTo(-6, 26);
        tag.closePath();
        AffineTransform placement = AffineTransform.getTranslateInstance(168, 196);
        placement.rotate(Math.toRadians(-32));
        Shape placedTag = placement.createTransformedShape(tag);
        g.setPaint(Color.WHITE);
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(placedTag);
        g.setPaint(TAG);
        g.fill(placedTag);
        g.setPaint(Color.WHITE);
        g.fill(placement.createTransformedShape(new Ellipse2D.Double(-12, -7, 14, 14)));
    }

    /** Returns the icon as PNG file content. */
    static byte[] png(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(render(size), "png", out)) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
        return out.toByteArray();
    }

    /**
     * Returns a Windows icon file with one PNG image per size: a 6-byte header, a 16-byte
     * directory entry per image, then the images. A size of 256 is stored as 0 in the one-byte
     * width and height fields.
     */
    static byte[] ico(int... sizes) throws IOException {
        List<byte[]> images = new ArrayList<>();
        for (int size : sizes) {
            images.add(png(size));
        }
        int headerLength = 6 + 16 * sizes.length;
        int total = headerLength + images.stream().mapToInt(image -> image.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        int offset = headerLength;
        for (int i = 0; i < sizes.length; i++) {
            byte dimension = (byte) (sizes[i] >= 256 ? 0 : sizes[i]);
            buffer.put(dimension).put(dimension).put((byte) 0).put((byte) 0);
            buffer.putShort((short) 1).putShort((short) 32);
            buffer.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        images.forEach(buffer::put);
        return buffer.array();
    }

    /**
     * Returns a macOS icon file: the {@code icns} magic and total length, then one PNG element
     * per size, each with its 4-character type and length (big-endian): {@code ic07} 128 px,
     * {@code ic08} 256, {@code ic09} 512 and {@code ic10} 1024 px.
     */
    static byte[] icns() throws IOException {
        String[] types = {"ic07", "ic08", "ic09", "ic10"};
        int[] sizes = {128, 256, 512, 1024};
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        for (int i = 0; i < types.length; i++) {
            byte[] image = png(sizes[i]);
            writeElementHeader(elements, types[i], 8 + image.length);
            elements.write(image);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        writeElementHeader(file, "icns", 8 + elements.size());
        elements.writeTo(file);
        return file.toByteArray();
    }

    private static void writeElementHeader(OutputStream out, String type, int length) throws IOException {
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(length).array());
    }
}
