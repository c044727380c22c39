package org.regiontag.app.gui;

import java.util.ArrayList;
import java.util.List;

/** Keeps the sentences view models send, so that tests can read them. */
public final class RecordingNotifier implements Notifier {

    public final List<String> infos = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();

    @Override
    public void info(String sentence) {
        infos.add(sentence);
    }

    @Override
    public void error(String sentence) {
        errors.add(sentence);
    }
}
