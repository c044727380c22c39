package org.regiontag.engine.models;

import org.regiontag.db.UserInputException;

/**
 * A download failed for a reason outside the program (the network, the server, the disk, a
 * file whose digest does not match). It is reported like invalid input: one line with the cause
 * and what to do, exit status 1, because no bug report would help.
 */
public final class DownloadException extends UserInputException {

    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
