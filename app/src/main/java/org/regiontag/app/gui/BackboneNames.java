package org.regiontag.app.gui;

/** Short names of backbones for the status bar and the training window. */
public final class BackboneNames {

    private BackboneNames() {
    }

    /**
     * Returns the model's short name from a model version's backbone identity ({@code MODEL@CACHEKEY},
     * where the model is a name or a folder): the name, or the folder's last element.
     */
    public static String shortName(String backboneIdentity) {
        int at = backboneIdentity.lastIndexOf('@');
        String model = at > 0 ? backboneIdentity.substring(0, at) : backboneIdentity;
        int slash = Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\'));
        return slash >= 0 && slash < model.length() - 1 ? model.substring(slash + 1) : model;
    }
}
