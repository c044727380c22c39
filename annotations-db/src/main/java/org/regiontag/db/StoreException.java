package org.regiontag.db;

/**
 * The project store failed in a way that is not the user's input: an SQL error, a full disk, a
 * file that another program locked. The message names the operation; the cause is the driver's.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
