package org.regiontag.db.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.Database;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageInfo;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;

/**
 * Points a dataset root at the folder its images moved to. Image paths stay relative to the root, so
 * labels and history are untouched. Every image of the root is probed again, and its size, hash,
 * orientation and status are updated.
 */
public final class RootRelinker {

    private final Database database;

    public RootRelinker(Database database) {
        this.database = database;
    }

    /**
     * The outcome of a relink.
     *
     * @param images images of the root
     * @param found images whose file is now usable
     * @param missing images still missing
     * @param damaged images whose file is damaged
     */
    public record Result(int images, int found, int missing, int damaged) {
    }

    /**
     * Relinks the root at {@code oldRoot} to {@code newRoot}.
     *
     * @throws UserInputException when no root has the old path, the new path is not a folder, or
     *     another root already has the new path
     */
    public Result relink(Path oldRoot, Path newRoot) {
        Path from = oldRoot.toAbsolutePath().normalize();
        Path to = newRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(to)) {
            throw new UserInputException(Messages.format("relink.notFolder", to));
        }
        DatasetRoot root = database.read(connection -> new DatasetRootRepository(connection).findRootByPath(from))
                .orElseThrow(() -> new UserInputException(Messages.format("relink.unknownRoot", from)));
        List<ImageRecord> images = database.read(connection -> new ImageRepository(connection)
                .findImagesByRoot(root.id()));

        // Probing reads every file, so it runs before the transaction, which then only writes.
        List<ImageRecord> probed = new ArrayList<>(images.size());
        int found = 0;
        int missing = 0;
        int damaged = 0;
        for (ImageRecord image : images) {
            ImageInfo info = ImageProbe.probe(to.resolve(image.path()));
            switch (info.status()) {
                case OK -> found++;
                case MISSING -> missing++;
                case DAMAGED -> damaged++;
            }
            boolean decoded = info.width() > 0;
            probed.add(new ImageRecord(image.id(), image.rootId(), image.path(),
                    decoded ? info.width() : image.width(), decoded ? info.height() : image.height(),
                    info.sha256(), info.orientation(), image.split(), info.status(),
                    info.status() == ImageStatus.OK ? null : info.reason()));
        }

        database.inTransaction(connection -> {
            DatasetRootRepository roots = new DatasetRootRepository(connection);
            if (roots.findRootByPath(to).filter(other -> other.id() != root.id()).isPresent()) {
                throw new UserInputException(Messages.format("relink.taken", to));
            }
            roots.updateRootPath(root.id(), to);
            new ImageRepository(connection).updateImages(probed);
            return null;
        });
        return new Result(images.size(), found, missing, damaged);
    }
}
