package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * A parameter with the shape that the model's configuration gives it.
 *
 * @param parameter the DJL parameter that receives the array
 * @param shape its shape according to {@code config.json}
 */
public record NamedParameter(Parameter parameter, Shape shape) {
}
