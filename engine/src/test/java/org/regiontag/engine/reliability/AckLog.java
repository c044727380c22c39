package org.regiontag.engine.reliability;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The acknowledgement file that the crash workload appends to: one tab-separated line per step,
 * written after the step's transaction returned ({@code ack} lines) or just before it starts
 * ({@code begin} lines).
 *
 * <p>Each line goes to the file in one unbuffered {@code write} call. A SIGKILL ends the process
 * but not the kernel's copy of what it wrote, so every line the workload finished writing is
 * there for the harness to read. A line cut short by the kill has no newline and is ignored.
 */
final class AckLog implements AutoCloseable {

    private final OutputStream out;

    private AckLog(OutputStream out) {
        this.out = out;
    }

    /** Opens the file for appending, creating it when absent. */
    static AckLog append(Path file) throws IOException {
        return new AckLog(new FileOutputStream(file.toFile(), true));
    }

    /** Appends one line made of {@code fields} joined by tabs. */
    void write(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            line.append(i == 0 ? "" : "\t").append(fields[i]);
        }
        line.append('\n');
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * One complete line of the file.
     *
     * @param kind the first field, such as {@code edit} or {@code begin}
     * @param fields the remaining fields
     */
    record Entry(String kind, List<String> fields) {

        String field(int index) {
            return fields.get(index);
        }

        long longField(int index) {
            return Long.parseLong(fields.get(index));
        }
    }

    /** Reads every complete line; an absent file has none. */
    static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return entries;
        }
        for (String line : text.substring(0, end).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            entries.add(new Entry(parts[0], List.of(Arrays.copyOfRange(parts, 1, parts.length))));
        }
        return entries;
    }
}
