package org.regiontag.engine.project;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.Database;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.CompleteLabelRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.ZeroShotRepository;
import org.regiontag.engine.train.LabelMatrix;

/**
 * What the engine reads from a project's store, as one consistent snapshot: the categories in
 * display order, the usable images (status {@code ok}, content hash known) in id order, and per
 * (image, category) cell the working label, whether a person decided it, the complete label and the
 * zero-shot cosine.
 *
 * <p>Rows are images in the order of {@link #images()}, columns categories in the order of
 * {@link #categories()}. Cells are +1, −1 or 0 (unknown), as {@link LabelMatrix} encodes them.
 */
public final class ProjectData {

    private final List<Category> categories;
    private final List<ImageRecord> images;
    private final byte[] labels;
    private final boolean[] humanDecided;
    private final byte[] complete;
    private final float[] zeroShot;

    private ProjectData(List<Category> categories, List<ImageRecord> images, byte[] labels, boolean[] humanDecided,
            byte[] complete, float[] zeroShot) {
        this.categories = List.copyOf(categories);
        this.images = List.copyOf(images);
        this.labels = labels;
        this.humanDecided = humanDecided;
        this.complete = complete;
        this.zeroShot = zeroShot;
    }

    /** Reads the snapshot in one read transaction, which never waits for a writer. */
    public static ProjectData read(Database database) {
        return database.read(connection -> {
            List<Category> categories = new CategoryRepository(connection).findAllCategories();
            List<ImageRecord> images = new ArrayList<>();
            new ImageRepository(connection).forEachImage(image -> {
                if (image.status() == ImageStatus.OK && image.sha256() != null) {
                    images.add(image);
                }
            });
            Map<Long, Integer> rowOf = new HashMap<>();
            for (int i = 0; i < images.size(); i++) {
                rowOf.put(images.get(i).id(), i);
            }
            Map<Long, Integer> columnOf = new HashMap<>();
            for (int c = 0; c < categories.size(); c++) {
                columnOf.put(categories.get(c).id(), c);
            }
            int width = categories.size();
            byte[] labels = new byte[images.size() * width];
            boolean[] human = new boolean[images.size() * width];
            byte[] complete = new byte[images.size() * width];
            float[] zeroShot = new float[images.size() * width];
            Arrays.fill(zeroShot, Float.NaN);

            new LabelRepository(connection).forEachLabel(label -> {
                Integer cell = cell(rowOf, columnOf, label.imageId(), label.categoryId(), width);
                if (cell != null) {
                    labels[cell] = encode(label.state());
                    human[cell] = label.source().isHumanDecision();
                }
            });
            new CompleteLabelRepository(connection).forEachCompleteLabel(label -> {
                Integer cell = cell(rowOf, columnOf, label.imageId(), label.categoryId(), width);
                if (cell != null) {
                    complete[cell] = encode(label.state());
                }
            });
            new ZeroShotRepository(connection).forEachZeroShotScore(score -> {
                Integer cell = cell(rowOf, columnOf, score.imageId(), score.categoryId(), width);
                if (cell != null) {
                    zeroShot[cell] = (float) score.cosine();
                }
            });
            return new ProjectData(categories, images, labels, human, complete, zeroShot);
        });
    }

    private static Integer cell(Map<Long, Integer> rowOf, Map<Long, Integer> columnOf, long imageId, long categoryId,
            int width) {
        Integer row = rowOf.get(imageId);
        Integer column = columnOf.get(categoryId);
        return row == null || column == null ? null : row * width + column;
    }

    private static byte encode(CellState state) {
        return state == CellState.POSITIVE ? LabelMatrix.POSITIVE : LabelMatrix.NEGATIVE;
    }

    public List<Category> categories() {
        return categories;
    }

    public List<ImageRecord> images() {
        return images;
    }

    public int categoryCount() {
        return categories.size();
    }

    /** The prompt name of every category, in column order. */
    public List<String> promptNames() {
        return categories.stream().map(Category::promptName).toList();
    }

    /** The working label of a cell: +1, −1 or 0. */
    public int label(int row, int column) {
        return labels[row * categories.size() + column];
    }

    /** Whether a person set the cell's working label (as opposed to an import, or nobody). */
    public boolean isHumanDecided(int row, int column) {
        return humanDecided[row * categories.size() + column];
    }

    /** The complete (ground-truth) label of a cell: +1, −1 or 0 when there is none. */
    public int completeLabel(int row, int column) {
        return complete[row * categories.size() + column];
    }

    /** Whether the image has a complete label for every category. */
    public boolean hasCompleteLabels(int row) {
        int width = categories.size();
        for (int c = 0; c < width; c++) {
            if (complete[row * width + c] == 0) {
                return false;
            }
        }
        return width > 0;
    }

    /** The zero-shot cosine of a cell, NaN when it has not been computed. */
    public float zeroShot(int row, int column) {
        return zeroShot[row * categories.size() + column];
    }

    /** Whether every category of the image has a zero-shot cosine. */
    public boolean hasZeroShot(int row) {
        int width = categories.size();
        for (int c = 0; c < width; c++) {
            if (Float.isNaN(zeroShot[row * width + c])) {
                return false;
            }
        }
        return true;
    }

    /** The working labels of the rows, in that order. */
    public LabelMatrix labels(int[] rows) {
        return matrix(labels, rows);
    }

    /** The complete labels of the rows, in that order; 0 where a cell has none. */
    public LabelMatrix completeLabels(int[] rows) {
        return matrix(complete, rows);
    }

    /** The zero-shot cosines of the rows, (rows, categories); NaN where missing. */
    public float[][] zeroShot(int[] rows) {
        int width = categories.size();
        float[][] values = new float[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(zeroShot, rows[i] * width, values[i], 0, width);
        }
        return values;
    }

    /** Whether an image belongs to the held-out test split, which training never uses. */
    public boolean isTest(int row) {
        return images.get(row).split() == Split.TEST;
    }

    private LabelMatrix matrix(byte[] cells, int[] rows) {
        int width = categories.size();
        int[][] values = new int[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < width; c++) {
                values[i][c] = cells[rows[i] * width + c];
            }
        }
        return LabelMatrix.of(values);
    }
}
