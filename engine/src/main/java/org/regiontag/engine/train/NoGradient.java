package org.regiontag.engine.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off on the current thread until closed, for inference on
 * trainable parameters. PyTorch's grad mode is per thread and starts on in new threads, so a
 * forward pass outside a gradient collector would otherwise record a graph it never uses.
 */
public final class NoGradient implements AutoCloseable {

    private final boolean previous;

    private NoGradient() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Disables gradient recording on this thread; close to restore the previous mode. */
    public static NoGradient enter() {
        return new NoGradient();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
