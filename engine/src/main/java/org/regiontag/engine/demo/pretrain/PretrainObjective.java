package org.regiontag.engine.demo.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.regiontag.engine.train.Tensors;

/**
 * The demo pretraining losses, summed:
 *
 * <ul>
 * <li><b>image-prompt</b>: binary cross-entropy of {@code imageScale·cos(image, prompt) + imageBias}
 *     against the multi-hot labels, for every image and category;
 * <li><b>patch-prompt</b>: the same form with its own scale and bias, for every dense-grid cell
 *     and category, against {@code min(1, 2·coverage)} of the cell, so that the dense features
 *     (and the heatmaps made from them) learn where each category is;
 * <li><b>caption</b>: CLIP's symmetric contrastive loss between images and their captions with
 *     the temperature {@code exp(logit_scale)}, weighted by {@link PretrainConfig#captionWeight()}.
 *     Captions that occur twice in a batch are positives of each other's images, not negatives.
 * </ul>
 *
 * <p>Every arithmetic with a Java number goes through {@link Tensors}, which keeps the scalar
 * alive for the backward pass.
 */
final class PretrainObjective {

    private PretrainObjective() {
    }

    /**
     * The loss terms of one step as tensors.
     *
     * @param total the sum that the backward pass starts from, {@code ()}
     * @param image the image-prompt term, {@code ()}
     * @param patch the patch-prompt term, {@code ()}
     * @param caption the caption term before its weight, {@code ()}, or {@code null} when off
     */
    record Terms(NDArray total, NDArray image, NDArray patch, NDArray caption) {
    }

    /**
     * Computes the terms.
     *
     * @param imageEmbeds {@code (batch, embedDim)}
     * @param denseFeatures {@code (batch, grid, grid, embedDim)}
     * @param promptEmbeds {@code (categories, embedDim)}, one prompt per category
     * @param labels {@code (batch, categories)} of 0 and 1
     * @param patchTargets {@code (batch, grid, grid, categories)} in [0, 1]
     * @param captionEmbeds {@code (batch, embedDim)}, or {@code null} without the caption term
     * @param captionTargets {@code (batch, batch)}: row {@code i} spreads 1 evenly over the images
     *     whose caption equals image {@code i}'s; {@code null} without the caption term
     * @param heads the learnable scales and biases and CLIP's {@code logit_scale}
     */
    static Terms compute(NDArray imageEmbeds, NDArray denseFeatures, NDArray promptEmbeds, NDArray labels,
            NDArray patchTargets, NDArray captionEmbeds, NDArray captionTargets, Heads heads, double captionWeight) {
        NDArray prompts = Tensors.l2Normalize(promptEmbeds).transpose(); // (embedDim, categories)

        NDArray imageCosine = Tensors.l2Normalize(imageEmbeds).matMul(prompts); // (batch, categories)
        NDArray imageLogits = imageCosine.mul(heads.imageScale()).add(heads.imageBias()); // (batch, categories)
        NDArray imageLoss = binaryCrossEntropy(imageLogits, labels); // ()

        NDArray patchCosine = Tensors.l2Normalize(denseFeatures).matMul(prompts); // (batch, grid, grid, categories)
        NDArray patchLogits = patchCosine.mul(heads.patchScale()).add(heads.patchBias()); // (batch, grid, grid, categories)
        NDArray patchLoss = binaryCrossEntropy(patchLogits, patchTargets); // ()

        NDArray total = imageLoss.add(patchLoss); // ()
        NDArray captionLoss = null;
        if (captionEmbeds != null) {
            NDArray images = Tensors.l2Normalize(imageEmbeds); // (batch, embedDim)
            NDArray captions = Tensors.l2Normalize(captionEmbeds); // (batch, embedDim)
            NDArray logits = images.matMul(captions.transpose()).mul(heads.logitScale().exp()); // (batch, batch)
            NDArray imageToCaption = softCrossEntropy(logits, captionTargets); // ()
            NDArray captionToImage = softCrossEntropy(logits.transpose(), captionTargets.transpose()); // ()
            captionLoss = Tensors.scale(imageToCaption.add(captionToImage), 0.5); // ()
            total = total.add(Tensors.scale(captionLoss, captionWeight)); // ()
        }
        return new Terms(total, imageLoss, patchLoss, captionLoss);
    }

    /** Mean binary cross-entropy with logits, {@code softplus(x) − y·x}, over every element; {@code ()}. */
    static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
        return Activation.softPlus(logits).sub(logits.mul(targets)).mean(); // ()
    }

    /** Mean over rows of {@code −Σ target · log softmax(logits)}; both {@code (rows, columns)}, result {@code ()}. */
    static NDArray softCrossEntropy(NDArray logits, NDArray targets) {
        NDArray logProbabilities = logits.logSoftmax(1); // (rows, columns)
        return logProbabilities.mul(targets).sum(new int[] {1}).mean().neg(); // ()
    }

    /**
     * The training-only parameters of the losses, each a 0-dimensional tensor that requires a
     * gradient, plus the model's {@code logit_scale}.
     */
    record Heads(NDArray imageScale, NDArray imageBias, NDArray patchScale, NDArray patchBias, NDArray logitScale) {
    }
}
