package org.regiontag.app.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The projects opened last, newest first, in {@code recent-projects.txt} in the settings folder (one path a line). */
public final class RecentProjects {

    public static final String FILE_NAME = "recent-projects.txt";
    /** Entries kept: enough for the projects a person switches between, short enough for a menu. */
    public static final int MAX_ENTRIES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RecentProjects.class);

    private final Path file;

    public RecentProjects(Path configFolder) {
        this.file = configFolder.resolve(FILE_NAME);
    }

    /** Returns the recent project folders, newest first; an unreadable file gives none. */
    public List<Path> list() {
        try {
            List<Path> folders = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    folders.add(Path.of(line.strip()));
                }
            }
            return folders;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the recent projects from {}", file, e);
            return List.of();
        }
    }

    /** Moves a folder to the top of the list and saves it; a failure to save is logged, not thrown. */
    public List<Path> add(Path folder) {
        Path normalised = folder.toAbsolutePath().normalize();
        List<Path> folders = new ArrayList<>(list());
        folders.remove(normalised);
        folders.add(0, normalised);
        while (folders.size() > MAX_ENTRIES) {
            folders.remove(folders.size() - 1);
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                Files.write(temp, folders.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            LOG.warn("Cannot save the recent projects to {}", file, e);
        }
        return folders;
    }
}
