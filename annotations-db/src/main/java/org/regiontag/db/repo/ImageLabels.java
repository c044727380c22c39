package org.regiontag.db.repo;

import java.util.List;

/**
 * An image with its working labels.
 *
 * @param image the image
 * @param labels its known cells, by category id
 */
public record ImageLabels(ImageRecord image, List<Label> labels) {

    public ImageLabels {
        labels = List.copyOf(labels);
    }
}
