package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.regiontag.engine.clip.TransformerConfig;

/**
 * A stack of {@link ResidualAttentionBlock}s.
 *
 * <p>Input {@code (batch, tokens, width)} and an optional {@code (tokens, tokens)} additive mask;
 * output {@code (batch, tokens, width)}.
 */
public final class ClipTransformer extends ClipBaseBlock {

    private final List<ResidualAttentionBlock> resblocks = new ArrayList<>();

    public ClipTransformer(TransformerConfig config) {
        for (int i = 0; i < config.layers(); i++) {
            resblocks.add(addChildBlock("resblocks_" + i, new ResidualAttentionBlock(config)));
        }
    }

    /** Number of blocks. */
    public int layers() {
        return resblocks.size();
    }

    /** Returns the block at {@code index}, for callers that need one block's variant (MaskCLIP's value path). */
    public ResidualAttentionBlock block(int index) {
        return resblocks.get(index);
    }

    /**
     * Runs blocks {@code [0, end)}. Each block's intermediate arrays are closed when the block
     * ends, so a forward pass holds one block's temporaries at a time rather than all of them
     * (autograd keeps what a backward pass needs on its own).
     *
     * @param x {@code (batch, tokens, width)}
     * @param attnMask {@code (tokens, tokens)} additive mask, or {@code null}
     * @param end number of blocks to run, at most {@link #layers()}
     * @return {@code (batch, tokens, width)}
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray attnMask, int end, boolean training) {
        NDArray hidden = x;
        for (int i = 0; i < end; i++) {
            hidden = forwardScoped(resblocks.get(i), store, hidden, attnMask, training); // (batch, tokens, width)
        }
        return hidden;
    }

    private static NDArray forwardScoped(ResidualAttentionBlock block, ParameterStore store, NDArray x,
            NDArray attnMask, boolean training) {
        NDArray output;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            output = block.forward(store, x, attnMask, training); // (batch, tokens, width)
            NDScope.unregister(output);
        }
        // Hands the output to the caller's scope, if there is one, so it is closed with the caller's step.
        NDScope.register(output);
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(forward(store, inputs.get(0), mask, resblocks.size(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (ResidualAttentionBlock block : resblocks) {
            block.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        for (int i = 0; i < resblocks.size(); i++) {
            resblocks.get(i).collectParameters(prefix + "resblocks." + i + ".", into);
        }
    }
}
