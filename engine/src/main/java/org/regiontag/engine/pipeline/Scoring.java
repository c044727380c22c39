package org.regiontag.engine.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.train.FeatureBatch;
import org.regiontag.engine.train.FeatureSource;
import org.regiontag.engine.train.ModelSpec;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.proto.CellScorer;
import org.regiontag.engine.train.proto.CellScores;
import org.regiontag.engine.train.text.EmbeddingTextSide;

/**
 * Runs a trained model version over cached features, without gradients: the model's probability and
 * the prototype scores of every cell.
 *
 * <p>The version's saved g⁺ and g⁻ stand in for its prompt learner, so scoring needs neither the text
 * encoder nor a gradient collector and may run on any thread.
 */
public final class Scoring {

    /** Images per forward pass. */
    static final int BATCH_SIZE = 64;
    /** Images between two progress reports: a fraction of a second on a CPU at ViT-B/16 sizes. */
    static final int CHUNK = 256;

    private Scoring() {
    }

    /**
     * Builds a version's model in {@code manager}: its trained tensors, with learnable embeddings
     * fixed at its g⁺ and g⁻ in place of the prompt learner.
     */
    public static TrmModel model(NDManager manager, VersionContents contents) {
        ModelSpec spec = new ModelSpec(contents.positive(),
                EmbeddingTextSide.factory(contents.positive(), contents.negative()));
        return TrmModel.create(manager, DataType.FLOAT32, contents.config(), spec, contents.parameters());
    }

    /**
     * Scores every image of {@code features}, reporting progress as phase {@code score}.
     *
     * @param contents a trained version
     * @throws org.regiontag.engine.job.JobCancelledException when cancelled
     */
    public static CellScores score(VersionContents contents, FeatureSource features, Device device,
            ProgressListener listener, CancellationToken token) {
        int images = features.size();
        int categories = contents.positive().length;
        float[][] probability = new float[images][];
        float[][] visual = new float[images][];
        float[][] text = new float[images][];
        float[][] fused = new float[images][];
        float[][] margin = new float[images][];
        EtaEstimator eta = new EtaEstimator("score", images);
        try (NDManager manager = Djl.newBaseManager(device)) {
            TrmModel model = model(manager, contents);
            CellScorer scorer = new CellScorer(model, contents.config().prototypes() ? contents.prototypes() : null,
                    contents.config().visualFusionWeight());
            for (int start = 0; start < images; start += CHUNK) {
                token.throwIfCancelled();
                int end = Math.min(images, start + CHUNK);
                CellScores chunk = scorer.score(new RowRange(features, start, end), BATCH_SIZE, token);
                for (int i = start; i < end; i++) {
                    probability[i] = chunk.probability()[i - start];
                    visual[i] = chunk.visualScore()[i - start];
                    text[i] = chunk.textScore()[i - start];
                    fused[i] = chunk.fusedScore()[i - start];
                    margin[i] = chunk.margin()[i - start];
                }
                listener.onProgress(eta.progress(end));
            }
        }
        if (images == 0) {
            return new CellScores(new float[0][categories], new float[0][], new float[0][], new float[0][],
                    new float[0][]);
        }
        return new CellScores(probability, visual, text, fused, margin);
    }

    /** Rows {@code start} to {@code end} of another source. */
    private record RowRange(FeatureSource source, int start, int end) implements FeatureSource {

        @Override
        public int size() {
            return end - start;
        }

        @Override
        public int gridHeight() {
            return source.gridHeight();
        }

        @Override
        public int gridWidth() {
            return source.gridWidth();
        }

        @Override
        public int embedDim() {
            return source.embedDim();
        }

        @Override
        public FeatureBatch load(NDManager manager, int[] rows) {
            int[] shifted = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                shifted[i] = rows[i] + start;
            }
            return source.load(manager, shifted);
        }
    }
}
