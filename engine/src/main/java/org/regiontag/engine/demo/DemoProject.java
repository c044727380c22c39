package org.regiontag.engine.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.regiontag.db.Database;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.SettingRepository;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the demo project: a project folder whose generated scenes sit in its {@code images/}
 * sub-folder, imported with a missing-label simulation on the training images and complete labels
 * on the test images, and marked as a demo project in its settings.
 *
 * <pre>
 * DIR/
 *   project.sqlite, features/, models/, exports/   the project
 *   images/                                         the demo dataset ({@link DemoDataset})
 * </pre>
 */
public final class DemoProject {

    /** Sub-folder of the project folder that contains the generated images and label files. */
    public static final String IMAGES_FOLDER = "images";
    /** Setting that marks a demo project; its value is the generator seed. */
    static final String SEED_SETTING = "demo.seed";
    static final String PARAMETERS_SETTING = "demo.parameters";

    private static final Logger LOG = LoggerFactory.getLogger(DemoProject.class);
    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.engine.demo.messages",
            DemoProject.class);

    private DemoProject() {
    }

    /**
     * Parameters of a demo project's dataset.
     *
     * @param trainImages training images, of which {@code keepProportion} of the labels are known
     * @param testImages test images, whose labels are all known and serve as ground truth
     * @param keepProportion share of the training images' labels kept as working labels, in [0, 1]
     * @param seed seed of the scenes and of the missing-label draw
     * @param imageSize side of the written images in pixels
     */
    public record Spec(int trainImages, int testImages, double keepProportion, long seed, int imageSize) {

        public Spec {
            if (!(keepProportion >= 0.0 && keepProportion <= 1.0)) {
                throw new UserInputException(MESSAGES.format("demo.project.proportion", keepProportion));
            }
        }
    }

    /** Returns whether {@code folder} contains a project marked as a demo project. */
    public static boolean isDemoProject(Path folder) {
        if (!Files.isRegularFile(folder.resolve(Project.STORE_FILE))) {
            return false;
        }
        try (Project project = Project.open(folder)) {
            return isDemoProject(project.database());
        } catch (UserInputException e) {
            LOG.debug("{} is not a readable project: {}", folder, e.getMessage());
            return false;
        }
    }

    /** Returns whether the store belongs to a demo project. */
    public static boolean isDemoProject(Database database) {
        Optional<String> seed = database.read(connection -> new SettingRepository(connection)
                .findSetting(SEED_SETTING));
        return seed.isPresent();
    }

    /**
     * Checks that a demo project can be built in {@code folder} or is there already.
     *
     * @return whether {@code folder} already contains a demo project
     * @throws UserInputException when it is a file, or a non-empty folder without a demo project
     */
    public static boolean checkFolder(Path folder) {
        if (Files.isRegularFile(folder)) {
            throw new UserInputException(MESSAGES.format("demo.project.notFolder", folder));
        }
        if (!Files.isDirectory(folder) || isEmpty(folder)) {
            return false;
        }
        if (isDemoProject(folder)) {
            return true;
        }
        throw new UserInputException(MESSAGES.format("demo.project.notEmpty", folder));
    }

    /**
     * Builds a demo project in a new or empty folder: writes the scenes, imports them, and stores
     * the backbone settings and the demo mark. When any step fails or is cancelled, everything it
     * wrote into the folder is deleted again, so the folder is left new or empty.
     *
     * @return the open project; the caller closes it
     * @throws UserInputException when the folder is not new or empty, or a parameter is invalid
     */
    public static Project create(Path folder, Spec spec, BackboneSettings settings, String actor,
            ProgressListener listener, CancellationToken token) {
        Path target = folder.toAbsolutePath().normalize();
        Project project = Project.create(target, MESSAGES.format("demo.project.name"));
        boolean done = false;
        try {
            ParsedDataset dataset = DemoDataset.write(target.resolve(IMAGES_FOLDER), spec.trainImages(),
                    spec.testImages(), spec.seed(), spec.imageSize(), new SceneGenerator(), listener, token);
            token.throwIfCancelled();

            DatasetWriter writer = new DatasetWriter(project.database());
            // The test images keep every label: a simulation that keeps all cells stores them as the
            // complete labels that evaluation needs, which a plain import would not.
            writer.write(only(dataset, Split.TRAIN), new ImportOptions(actor, false,
                    new MissingLabelSimulation(spec.keepProportion(), spec.seed())), ProgressReporter.NONE);
            writer.write(only(dataset, Split.TEST), new ImportOptions(actor, false,
                    new MissingLabelSimulation(1.0, spec.seed())), ProgressReporter.NONE);
            token.throwIfCancelled();

            ProjectSettings.write(project.database(), settings);
            markAsDemo(project.database(), spec);
            done = true;
            LOG.info("Built a demo project in {} from {}", target, spec);
            return project;
        } finally {
            if (!done) {
                project.close();
                deleteContents(target);
            }
        }
    }

    private static void markAsDemo(Database database, Spec spec) {
        String parameters = String.format(Locale.ROOT,
                "{\"train_images\": %d, \"test_images\": %d, \"keep_proportion\": %s, \"image_size\": %d}",
                spec.trainImages(), spec.testImages(), spec.keepProportion(), spec.imageSize());
        database.inTransaction(connection -> {
            SettingRepository settings = new SettingRepository(connection);
            settings.upsertSetting(PARAMETERS_SETTING, parameters);
            settings.upsertSetting(SEED_SETTING, Long.toString(spec.seed()));
            return null;
        });
    }

    /** Returns the dataset with only one split's images, for a separate import of that split. */
    private static ParsedDataset only(ParsedDataset dataset, Split split) {
        List<DatasetImage> images = new ArrayList<>();
        for (DatasetImage image : dataset.images()) {
            if (image.split() == split) {
                images.add(image);
            }
        }
        return new ParsedDataset(dataset.format(), dataset.source(), dataset.imageRoot(), dataset.categories(), images,
                dataset.notes());
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes everything inside {@code folder}, keeping the folder itself. */
    private static void deleteContents(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(folder)).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the unfinished demo project in {}", folder, e);
        }
    }
}
