package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a Java number that autograd can differentiate through.
 *
 * <p>NOTE: DJL 0.36's {@code NDArray.mul(Number)} wraps the number in a tensor whose memory is a
 * Java direct buffer and closes that tensor as soon as the product exists. PyTorch's autograd keeps
 * the operand for the backward pass, which then reads memory the garbage collector may have freed.
 * Learned prompt contexts backpropagate through the text tower, whose blocks also close their
 * temporaries when each block ends, before the backward pass. So the constant here is made by
 * PyTorch itself ({@code full}): its memory belongs to PyTorch, which keeps it while autograd needs
 * it, whenever the DJL handle is closed.
 */
final class Scalars {

    private Scalars() {
    }

    /** array · factor, in the array's data type; same shape. */
    static NDArray scale(NDArray array, float factor) {
        NDArray constant = array.getManager().full(new Shape(), factor, array.getDataType()); // ()
        return array.mul(constant);
    }
}
