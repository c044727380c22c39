package org.regiontag.engine.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.regiontag.db.Database;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.SettingRepository;
import org.regiontag.db.repo.ZeroShotRepository;
import org.regiontag.db.repo.ZeroShotScore;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes and stores the zero-shot cosines of frozen CLIP: for every image with cached features and
 * every category, the cosine of the image's global embedding and the category's hand-crafted prompt
 * embedding ({@link Backbone#promptEmbeddings}). They seed suggestions before any training and,
 * calibrated by {@link ZeroShotCalibration}, are the distillation teacher.
 *
 * <p>The setting {@code zero_shot.source} records which backbone, templates and prompt names the
 * stored scores came from; when any of them changes, every score is computed again. Scores are
 * written in transactions of {@link #IMAGES_PER_TRANSACTION} images, so the store's writer is never
 * held for long. Each stored row is final, so a cancelled update keeps what it wrote and the next
 * update computes the rest.
 */
public final class ZeroShotScores {

    static final String SOURCE_SETTING = "zero_shot.source";
    /** Images per write transaction: a few thousand rows, a few milliseconds of the writer. */
    static final int IMAGES_PER_TRANSACTION = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ZeroShotScores.class);

    private ZeroShotScores() {
    }

    /** The result of an update: images scored now, and images that had scores already. */
    public record Update(int scored, int upToDate) {
    }

    /**
     * Scores every image of the snapshot that has features in {@code cache} but no zero-shot score
     * (every such image when the source changed).
     *
     * @throws org.regiontag.engine.job.JobCancelledException when cancelled; rows written stay valid
     */
    public static Update update(Database database, Backbone backbone, FeatureCache cache, ProgressListener listener,
            CancellationToken token) {
        ProjectData data = ProjectData.read(database);
        List<Category> categories = data.categories();
        if (categories.isEmpty()) {
            return new Update(0, 0);
        }
        String source = source(backbone, data.promptNames());
        Optional<String> stored = database.read(connection -> new SettingRepository(connection)
                .findSetting(SOURCE_SETTING));
        boolean sameSource = stored.isPresent() && stored.get().equals(source);

        List<ImageRecord> pending = new ArrayList<>();
        int upToDate = 0;
        for (int row = 0; row < data.images().size(); row++) {
            ImageRecord image = data.images().get(row);
            if (!cache.contains(image.sha256())) {
                continue;
            }
            if (sameSource && data.hasZeroShot(row)) {
                upToDate++;
            } else {
                pending.add(image);
            }
        }
        if (!sameSource) {
            database.inTransaction(connection -> {
                int removed = new ZeroShotRepository(connection).deleteAllZeroShotScores();
                new SettingRepository(connection).upsertSetting(SOURCE_SETTING, source);
                if (removed > 0) {
                    LOG.info("zero-shot source changed to {}; removed {} old scores", source, removed);
                }
                return null;
            });
        }
        if (pending.isEmpty()) {
            return new Update(0, upToDate);
        }

        float[][] prompts = backbone.promptEmbeddings(data.promptNames());
        EtaEstimator eta = new EtaEstimator("zero-shot", pending.size());
        int done = 0;
        for (int start = 0; start < pending.size(); start += IMAGES_PER_TRANSACTION) {
            token.throwIfCancelled();
            List<ZeroShotScore> scores = new ArrayList<>();
            int end = Math.min(pending.size(), start + IMAGES_PER_TRANSACTION);
            for (ImageRecord image : pending.subList(start, end)) {
                float[] global = readGlobal(cache, image.sha256());
                for (int c = 0; c < categories.size(); c++) {
                    scores.add(new ZeroShotScore(image.id(), categories.get(c).id(),
                            VectorMath.cosine(global, prompts[c])));
                }
            }
            database.inTransaction(connection -> {
                new ZeroShotRepository(connection).upsertZeroShotScores(scores);
                return null;
            });
            done = end;
            listener.onProgress(eta.progress(done));
        }
        LOG.info("computed zero-shot scores of {} images and {} categories", done, categories.size());
        return new Update(done, upToDate);
    }

    /**
     * Computes the zero-shot cosines of images without storing them, as benchmarks do on a project
     * they must not change.
     *
     * @param sha256s the images, each with an entry in {@code cache}
     * @return (images, categories) cosines
     */
    public static float[][] compute(Backbone backbone, FeatureCache cache, List<String> sha256s,
            List<String> promptNames) {
        float[][] prompts = backbone.promptEmbeddings(promptNames);
        float[][] cosines = new float[sha256s.size()][prompts.length];
        for (int i = 0; i < cosines.length; i++) {
            float[] global = readGlobal(cache, sha256s.get(i));
            for (int c = 0; c < prompts.length; c++) {
                cosines[i][c] = (float) VectorMath.cosine(global, prompts[c]);
            }
        }
        return cosines;
    }

    private static float[] readGlobal(FeatureCache cache, String sha256) {
        try {
            return cache.read(sha256).global();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the cached features of image " + sha256 + " failed", e);
        }
    }

    /**
     * Identifies what the scores depend on: the backbone's identity, the templates and the prompt
     * names in column order, hashed.
     */
    static String source(Backbone backbone, List<String> promptNames) {
        String identity = backbone.identity() + "\n" + String.join("\n", backbone.settings().promptTemplates())
                + "\n--\n" + String.join("\n", promptNames);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return backbone.identity() + "/prompts=" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Whether the stored zero-shot scores come from this backbone and these prompt names. */
    public static boolean isCurrent(Database database, Backbone backbone, List<String> promptNames) {
        String source = source(backbone, promptNames);
        return database.read(connection -> new SettingRepository(connection).findSetting(SOURCE_SETTING))
                .map(source::equals).orElse(false);
    }
}
