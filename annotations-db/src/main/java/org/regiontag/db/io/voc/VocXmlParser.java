package org.regiontag.db.io.voc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.voc.VocAnnotation.VocObject;

/**
 * Parses Pascal VOC annotation XML with StAX, keeping only the image-level facts.
 *
 * <p>Element names are matched ignoring case ({@code <Object>}, {@code <NAME>}) and namespaces.
 * DTDs and external entities are disabled, so a file cannot make the parser read other files or
 * the network. The encoding comes from the byte-order mark or the XML declaration.
 */
final class VocXmlParser {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.voc.messages", VocXmlParser.class);

    private final XMLInputFactory factory;

    VocXmlParser() {
        // The JDK's own implementation, so that another StAX provider on the class path cannot
        // bring different entity handling.
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * Parses one annotation file.
     *
     * @throws UserInputException when the file cannot be read, is not well-formed XML, is not a VOC
     *     annotation, or has an object without a name
     */
    VocAnnotation parse(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            XMLStreamReader reader = factory.createXMLStreamReader(file.toUri().toString(), in);
            try {
                return parse(file, reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new UserInputException(MESSAGES.format("xml.malformed", at(file, e.getLocation()), describe(e)), e);
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("xml.notFound", file), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("xml.unreadable", file, e.getMessage()), e);
        }
    }

    private static VocAnnotation parse(Path file, XMLStreamReader reader) throws XMLStreamException {
        // Lower-case names of the open elements, root first; a path such as annotation/object/name
        // matches only that element, not the <name> of an <owner> or of a person layout <part>.
        List<String> open = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String fileName = null;
        int width = 0;
        int height = 0;
        List<VocObject> objects = new ArrayList<>();
        String objectName = null;
        boolean objectDifficult = false;
        int objectLine = 0;

        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                open.add(reader.getLocalName().toLowerCase(Locale.ROOT));
                text.setLength(0);
                if (open.size() == 1 && !open.get(0).equals("annotation")) {
                    throw new UserInputException(MESSAGES.format("xml.notVoc",
                            at(file, reader.getLocation()), reader.getLocalName()));
                }
                if (isPath(open, "object")) {
                    objectName = null;
                    objectDifficult = false;
                    objectLine = reader.getLocation().getLineNumber();
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(reader.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String value = text.toString().strip();
                if (isPath(open, "filename")) {
                    fileName = value.isEmpty() ? null : value;
                } else if (isPath(open, "size", "width")) {
                    width = parseSize(value);
                } else if (isPath(open, "size", "height")) {
                    height = parseSize(value);
                } else if (isPath(open, "object", "name")) {
                    objectName = value;
                } else if (isPath(open, "object", "difficult")) {
                    objectDifficult = parseDifficult(value, file, reader.getLocation());
                } else if (isPath(open, "object")) {
                    if (objectName == null || objectName.isEmpty()) {
                        throw new UserInputException(MESSAGES.format("xml.objectWithoutName", file + ":" + objectLine));
                    }
                    objects.add(new VocObject(objectName, objectDifficult, objectLine));
                }
                open.remove(open.size() - 1);
                text.setLength(0);
            }
        }
        return new VocAnnotation(file, fileName, width, height, objects);
    }

    /** Returns whether the open elements are exactly annotation/{@code names...}. */
    private static boolean isPath(List<String> open, String... names) {
        if (open.size() != names.length + 1) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!open.get(i + 1).equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a width or height leniently: the writer reads the size from the image header when the
     * annotation states none, so an empty, negative or non-numeric value counts as 0 (not stated).
     */
    private static int parseSize(String value) {
        try {
            double size = Double.parseDouble(value);
            return size >= 1 && size <= Integer.MAX_VALUE ? (int) Math.round(size) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean parseDifficult(String value, Path file, Location location) {
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        try {
            return Double.parseDouble(value) != 0;
        } catch (NumberFormatException e) {
            throw new UserInputException(MESSAGES.format("xml.badDifficult", at(file, location), value), e);
        }
    }

    private static String at(Path file, Location location) {
        return location == null || location.getLineNumber() < 0 ? file.toString() : file + ":" + location.getLineNumber();
    }

    /** Returns the parser's reason in one line, without the location prefix that the JDK's parser adds. */
    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int start = message.indexOf("Message: ");
        if (start >= 0) {
            message = message.substring(start + "Message: ".length());
        }
        return message.replaceAll("\\s+", " ").strip();
    }
}
