package org.regiontag.app.services;

import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;

/** Loads a project's frozen backbone from its settings, resolving model names through a model locator. */
@FunctionalInterface
public interface ProjectBackbones {

    /**
     * Loads the backbone of {@code settings}; the caller closes it.
     *
     * @throws org.regiontag.db.UserInputException when the model cannot be found or loaded
     */
    Backbone open(BackboneSettings settings);

    /** Resolves models in the current user's model cache, the embedded demo model, or a folder. */
    static ProjectBackbones forUser() {
        return settings -> Backbone.open(settings, ModelLocator.forUser());
    }
}
