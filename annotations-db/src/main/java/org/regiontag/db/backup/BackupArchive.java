package org.regiontag.db.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;

/** Writing files into a backup archive and unpacking one safely. */
final class BackupArchive {

    /** Largest manifest read; a real one is a few hundred bytes plus 40 per model version. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.backup.messages",
            BackupArchive.class);

    private BackupArchive() {
    }

    static void addFile(ZipOutputStream zip, Path file, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    /** Adds the regular files under {@code folder} (links are skipped) as {@code prefix/relative/path}. */
    static void addFolder(ZipOutputStream zip, Path folder, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(path -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted()
                    .toList();
        }
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            addFile(zip, file, prefix + "/" + relative);
        }
    }

    /**
     * Unpacks the store and the model folders of {@code archive} into {@code staging}. Only
     * {@value BackupService#MANIFEST}, {@value Project#STORE_FILE} and files under {@code models/}
     * are accepted, and no name may leave {@code staging}.
     *
     * <p>NOTE: entry sizes are not limited, so a hostile archive can fill the disk; a backup is
     * expected to come from the user's own RegionTag.
     *
     * @return the model folders unpacked
     * @throws UserInputException naming the backup and the entry when an entry is not allowed
     */
    static int extract(ZipFile archive, Path source, Path staging) throws IOException {
        Set<String> modelFolders = new HashSet<>();
        Enumeration<? extends ZipEntry> entries = archive.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.equals(BackupService.MANIFEST) || (entry.isDirectory() && isUnderModels(name))) {
                continue;
            }
            Path target = staging.resolve(name).normalize();
            boolean allowed = !name.contains("\\") && target.startsWith(staging) && !target.equals(staging)
                    && (name.equals(Project.STORE_FILE) || isUnderModels(name) && target.getNameCount()
                            >= staging.getNameCount() + 3);
            if (!allowed || entry.isDirectory()) {
                throw new UserInputException(MESSAGES.format("restore.unexpectedEntry", source, name));
            }
            if (isUnderModels(name)) {
                modelFolders.add(target.getName(staging.getNameCount() + 1).toString());
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = archive.getInputStream(entry);
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
        }
        return modelFolders.size();
    }

    private static boolean isUnderModels(String name) {
        return name.startsWith(Project.MODELS_FOLDER + "/");
    }
}
