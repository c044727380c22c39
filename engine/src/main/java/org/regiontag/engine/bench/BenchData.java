package org.regiontag.engine.bench;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.CachedFeatures;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.project.ZeroShotCalibration;
import org.regiontag.engine.project.ZeroShotScores;
import org.regiontag.engine.train.FeatureSource;
import org.regiontag.engine.train.LabelMatrix;

/**
 * A benchmark's view of a project, read once and held in memory so that nothing is written back:
 * the images with cached features and complete labels, split into training images (outside the
 * test split) and evaluation images (the test split's; the training images themselves when the
 * project has none), with their complete labels, working labels and zero-shot cosines.
 */
final class BenchData {

    final String projectName;
    final List<Category> categories;
    final List<ImageRecord> trainImages;
    final FeatureSource trainFeatures;
    final LabelMatrix trainComplete;
    final LabelMatrix trainWorking;
    final float[][] trainCosines;
    final FeatureSource evalFeatures;
    final LabelMatrix evalComplete;
    final float[][] evalCosines;
    /** {@code test}, or {@code train} when the project has no test image with complete labels. */
    final String evalSet;
    final double logitScale;

    private BenchData(String projectName, List<Category> categories, List<ImageRecord> trainImages,
            FeatureSource trainFeatures, LabelMatrix trainComplete, LabelMatrix trainWorking, float[][] trainCosines,
            FeatureSource evalFeatures, LabelMatrix evalComplete, float[][] evalCosines, String evalSet,
            double logitScale) {
        this.projectName = projectName;
        this.categories = categories;
        this.trainImages = trainImages;
        this.trainFeatures = trainFeatures;
        this.trainComplete = trainComplete;
        this.trainWorking = trainWorking;
        this.trainCosines = trainCosines;
        this.evalFeatures = evalFeatures;
        this.evalComplete = evalComplete;
        this.evalCosines = evalCosines;
        this.evalSet = evalSet;
        this.logitScale = logitScale;
    }

    /**
     * Reads the project without changing it.
     *
     * @throws UserInputException when it has no training image with features and complete labels
     */
    static BenchData read(Project project, Backbone backbone) {
        ProjectData data = ProjectData.read(project.database());
        FeatureCache cache = backbone.openCache(project.featuresFolder());
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int row = 0; row < data.images().size(); row++) {
            if (!data.hasCompleteLabels(row) || !cache.contains(data.images().get(row).sha256())) {
                continue;
            }
            (data.isTest(row) ? test : train).add(row);
        }
        if (train.isEmpty()) {
            throw new UserInputException(BenchMessages.format("noCompleteLabels", project.folder()));
        }
        int[] trainRows = train.stream().mapToInt(Integer::intValue).toArray();
        int[] evalRows = test.isEmpty() ? trainRows : test.stream().mapToInt(Integer::intValue).toArray();

        List<String> promptNames = data.promptNames();
        List<ImageRecord> trainImages = images(data, trainRows);
        List<String> trainHashes = trainImages.stream().map(ImageRecord::sha256).toList();
        List<String> evalHashes = images(data, evalRows).stream().map(ImageRecord::sha256).toList();
        return new BenchData(project.name(), data.categories(), trainImages, new CachedFeatures(cache, trainHashes),
                data.completeLabels(trainRows), data.labels(trainRows),
                ZeroShotScores.compute(backbone, cache, trainHashes, promptNames),
                new CachedFeatures(cache, evalHashes), data.completeLabels(evalRows),
                ZeroShotScores.compute(backbone, cache, evalHashes, promptNames), test.isEmpty() ? "train" : "test",
                backbone.clip().logitScale());
    }

    private static List<ImageRecord> images(ProjectData data, int[] rows) {
        List<ImageRecord> images = new ArrayList<>(rows.length);
        for (int row : rows) {
            images.add(data.images().get(row));
        }
        return images;
    }

    /**
     * Keeps each complete label of the training images with probability {@code proportion}, with the
     * same draw as {@code regiontag import --keep-proportion P --seed S}: it depends only on the seed,
     * the image's relative path and the category's name.
     */
    LabelMatrix simulate(double proportion, long seed) {
        MissingLabelSimulation simulation = new MissingLabelSimulation(proportion, seed);
        int[][] values = trainComplete.toArray();
        for (int i = 0; i < values.length; i++) {
            for (int c = 0; c < values[i].length; c++) {
                if (!simulation.keeps(trainImages.get(i).path(), categories.get(c).name())) {
                    values[i][c] = LabelMatrix.UNKNOWN;
                }
            }
        }
        return LabelMatrix.of(values);
    }

    /** Fits the zero-shot calibration on the training images' {@code known} cells. */
    ZeroShotCalibration calibration(LabelMatrix known) {
        return ZeroShotCalibration.fit(trainCosines, known, logitScale);
    }

    /** The zero-shot probabilities of the training images, calibrated on {@code known}. */
    float[][] teacher(LabelMatrix known) {
        return calibration(known).probabilities(trainCosines);
    }

    /** The zero-shot probabilities of the evaluation images, calibrated on the training images' {@code known}. */
    float[][] zeroShotEval(LabelMatrix known) {
        return calibration(known).probabilities(evalCosines);
    }

    static int[] identity(int length) {
        int[] rows = new int[length];
        for (int i = 0; i < length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
